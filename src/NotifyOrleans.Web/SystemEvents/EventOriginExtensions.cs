using Microsoft.Net.Http.Headers;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Web.SystemEvents;

public static class EventOriginExtensions
{
    /// <summary>
    /// The caller's address and browser. Behind a proxy, configure ForwardedHeaders so
    /// RemoteIpAddress is the client's and not the proxy's (README, "Running behind a proxy").
    /// </summary>
    public static EventOrigin GetEventOrigin(this HttpContext context) => new(
        context.Connection.RemoteIpAddress?.ToString(),
        context.Request.Headers[HeaderNames.UserAgent].ToString() is { Length: > 0 } agent ? agent : null,
        context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null);
}
