using Microsoft.AspNetCore.Mvc.Filters;

namespace NotifyOrleans.Web.Identity;

/// <summary>
/// The stock logout page redirects to its <c>returnUrl</c> with <c>LocalRedirect</c>, which throws
/// for another site's address: a 500, and the person stayed signed in. Such an address is dropped
/// before the handler runs, so the logout happens and ends on the logout page.
/// </summary>
public sealed class LogoutReturnGuard : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.ActionDescriptor is { AreaName: "Identity", ViewEnginePath: "/Account/Logout" }
            && context.HandlerArguments.TryGetValue("returnUrl", out var value) && value is string returnUrl
            && !new Microsoft.AspNetCore.Mvc.Routing.UrlHelper(context).IsLocalUrl(returnUrl))
            context.HandlerArguments["returnUrl"] = null;
        return next();
    }
}
