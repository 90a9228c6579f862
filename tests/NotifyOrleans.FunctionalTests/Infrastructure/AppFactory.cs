using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>
/// The real app, in process, with its Orleans silo, on its own fresh database. Everything is
/// production code except the database location, the silo port, the clock (when a test passes
/// one) and the key-ring certificate (<see cref="TestKeyRing"/>). Two factories on one <see cref="TestDatabase"/> are two nodes.
/// </summary>
public class AppFactory(DatabaseProvider provider, TimeProvider? clock = null, TestDatabase? sharedDatabase = null,
    Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = sharedDatabase ?? new TestDatabase(provider);
    private readonly bool _ownsDatabase = sharedDatabase is null;

    public DatabaseProvider Provider => provider;

    /// <summary>Run the outbox dispatcher as the app does, in the background (set before first use).</summary>
    public bool BackgroundDispatcher { get; init; }
    public string ConnectionString => _database.ConnectionString;

    public int SiloPort { get; } = Repository.ListenPort();

    /// <summary>Settings as an operator gives them (appsettings or environment), beside the test's own.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The app's warnings and errors, for failure messages: what the server saw when a request broke.</summary>
    public LogCollector Problems { get; } = new(LogLevel.Warning);

    public string ProblemsText => string.Join("\n", Problems.Lines.TakeLast(20));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("Database:ConnectionString", _database.ConnectionString);
        // Each host is a silo of its own; on PostgreSQL, hosts on one database form one cluster.
        builder.UseSetting("Orleans:SiloPort", SiloPort.ToString());
        builder.UseSetting("Orleans:AdvertisedAddress", "127.0.0.1"); // every test node on this machine, as meant
        // Tests drive delivery themselves (DispatchOnceAsync) unless they ask for the background dispatcher.
        builder.UseSetting("Delivery:DispatcherEnabled", BackgroundDispatcher ? "true" : "false");
        builder.UseSetting("Delivery:PollInterval", "00:00:00.100");
        builder.UseSetting("ConfigurationBackup:Folder", Path.Combine(Path.GetTempPath(), "notifyorleans-test-backups", Guid.NewGuid().ToString("N")));
        builder.UseSetting("Links:PublicUrl", "http://localhost"); // the test server's address: notification links open in its client
        builder.UseSetting(TestKeyRing.Setting, TestKeyRing.CertificatePath);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Problems);
            if (clock is not null) UseTestClock(services, clock);
            configureServices?.Invoke(services);
        });
    }

    /// <summary>
    /// The test's clock for the app, its grains and their reminders; real time for Orleans' own
    /// machinery. On the test's clock, a test moving it ten minutes timed out whatever grain call
    /// was in flight (a start-up check on a slow CI run) and could collect activations or vote a
    /// silo dead.
    /// </summary>
    private static void UseTestClock(IServiceCollection services, TimeProvider clock)
    {
        services.AddSingleton(clock);
        foreach (var machinery in (string[])[TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
                     TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory])
            services.AddKeyedSingleton(machinery, TimeProvider.System);
    }

    public HttpClient CreateBrowserlikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private IHost? _host;

    protected override IHost CreateHost(IHostBuilder builder) => _host = base.CreateHost(builder);

    /// <summary>
    /// Stops the app through its own <c>app.Run()</c> and waits for that, before the factory stops
    /// it too. Stopped by both at once, Orleans' second stop waits for the first in whole seconds
    /// (<c>Silo.StopAsync</c>): a second added to most tests' end, measured.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        var host = _host;
        _host = null; // once: disposed twice, the host's services are gone
        if (host is not null)
        {
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            var stopped = new TaskCompletionSource();
            using (lifetime.ApplicationStopped.Register(() => stopped.TrySetResult()))
            {
                lifetime.StopApplication();
                await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase) _database.Dispose();
    }
}
