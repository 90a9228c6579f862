using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

namespace NotifyOrleans.FunctionalTests.Console;

public abstract class MyNotificationsTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    [Fact]
    public async Task A_user_saves_their_time_zone_and_login_email_preference_in_their_grain()
    {
        var admin = await SetUpAdminAsync();

        var response = await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string>
        {
            ["Input.TimeZoneId"] = "Europe/Paris", ["Input.EmailOnOwnLogin"] = "false",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var adminId = await QueryAsync(db => db.Users.Select(u => u.Id).SingleAsync());
        var snapshot = await App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(adminId).GetSnapshotAsync();
        Assert.Equal(new NotificationPreferences("Europe/Paris", EmailOnOwnLogin: false), snapshot.Preferences);
        var page = await admin.GetDocumentAsync("/Account/Notifications");
        Assert.Equal("Europe/Paris", page.QuerySelector("#Input_TimeZoneId option[selected]")!.GetAttribute("value"));
        Assert.False(page.QuerySelector("#Input_EmailOnOwnLogin")!.HasAttribute("checked"));
        Assert.EndsWith("(Europe/Paris)", page.QuerySelector("#last-saved")!.TextContent); // in their own zone, as their emails
    }

    [Theory]
    [InlineData("Atlantis/Capital")]
    [InlineData("")]
    public async Task An_unknown_time_zone_gets_a_message_and_nothing_changes(string zone)
    {
        var admin = await SetUpAdminAsync();
        var before = await UserStatesAsync(); // Setup's sign-in is recorded there

        var response = await admin.SubmitAsync("/Account/Notifications", new Dictionary<string, string> { ["Input.TimeZoneId"] = zone });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await FormClient.ParseAsync(response);
        Assert.Contains("Choose a time zone", page.QuerySelector("[data-field-error='Input.TimeZoneId']")!.TextContent);
        Assert.Equal(before, await UserStatesAsync());
    }

    private Task<List<(string, DateTimeOffset?)>> UserStatesAsync() =>
        QueryAsync(async db => (await db.UserStates.AsNoTracking().ToListAsync()).Select(s => (s.TimeZoneId, s.PreferencesUpdatedAt)).ToList());
}

public sealed class MyNotificationsTestsOnSqlite() : MyNotificationsTests(DatabaseProvider.Sqlite);
// SQLite only: the page saves through the user's grain, whose preferences UserNotificationsApiTests set on both databases.
