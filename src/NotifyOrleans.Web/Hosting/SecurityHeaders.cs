namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// Headers every answer carries: no page of the console may be framed by another origin (a
/// signed-in admin's Users page in an invisible frame is a clickjacking target; another port of the
/// same host is another origin), no type sniffing, and no address sent on to other sites (an
/// acknowledge link's address carries its signed token).
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XFrameOptions = "SAMEORIGIN"; // set first: antiforgery then adds no second one
        headers.ContentSecurityPolicy = "frame-ancestors 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return next(context);
    });
}
