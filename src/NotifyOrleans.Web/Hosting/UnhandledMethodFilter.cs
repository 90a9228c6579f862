using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// A page asked with a method none of its handlers takes (a PUT to an Acknowledge link, as an ntfy
/// action can be set to send) is a 405 naming the methods it takes. Razor Pages otherwise renders
/// the page without running any handler, with nothing loaded: a 500.
/// </summary>
public sealed class UnhandledMethodFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is not null || HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) return next();
        var taken = context.ActionDescriptor.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).Append("GET").Append("HEAD").Distinct();
        context.HttpContext.Response.Headers.Allow = string.Join(", ", taken);
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        return Task.CompletedTask;
    }
}
