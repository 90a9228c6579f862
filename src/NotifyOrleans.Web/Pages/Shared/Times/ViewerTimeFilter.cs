using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Filters;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Infrastructure.Identity;

namespace NotifyOrleans.Web.Pages.Shared.Times;

/// <summary>
/// Before a page's handler runs, reads the signed-in person's time zone from their user grain
/// into <see cref="ViewerTime"/>: once per page request, and the page and its partials then
/// format times without waiting on anything.
/// </summary>
public sealed class ViewerTimeFilter(ViewerTime times, UserManager<AppUser> users, IGrainFactory grains) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (users.GetUserId(context.HttpContext.User) is { } userId)
        {
            var snapshot = await grains.GetGrain<IUserGrain>(userId).GetSnapshotAsync(context.HttpContext.RequestAborted);
            times.Use(LocalTimes.Zone(snapshot.Preferences.TimeZoneId));
        }

        await next();
    }
}
