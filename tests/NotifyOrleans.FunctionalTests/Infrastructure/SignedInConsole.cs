using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>
/// One app for a whole test class whose tests only look: the first admin set up and a member
/// created and signed in, once. A test that changes what the others would see (a setting, a user,
/// a job) belongs on <see cref="ConsoleTestBase"/>'s app of its own instead.
/// </summary>
/// <remarks>
/// Starting an app costs about a second of CPU (its silo, its services, and the full garbage
/// collection Orleans makes as it starts, which stops every other test of the run meanwhile).
/// </remarks>
public sealed class SignedInConsole() : ConsoleTestBase(DatabaseProvider.Sqlite), IAsyncLifetime
{
    public FormClient Admin { get; private set; } = null!;
    public FormClient Member { get; private set; } = null!;

    /// <summary>A client that has not signed in.</summary>
    public FormClient Anonymous() => NewClient();

    public async Task InitializeAsync()
    {
        Admin = await SetUpAdminAsync();
        await CreateMemberAsync(Admin);
        Member = await LoginAsync(MemberEmail, MemberPassword);
    }

    public Task DisposeAsync() => Task.CompletedTask; // the app goes with ConsoleTestBase.Dispose
}
