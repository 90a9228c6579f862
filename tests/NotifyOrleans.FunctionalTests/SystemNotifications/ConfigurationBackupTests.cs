using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Channels.Email;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.ConfigurationBackups;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.SystemNotifications;

/// <summary>
/// Configuration Backup: an export made from the console, imported on a fresh instance from its
/// console, reproduces the configuration and works (a Test on an imported channel reaches the real
/// SMTP server with the imported password, a backup tool keeps reporting with its key).
/// </summary>
public abstract class ConfigurationBackupTests : ConsoleTestBase, IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple";
    private readonly DatabaseProvider _provider;
    private SmtpServer _smtp = null!;

    /// <summary>Each test's own: the SQLite and PostgreSQL classes run side by side, and each test deletes its folder at the end.</summary>
    private string Folder { get; }

    protected ConfigurationBackupTests(DatabaseProvider provider) : this(provider, Path.Combine(Path.GetTempPath(), "notifyorleans-config-tests-" + Guid.NewGuid().ToString("N")))
    {
    }

    private ConfigurationBackupTests(DatabaseProvider provider, string folder) : base(provider, Configure(folder, Passphrase)) => (_provider, Folder) = (provider, folder);

    private static Action<IServiceCollection> Configure(string folder, string? passphrase) =>
        services => services.PostConfigure<ConfigurationBackupOptions>(o => { o.Folder = folder; o.Passphrase = passphrase; });

    public async Task InitializeAsync() => _smtp = await SmtpServer.StartAsync("starttls", auth: true);

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    /// <summary>This instance configured as a user would: a mail channel with a password, a webhook, a job, system notifications, a member, a key.</summary>
    private async Task<(FormClient Admin, string Key, Guid Mail)> ConfigureSourceAsync()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var harness = new DeliveryHarness(App);
        var mail = await harness.AddChannelAsync("Ops mail", new EmailSettings
        {
            Host = "localhost", Port = _smtp.Port, Security = SmtpSecurity.StartTls, Username = SmtpServer.User, Password = SmtpServer.Password,
            From = "hub@example.test", To = "ops@example.test", AllowUntrustedCertificate = true,
        });
        var hook = await harness.AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/hook?token=s3cret" });
        var api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
        var (jobStatus, _, _) = await api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/photos", $$"""
            {"assignments":[{"channel":"{{mail}}","when":["failure","overdue"]}],"schedule":{"every":"1D","at":"02:30"},"grace":"1h",
             "escalation":[{"after":"2h","channels":["{{hook}}"],"users":["{{MemberEmail}}"],"priority":"urgent"}]}
            """);
        Assert.Equal(201, jobStatus);
        var template = await admin.SubmitAsync("/Templates/Edit?type=backup.failure", new Dictionary<string, string>
        {
            ["Input.Title"] = "PHOTOS DOWN: {{backupName}}", ["Input.Body"] = "{{errorDetails}}", ["Input.Priority"] = "5", ["Input.Tags"] = "skull",
        }, "#template-form");
        Assert.Equal(HttpStatusCode.Redirect, template.StatusCode);
        var emailWording = await admin.SubmitAsync("/Templates/Edit?type=backup.failure&channel=email", new Dictionary<string, string>
        {
            ["Input.Title"] = "Mail: {{backupName}}", ["Input.Body"] = "{{errorDetails}}", ["Input.HtmlBody"] = "<p>{{errorDetails}}</p>",
            ["Input.Priority"] = "5", ["Input.Tags"] = "skull",
        }, "#template-form");
        Assert.Equal(HttpStatusCode.Redirect, emailWording.StatusCode);
        var (settingsStatus, _, _) = await api.JsonAsync("PUT", "/api/v1/settings/system-notifications",
            $$"""{"globalChannels":["{{hook}}"],"events":{"user-created":{"enabled":true,"channels":["{{mail}}"],"notifyUser":"adminAndUser"} } }""");
        Assert.Equal(200, settingsStatus);
        var (personStatus, _, _) = await api.JsonAsync("PUT", $"/api/v1/users/{MemberEmail}/notifications", MemberNotifications);
        Assert.Equal(200, personStatus);
        return (admin, await ApiClient.CreateIngestKeyAsync(App), mail);
    }

    /// <summary>What the member chose on My notifications: a restore must not silently stop their emails.</summary>
    private const string MemberNotifications = """
        {"timeZone":"Europe/Berlin","subscriptions":[{"scope":"job","target":"nas-01/photos","outcomes":["failure","success"]}],
         "quietHours":{"from":"22:00","to":"07:00","weekends":true,"urgentComesThrough":true},"summary":{"frequency":"weekly","at":"08:30","day":"friday"}}
        """;

    private static async Task<HttpResponseMessage> UploadAsync(FormClient admin, string path, string? passphrase)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(await admin.AntiforgeryTokenAsync("/ConfigurationBackup")), "__RequestVerificationToken" },
            { new StringContent(passphrase ?? ""), "Passphrase" },
        };
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "Upload", Path.GetFileName(path));
        return await admin.Http.PostAsync("/ConfigurationBackup?handler=Import", form);
    }

    private async Task<string> BackUpNowAsync(FormClient admin)
    {
        var response = await admin.SubmitAsync("/ConfigurationBackup", new Dictionary<string, string>(), "form[action*=Export]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Directory.GetFiles(Folder, "notifyorleans-config-*.json").OrderByDescending(f => f).First();
    }

    [Fact]
    public async Task An_export_imported_on_a_fresh_instance_reproduces_the_configuration_and_works()
    {
        var (admin, key, mail) = await ConfigureSourceAsync();
        var file = await BackUpNowAsync(admin);
        var text = await File.ReadAllTextAsync(file);
        var download = await admin.Http.GetAsync("/ConfigurationBackup?handler=Download&name=" + Path.GetFileName(file));
        var sourceApi = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadOnly));
        var (_, sourceJob, _) = await sourceApi.JsonAsync("GET", "/api/v1/jobs/nas-01/photos");
        var (_, sourceSettings, _) = await sourceApi.JsonAsync("GET", "/api/v1/settings/system-notifications");
        var (_, sourcePerson, _) = await sourceApi.JsonAsync("GET", $"/api/v1/users/{MemberEmail}/notifications");

        using var fresh = new AppFactory(_provider, configureServices: Configure(Folder, Passphrase));
        var freshAdmin = new FormClient(fresh.CreateBrowserlikeClient());
        await freshAdmin.SubmitAsync("/Setup", new Dictionary<string, string>
        {
            ["Input.Email"] = "new-admin@example.test", ["Input.DisplayName"] = "New", ["Input.Password"] = AdminPassword, ["Input.ConfirmPassword"] = AdminPassword,
        });
        var imported = await UploadAsync(freshAdmin, file, passphrase: null); // the configured passphrase
        var importedPage = await freshAdmin.GetDocumentAsync("/ConfigurationBackup");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(text, await download.Content.ReadAsStringAsync());
        Assert.DoesNotContain(SmtpServer.Password, text);   // sealed
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("PasswordHash", text);
        Assert.Contains("\"security\": \"startTls\"", text); // by name, as a reader (and a later version) expects
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Contains("Imported 2 channels, 1 job,", importedPage.QuerySelector("#toasts")!.TextContent);
        Assert.Contains("2 templates", importedPage.QuerySelector("#toasts")!.TextContent); // the shared one and Email's own wording
        Assert.Contains("PHOTOS DOWN", text);
        var templatePage = await freshAdmin.GetDocumentAsync("/Templates/Edit?type=backup.failure");
        Assert.Equal("PHOTOS DOWN: {{backupName}}", templatePage.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Contains("configuration import", templatePage.QuerySelector("#template-state")!.TextContent);
        var emailPage = await freshAdmin.GetDocumentAsync("/Templates/Edit?type=backup.failure&channel=email");
        Assert.Equal("<p>{{errorDetails}}</p>", emailPage.QuerySelector("#Input_HtmlBody")!.TextContent);

        var freshApi = new ApiClient(fresh.CreateClient(), await ApiClient.CreateTokenAsync(fresh, ApiAccess.ReadWrite));
        var (_, job, _) = await freshApi.JsonAsync("GET", "/api/v1/jobs/nas-01/photos");
        foreach (var field in new[] { "assignments", "schedule", "grace", "escalation" })
            Assert.Equal(sourceJob![field]!.ToJsonString(), job![field]!.ToJsonString());
        Assert.NotNull(job!["nextExpectedAt"]); // the imported schedule runs: the job has its deadline
        var (_, settings, _) = await freshApi.JsonAsync("GET", "/api/v1/settings/system-notifications");
        Assert.Equal(sourceSettings!.ToJsonString(), settings!.ToJsonString());
        var (_, person, _) = await freshApi.JsonAsync("GET", $"/api/v1/users/{MemberEmail}/notifications");
        foreach (var field in new[] { "timeZone", "subscriptions", "quietHours", "summary" })
            Assert.Equal(sourcePerson![field]!.ToJsonString(), person![field]!.ToJsonString());

        using (var scope = fresh.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // The member's weekly summary has its reminder: the setting alone sent nothing, ever.
            Assert.Equal(1, await db.Reminders.CountAsync(r => r.ReminderName == "summary"));
            var member = await db.Users.SingleAsync(u => u.Email == MemberEmail);
            Assert.Null(member.PasswordHash);
            var channel = await db.Channels.SingleAsync(c => c.Id == mail);
            var test = await scope.ServiceProvider.GetRequiredService<ChannelTester>().TestAsync(channel, default);
            Assert.IsType<DeliveryResult.Sent>(test);
        }

        Assert.Contains(_smtp.Messages(), m => m.Subject.StartsWith("🔔 Test notification"));
        var report = await fresh.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent("""{"server":"nas-01","job":"photos","status":"success"}""", Encoding.UTF8, "application/json"));
        Assert.True(report.IsSuccessStatusCode, await report.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Each_export_raises_Configuration_Backup_and_old_files_are_removed()
    {
        var admin = await SetUpAdminAsync();
        Directory.CreateDirectory(Folder);
        var old = Path.Combine(Folder, "notifyorleans-config-20250101-000000-000.json");
        await File.WriteAllTextAsync(old, "{}");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-31));

        await BackUpNowAsync(admin);

        Assert.False(File.Exists(old));
        var occurrence = await QueryAsync(db => db.SystemEvents.SingleAsync(e => e.Type == SystemEventType.ConfigurationBackup));
        Assert.Contains("1 file older than 30 days removed", occurrence.Summary);
        Assert.Contains(AdminEmail, occurrence.Summary);
    }

    [Fact]
    public async Task A_wrong_passphrase_is_refused_next_to_its_field_and_nothing_is_imported()
    {
        var (admin, _, _) = await ConfigureSourceAsync();
        var file = await BackUpNowAsync(admin);
        using var other = new AppFactory(_provider, configureServices: Configure(Folder, passphrase: null));
        var otherAdmin = new FormClient(other.CreateBrowserlikeClient());
        await otherAdmin.SubmitAsync("/Setup", new Dictionary<string, string>
        {
            ["Input.Email"] = "other@example.test", ["Input.DisplayName"] = "Other", ["Input.Password"] = AdminPassword, ["Input.ConfirmPassword"] = AdminPassword,
        });

        var refused = await FormClient.ParseAsync(await UploadAsync(otherAdmin, file, "not the passphrase"));

        Assert.Equal("The passphrase is not the one this file was exported with. Nothing was imported.", refused.QuerySelector("[data-field-error=Passphrase]")!.TextContent);
        using var scope = other.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Channels.CountAsync());
    }

    [Fact]
    public async Task Without_a_passphrase_only_channels_that_have_secrets_wait_for_them_after_an_import()
    {
        using var source = new AppFactory(_provider, configureServices: Configure(Folder, passphrase: null));
        var harness = new DeliveryHarness(source);
        var plainMail = await harness.AddChannelAsync("Mail without a login", new EmailSettings
        {
            Host = "localhost", Port = 25, Security = SmtpSecurity.None, From = "hub@example.test", To = "ops@example.test",
        });
        var hook = await harness.AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/hook?token=s3cret" });
        string file;
        using (var scope = source.Services.CreateScope())
            file = Path.Combine(Folder, (await scope.ServiceProvider.GetRequiredService<ConfigurationExporter>().ExportAsync("test")).Name);

        using var target = App.Services.CreateScope();
        await using var stream = File.OpenRead(file);
        var (summary, problem) = await target.ServiceProvider.GetRequiredService<ConfigurationImporter>().ImportAsync(stream, null, grainsRunning: true);

        Assert.Null(problem);
        Assert.Contains("The file had no secrets for 1 channel: disabled until you enter them.", summary!.ToString());
        var db = target.ServiceProvider.GetRequiredService<AppDbContext>();
        var mail = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == plainMail);
        Assert.True(mail.Enabled && mail.IsHealthy && mail.LastError is null, mail.LastError); // it has nothing to enter
        var waiting = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == hook);
        Assert.False(waiting.Enabled);
        Assert.StartsWith("Imported without its secrets", waiting.LastError);
    }

    [Fact]
    public async Task Without_a_passphrase_an_export_read_back_into_the_same_instance_keeps_its_channels_secrets_and_their_state()
    {
        using var instance = new AppFactory(_provider, configureServices: Configure(Folder, passphrase: null));
        var hook = await new DeliveryHarness(instance).AddChannelAsync("Hook", new WebhookSettings { Url = "http://127.0.0.1:9/hook?token=s3cret" });
        using var scope = instance.Services.CreateScope();
        var file = Path.Combine(Folder, (await scope.ServiceProvider.GetRequiredService<ConfigurationExporter>().ExportAsync("test")).Name);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var before = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == hook);

        await using var stream = File.OpenRead(file);
        var (summary, problem) = await scope.ServiceProvider.GetRequiredService<ConfigurationImporter>().ImportAsync(stream, null, grainsRunning: true);

        Assert.Null(problem);
        Assert.True(before.ProtectedSecrets is not null && !File.ReadAllText(file).Contains("s3cret")); // the file has none of them
        Assert.DoesNotContain("no secrets", summary!.ToString());
        var after = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == hook);
        Assert.True(after.Enabled && after.IsHealthy && after.LastError is null, after.LastError);
        Assert.Equal(before.ProtectedSecrets, after.ProtectedSecrets);
    }

    [Fact]
    public async Task A_file_that_points_a_channel_at_another_host_does_not_take_its_saved_password_there()
    {
        using var instance = new AppFactory(_provider, configureServices: Configure(Folder, passphrase: null));
        var mail = await new DeliveryHarness(instance).AddChannelAsync("Mail", new EmailSettings
        {
            Host = "smtp.example.com", Username = "ops", Password = "SMTP-SECRET", From = "b@example.com", To = "ops@example.com",
        });
        using var scope = instance.Services.CreateScope();
        var file = Path.Combine(Folder, (await scope.ServiceProvider.GetRequiredService<ConfigurationExporter>().ExportAsync("test")).Name);
        File.WriteAllText(file, File.ReadAllText(file).Replace("smtp.example.com", "mx.attacker.example", StringComparison.Ordinal));

        await using var stream = File.OpenRead(file);
        var (_, problem) = await scope.ServiceProvider.GetRequiredService<ConfigurationImporter>().ImportAsync(stream, null, grainsRunning: true);

        Assert.Null(problem);
        var after = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Channels.AsNoTracking().SingleAsync(c => c.Id == mail);
        Assert.Contains("mx.attacker.example", after.SettingsJson);
        Assert.Null(after.ProtectedSecrets); // the password stayed behind
        Assert.False(after.Enabled);
        Assert.StartsWith("Imported without its secrets", after.LastError);
    }

    [Theory]
    [InlineData("not json", "(line 1, column 2)")]
    [InlineData("{\n  \"channels\": [", "(line 2, column")] // cut short
    public async Task A_file_that_is_not_an_export_is_refused_in_words_saying_where(string content, string where)
    {
        using var instance = new AppFactory(_provider, configureServices: Configure(Folder, passphrase: null));
        using var scope = instance.Services.CreateScope();

        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        var (summary, problem) = await scope.ServiceProvider.GetRequiredService<ConfigurationImporter>().ImportAsync(stream, null, grainsRunning: true);

        Assert.Null(summary);
        Assert.StartsWith("This is not a NotifyOrleans configuration export: it cannot be read as one ", problem);
        Assert.Contains(where, problem);
        Assert.DoesNotContain("LineNumber", problem); // the parser's own words
    }

    [Theory]
    [InlineData("job", "Job nas-01/photos: timeZone: 'Mars/Base' is not an IANA time zone id")]
    [InlineData("cron", "Job nas-01/photos: schedule.cron:")]
    [InlineData("repeat", "Job nas-01/photos: failureRepeat: A duration is longer than nothing and at most 3653D (ten years). Nothing was imported.")]
    [InlineData("host", "Channel Renamed by the file: Host: 'mail server' is not a host name")]
    [InlineData("every", "Job nas-01/photos: its settings cannot be read: the value at schedule.every is not one it can hold. Nothing was imported.")] // was .NET's own words, naming JobSchedule
    public async Task A_file_with_settings_the_forms_refuse_is_refused_in_words_and_nothing_is_imported(string broken, string said)
    {
        var (admin, _, _) = await ConfigureSourceAsync();
        var file = await BackUpNowAsync(admin);
        var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var job = document["jobs"]!.AsArray().Single(j => j!["job"]!.GetValue<string>() == "photos")!["settings"]!;
        var mail = document["channels"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "Ops mail")!;
        mail["name"] = "Renamed by the file";
        switch (broken)
        {
            case "job": job["schedule"]!["timeZone"] = "Mars/Base"; break; // another machine's zone, say
            case "cron": job["schedule"] = System.Text.Json.Nodes.JsonNode.Parse("""{"kind":"Cron","cron":"not a cron","timeZone":"UTC"}"""); break;
            case "repeat": job["failureRepeat"] = "3000000.00:00:00"; break;
            case "every": job["schedule"] = System.Text.Json.Nodes.JsonNode.Parse("""{"kind":"Interval","every":"12h","timeZone":"UTC"}"""); break; // hand-edited: not a TimeSpan
            default: mail["settings"]!["host"] = "mail server"; break;
        }

        await File.WriteAllTextAsync(file, document.ToJsonString());
        var response = await UploadAsync(admin, file, Passphrase);
        var page = await FormClient.ParseAsync(response);
        var channels = await QueryAsync(db => db.Channels.Select(c => c.Name).ToListAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // not a 500
        var text = System.Text.RegularExpressions.Regex.Replace(page.DocumentElement.TextContent, @"\s+", " ");
        Assert.True(text.Contains(said), text);
        Assert.Contains("Ops mail", channels); // nothing half-written: the channel kept its name
        Assert.DoesNotContain("Renamed by the file", channels);
    }

    [Fact]
    public async Task The_same_file_imported_twice_from_the_command_line_before_a_start_leaves_its_jobs_once()
    {
        var (admin, _, _) = await ConfigureSourceAsync();
        var file = await BackUpNowAsync(admin);
        using var fresh = new AppFactory(_provider, configureServices: Configure(Folder, Passphrase));
        // The imports stand for command lines run before a start: the test host's own start-up,
        // which applies what is pending, has looked already (it ran between them once, and took the first's jobs).
        await fresh.Services.GetServices<IHostedService>().OfType<ConfigurationBackupStartup>().Single().ExecuteTask!;

        foreach (var _ in new[] { 1, 2 }) // the wrong file first, say, then the right one; each command a process of its own
        {
            using var command = fresh.Services.CreateScope();
            await using var stream = File.OpenRead(file);
            var (_, problem) = await command.ServiceProvider.GetRequiredService<ConfigurationImporter>().ImportAsync(stream, null, grainsRunning: false);
            Assert.Null(problem);
        }

        using var start = fresh.Services.CreateScope();
        Assert.Equal(1, await start.ServiceProvider.GetRequiredService<ConfigurationImporter>().ApplyPendingJobsAsync());
    }

    [Fact]
    public async Task An_import_from_the_command_line_sets_its_jobs_up_when_the_app_starts()
    {
        var (admin, _, _) = await ConfigureSourceAsync();
        var file = await BackUpNowAsync(admin);
        using var fresh = new AppFactory(_provider, configureServices: Configure(Folder, Passphrase));
        using var scope = fresh.Services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<ConfigurationImporter>();

        await using (var stream = File.OpenRead(file))
        {
            var (summary, problem) = await importer.ImportAsync(stream, null, grainsRunning: false);
            Assert.Null(problem);
            Assert.Contains("The job is set up when NotifyOrleans starts.", summary!.ToString());
        }

        // As the app's start-up does (here the test's host started before the import, so its own
        // start-up may come second and find them applied; two nodes starting at once do the same).
        await Task.WhenAll(importer.ApplyPendingJobsAsync(), fresh.Services.CreateScope().ServiceProvider.GetRequiredService<ConfigurationImporter>().ApplyPendingJobsAsync());
        var api = new ApiClient(fresh.CreateClient(), await ApiClient.CreateTokenAsync(fresh, ApiAccess.ReadOnly));
        var (status, _, _) = await api.JsonAsync("GET", "/api/v1/jobs/nas-01/photos");

        Assert.Equal(200, status);
        Assert.Equal(0, await importer.ApplyPendingJobsAsync()); // once: the pending row is gone, without a concurrency fault
    }
}

public sealed class ConfigurationBackupTestsOnSqlite() : ConfigurationBackupTests(DatabaseProvider.Sqlite);
public sealed class ConfigurationBackupTestsOnPostgres() : ConfigurationBackupTests(DatabaseProvider.Postgres);
