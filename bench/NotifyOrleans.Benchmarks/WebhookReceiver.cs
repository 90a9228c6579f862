using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// A local webhook for the delivery benchmarks: answers every POST to <see cref="Url"/> at once and
/// counts it, or, started with <c>answers: false</c>, takes the request and never answers.
/// </summary>
sealed class WebhookReceiver(WebApplication app) : IAsyncDisposable
{
    private int _received;

    public string Url { get; private set; } = "";
    public int Count => Volatile.Read(ref _received);

    public static async Task<WebhookReceiver> StartAsync(bool answers = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (CancellationToken aborted) =>
        {
            Interlocked.Increment(ref receiver._received);
            if (!answers) await Task.Delay(Timeout.Infinite, aborted);
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
