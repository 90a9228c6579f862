using System.Net.Http.Json;
using System.Text.Json;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// <c>health [--url URL]</c>: asks a running node's <c>/healthz</c> and says what it answered, in one
/// line; exit 0 when it is healthy, 1 when it is not or does not answer. Docker's HEALTHCHECK runs it
/// (the runtime image has no curl or wget), and so can a script. It reads the address the node
/// listens on from the same setting the node does, so it needs no option inside a container or
/// beside <c>./run.sh</c>, and it builds no app: no database is opened for it.
/// </summary>
public static class HealthCommand
{
    /// <summary>Long enough for a node busy with a burst, short enough for Docker's own timeout (5 s in the Dockerfile).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(4);

    public const string Usage = "usage: health [--url http://HOST:PORT]";

    /// <param name="args">The command line, "health" first.</param>
    /// <returns>The exit code: 0 healthy, 1 unhealthy or no answer, 2 a mistyped option.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var (options, problem) = CommandOptions.Read(args, named: ["url"], words: 1);
        if (options is null) return Say($"{problem}\n{Usage}", 2);
        var node = options["url"] ?? NodeAddress(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        if (!Uri.TryCreate(node, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            return Say($"--url is an http:// or https:// address, like http://127.0.0.1:5000; not '{node}'.", 2);

        var healthz = new Uri(baseUri, "/healthz");
        using var http = new HttpClient { Timeout = Patience };
        try
        {
            using var response = await http.GetAsync(healthz);
            var status = await StatusAsync(response);
            var healthy = response.IsSuccessStatusCode && status == "Healthy";
            return Say($"{status ?? $"HTTP {(int)response.StatusCode}"}: {healthz}", healthy ? 0 : 1);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            var why = exception is TaskCanceledException ? $"no answer within {Patience.TotalSeconds:0} s" : exception.Message;
            return Say($"No answer from {healthz}: {why}", 1);
        }
    }

    /// <summary>
    /// Where to reach the node on this machine: the first address of <c>ASPNETCORE_URLS</c> (an http
    /// one if there is), with a listen-everywhere host (<c>+</c>, <c>*</c>, 0.0.0.0, [::]) read as the
    /// loopback; else <c>ASPNETCORE_HTTP_PORTS</c>' first port; else Kestrel's default, port 5000.
    /// </summary>
    internal static string NodeAddress(string? urls, string? httpPorts)
    {
        var listed = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if ((listed.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? listed.FirstOrDefault()) is { } url)
        {
            var address = BindingAddress.Parse(url);
            var host = address.Host is "+" or "*" or "0.0.0.0" ? "127.0.0.1" : address.Host == "[::]" ? "[::1]" : address.Host;
            return $"{address.Scheme}://{host}:{address.Port}";
        }

        var port = (httpPorts ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "5000";
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>The <c>status</c> of /healthz's JSON, or null for an answer that is not it (another program on the port).</summary>
    private static async Task<string?> StatusAsync(HttpResponseMessage response)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("status", out var status) ? status.GetString() : null;
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A healthy answer on standard output, anything else on standard error.</summary>
    private static int Say(string line, int exitCode)
    {
        (exitCode == 0 ? Console.Out : Console.Error).WriteLine(line);
        return exitCode;
    }
}
