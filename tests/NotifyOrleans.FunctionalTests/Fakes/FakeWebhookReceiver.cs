using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>Any HTTP endpoint: records what it receives; answers 200 unless told otherwise.</summary>
public sealed class FakeWebhookReceiver : FakeServer
{
    public List<(string Method, string Body, IHeaderDictionary Headers)> Received { get; } = [];

    /// <summary>Answer 429 with this Retry-After (seconds) to the next request.</summary>
    public int? NextRetryAfter { get; set; }

    /// <summary>How long to wait before answering (a slow destination).</summary>
    public TimeSpan Delay { get; set; }

    private int _started;

    /// <summary>Requests that arrived, answered or not (a slow answer is still in flight).</summary>
    public int Started => Volatile.Read(ref _started);

    protected override void Map(WebApplication app) => app.Map("/{**path}", async (HttpContext context) =>
    {
        Interlocked.Increment(ref _started);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, context.RequestAborted);
        if (NextRetryAfter is { } seconds)
        {
            NextRetryAfter = null;
            context.Response.Headers.RetryAfter = seconds.ToString();
            return Results.StatusCode(429);
        }

        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        lock (Received) Received.Add((context.Request.Method, body, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
        return Results.Ok();
    });
}
