using System.Net;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure;
using Orleans.Configuration;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// Before anything starts: nothing else listens where this node would. A second <c>./run.sh</c>, or
/// another program on port 5000, used to get half-way (the silo started, then the web server's bind
/// failed) and stop with pages of stack traces from the teardown; now it says which address is taken
/// and which setting moves it, in one line, and exits with 1.
/// </summary>
public static class ListenAddressCheck
{
    public static bool ListenAddressesAreFree(this WebApplication app) =>
        app.GoesOnUnless(WebAddresses(app.Configuration).Append(SiloAddress(app.Services))
            .Where(listen => Ports.IsListenedOn(listen.Endpoint))
            .Select(taken => $"{taken.Address} is in use by another process: is NotifyOrleans already running? Stop it, or give this node another address ({taken.Setting}).")
            .FirstOrDefault(), app.Environment.ApplicationName);

    /// <summary>The web server's addresses, as Kestrel reads them (<c>ASPNETCORE_URLS</c>: the <c>urls</c> key), with a fixed port.</summary>
    private static IEnumerable<(IPEndPoint Endpoint, string Address, string Setting)> WebAddresses(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey] ?? "";
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = BindingAddress.Parse(url);
            if (address.IsUnixPipe || address.Port == 0) continue;
            // Kestrel binds an IP as given, localhost on the loopback, and any other name ("+", "*") on every address.
            var ip = IPAddress.TryParse(address.Host.Trim('[', ']'), out var parsed) ? parsed
                : string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : IPAddress.Any;
            yield return (new IPEndPoint(ip, address.Port), url, "ASPNETCORE_URLS; NOTIFYORLEANS_URLS for ./run.sh");
        }
    }

    private static (IPEndPoint Endpoint, string Address, string Setting) SiloAddress(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var endpoint = options.SiloListeningEndpoint ?? new IPEndPoint(options.AdvertisedIPAddress, options.SiloPort);
        return (endpoint, $"The silo port {endpoint.Port} ({endpoint})", "NotifyOrleans__Orleans__SiloPort");
    }
}
