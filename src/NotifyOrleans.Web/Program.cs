using NotifyOrleans.Infrastructure.ConfigurationBackups;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Retention;
using NotifyOrleans.Infrastructure.Subscriptions;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Web.Api;
using NotifyOrleans.Web.Badges;
using NotifyOrleans.Web.FirstRun;
using NotifyOrleans.Web.Hosting;
using NotifyOrleans.Web.Identity;
using Orleans.Dashboard;

if (await CommandLine.AnswersWithoutTheAppAsync(args)) return; // help, health, or a mistyped command
StartFailures.SaidInOneLine(); // a bad setting, a database out of reach: one line and exit 1, not a stack trace

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables(prefix: "NotifyOrleans__");
builder.AddStructuredLogging(args);
builder.ServeStaticAssetsFromBuildOutput();

builder.Services.AddPersistence(builder.Configuration);
builder.AddGrains(silo => silo.AddDashboard());
builder.Services.AddDelivery();
builder.Services.AddSubscriptions();
builder.Services.AddSystemEvents();
builder.Services.AddConfigurationBackups();
builder.Services.AddRetention(builder.Configuration);
builder.Services.AddIngest();
builder.Services.AddManagementApi();
builder.Services.AddPrometheusMetrics();
builder.Services.AddConsoleIdentity(builder.Configuration);
builder.Services.AddConsole();

var app = builder.Build();
app.EndWhenStarted();
app.SaysWhatStarted(); // version, database, silo, cluster: one line once the node answers
// Each refusal below is one line of the log, and the process exits with 1.
if (!CommandLine.IsCommand(args) && !app.ListenAddressesAreFree()) return; // another NotifyOrleans (or program) holds the port: before anything is written
if (!CommandLine.IsCommand(args) && !app.HoldsTheSqliteDatabase()) return; // another node runs on the same SQLite file
if (!app.KeyRingCertificateLoads()) return; // a certificate configured but missing, or its password wrong
if (!await app.MigrateDatabaseAsync()) return; // a SQLite database a newer version has migrated
await app.SeedRolesAsync();
if (await app.RunCommandAsync(args)) return;
if (!await app.KeyRingOpensTheStoredKeysAsync()) return; // the stored keys are encrypted for a certificate this node lacks
await app.EnsureDataProtectionKeyAsync(); // by a node, not a command run from a shell without the key ring's certificate
await app.ProtectStoredTokensAsync(); // authenticator keys an earlier version stored as they were

app.UseRequestLogging();
app.UseSecurityHeaders();
app.UseConsoleErrorPages();
app.UseRouting(); // here, so that the ingest API (short-circuited) skips what follows
app.UseFirstRunSetup();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery(); // after routing: left to itself, WebApplication adds it at the start, before the endpoint is known
app.UseClusterDashboard();

app.MapHealthz().QuietInRequestLog();
app.MapIngestApi();
app.MapManagementApi();
app.MapPrometheusMetrics();
app.MapBadges().QuietInRequestLog();
app.MapStaticAssets().AllowAnonymous().QuietInRequestLog();
app.MapRazorPages().WithStaticAssets();

app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
