using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>
/// A fresh app and database per test. Each test class derives once per provider it runs on
/// (<c>...OnSqlite</c>, <c>...OnPostgres</c>): both, where what is tested goes through the
/// database's own behaviour (queries, time stamps, transactions, grains and reminders); SQLite
/// alone, where a page's work is in memory or another class tests the same store on both (each
/// such class says which). A PostgreSQL test costs about twice the CPU of its SQLite twin, and
/// the suite has a CI time limit.
/// </summary>
public abstract class ConsoleTestBase(DatabaseProvider provider, Action<IServiceCollection>? configureServices = null, TimeProvider? clock = null) : IDisposable
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "Correct-Horse-9";
    public const string MemberEmail = "member@example.test";
    public const string MemberPassword = "Battery-Staple-7";

    protected AppFactory App { get; } = new(provider, clock, configureServices: configureServices);

    protected FormClient NewClient() => new(App.CreateBrowserlikeClient(), () => App.ProblemsText);

    /// <summary>Completes first-run setup and returns the admin's signed-in client.</summary>
    protected async Task<FormClient> SetUpAdminAsync()
    {
        var client = NewClient();
        var response = await client.SubmitAsync("/Setup", new Dictionary<string, string>
        {
            ["Input.Email"] = AdminEmail,
            ["Input.DisplayName"] = "Ada Admin",
            ["Input.Password"] = AdminPassword,
            ["Input.ConfirmPassword"] = AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    protected async Task CreateMemberAsync(FormClient admin, string email = MemberEmail, string password = MemberPassword)
    {
        var response = await admin.SubmitAsync("/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "Max Member",
            ["Input.Role"] = "Member",
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    protected async Task<HttpResponseMessage> PostLoginAsync(FormClient client, string email, string password) =>
        await client.SubmitAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }, "form#account");

    protected async Task<FormClient> LoginAsync(string email, string password)
    {
        var client = NewClient();
        var response = await PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    protected async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = App.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    protected Task<int> CountUsersAsync() => QueryAsync(db => db.Users.CountAsync());

    protected Task<string> UserIdAsync(string email) => QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    public void Dispose()
    {
        App.Dispose();
        GC.SuppressFinalize(this);
    }
}
