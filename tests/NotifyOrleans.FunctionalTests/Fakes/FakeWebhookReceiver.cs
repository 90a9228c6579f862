using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>Any HTTP endpoint: records what it receives; answers 200 unless told otherwise.</summary>
public sealed class FakeWebhookReceiver : FakeServer
{
    public List<(string Method, string Body, IHeaderDictionary Headers)> Received { get; } = [];

    /// <summary>Answer 429 with this Retry-After (seconds) to the next request.</summary>
    public int? NextRetryAfter { get; set; }

    /// <summary>Answer every request with a 302 to this address (an http URL of an https-only service, a sign-in page in front).</summary>
    public string? RedirectTo { get; set; }

    /// <summary>A request whose body contains this is answered 422 with an error that echoes the request (its path, query and headers), as many receivers do.</summary>
    public string? RefuseBodyContaining { get; set; }

    /// <summary>A request whose body contains this is answered 500: a receiver that chokes on one payload and takes the others.</summary>
    public string? FailBodyContaining { get; set; }

    /// <summary>Send the status line and headers, then nothing more (a proxy or app that hangs mid-answer).</summary>
    public bool StallAfterHeaders { get; set; }

    /// <summary>How long to wait before answering (a slow destination).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>A request whose body contains this waits for <see cref="ReleaseHeld"/>: a destination stuck on one message.</summary>
    public string? HoldBodyContaining { get; set; }

    /// <summary>Runs as each request arrives, before it is answered: a test's clock moving on while a destination takes its time.</summary>
    public Func<Task>? OnRequest { get; set; }

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseHeld() => _release.TrySetResult();

    private int _started;

    /// <summary>Requests that arrived, answered or not (a slow answer is still in flight).</summary>
    public int Started => Volatile.Read(ref _started);

    protected override void Map(WebApplication app) => app.Map("/{**path}", async (HttpContext context) =>
    {
        Interlocked.Increment(ref _started);
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        if (OnRequest is { } onRequest) await onRequest();
        if (HoldBodyContaining is { } held && body.Contains(held, StringComparison.Ordinal)) await _release.Task.WaitAsync(context.RequestAborted);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, context.RequestAborted);
        if (StallAfterHeaders)
        {
            context.Response.ContentLength = 100;
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        if (RefuseBodyContaining is { } refused && body.Contains(refused, StringComparison.Ordinal))
            return Results.Text($"Cannot {context.Request.Method} {context.Request.Path}{context.Request.QueryString}: unprocessable body; headers "
                + string.Join(", ", context.Request.Headers.Select(h => $"\"{h.Key}\": \"{h.Value}\"")), statusCode: 422);

        if (FailBodyContaining is { } failing && body.Contains(failing, StringComparison.Ordinal)) return Results.StatusCode(500);

        if (RedirectTo is { } location)
        {
            lock (Received) Received.Add((context.Request.Method, body, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
            return Results.Redirect(location);
        }

        if (NextRetryAfter is { } seconds)
        {
            NextRetryAfter = null;
            context.Response.Headers.RetryAfter = seconds.ToString();
            return Results.StatusCode(429);
        }

        lock (Received) Received.Add((context.Request.Method, body, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
        return Results.Ok();
    });
}
