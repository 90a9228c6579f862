using Microsoft.AspNetCore.Connections;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// A client that hangs up (a probe that times out, an upload cut off mid-body) is the client's
/// doing: logged at Debug and answered with a 4xx, never reported as a fault of ours.
/// </summary>
public sealed class ClientAbortMiddleware(RequestDelegate next, ILogger<ClientAbortMiddleware> logger)
{
    /// <summary>nginx's "client closed request": nobody reads it, but the request log shows why it ended.</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>Set on a request this middleware saw the client end, so its request log line is Debug too.</summary>
    private static readonly object EndedByClientKey = new();

    public static bool WasEndedByClient(HttpContext context) => context.Items.ContainsKey(EndedByClientKey);

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (IsClientsDoing(context, exception))
        {
            context.Items[EndedByClientKey] = true;
            logger.LogDebug("The client ended {Method} {Path} early: {Reason}", context.Request.Method, LoggedPaths.Mask(context.Request.Path), exception.Message);
            if (context.Response.HasStarted) return;
            context.Response.Clear();
            context.Response.StatusCode = exception is BadHttpRequestException bad ? bad.StatusCode : ClientClosedRequest;
        }
    }

    /// <summary>A reset connection is the client's doing even before Kestrel has flagged the request as aborted.</summary>
    private static bool IsClientsDoing(HttpContext context, Exception exception) =>
        exception is BadHttpRequestException or ConnectionResetException
        || (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested);
}
