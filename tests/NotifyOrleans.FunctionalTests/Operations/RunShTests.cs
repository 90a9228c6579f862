using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>
/// What a user sees, run as the user runs it: the commands the README and docs show, exactly as
/// written, and the log of <c>./run.sh</c> while it receives pings, a Duplicati PUT, broken
/// uploads and Discord sends (issue #7, items 1, 2, 7 and 13).
/// </summary>
public sealed partial class RunShTests(RunShApp app) : IClassFixture<RunShApp>
{
    [Fact]
    public async Task Every_run_sh_command_in_the_readme_and_docs_works_as_written()
    {
        await SignInAsync(); // the other tests' admin comes from /Setup, which the documented users create would close
        var everywhere = DocumentedCommands.All().Where(c => c.StartsWith("./run.sh ", StringComparison.Ordinal)).ToList();
        // The API guide's lines run in its own script (below), with the same app: a token's name is one token's.
        var commands = DocumentedCommands.All(exceptApiGuide: true).Where(c => c.StartsWith("./run.sh ", StringComparison.Ordinal)).ToList();

        Assert.Contains(commands, c => c.StartsWith("./run.sh keys create", StringComparison.Ordinal));
        Assert.Contains(everywhere, c => c.StartsWith("./run.sh tokens create", StringComparison.Ordinal) && c.Contains("--read-only", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("./run.sh config import", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("./run.sh users create", StringComparison.Ordinal) && c.Contains("--admin", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("./run.sh users reset-password", StringComparison.Ordinal));
        Assert.Contains("./run.sh health", commands);
        foreach (var documented in commands)
        {
            // The docs name run.sh's data folder; this app keeps its data in a folder of its own.
            var command = documented.Replace("data/config-backups", Path.Combine(app.DataDirectory, "config-backups"), StringComparison.Ordinal);
            var typed = documented.StartsWith("./run.sh users ", StringComparison.Ordinal) ? "Documented-Passw0rd\n" : null; // the password asked for
            var (exit, output, error) = await app.RunAsync(command, typed);
            Assert.True(exit == 0, $"{command} exited {exit}: {error}");
            if (documented == "./run.sh help")
            {
                Assert.StartsWith("NotifyOrleans: without a command", output);
                continue;
            }

            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (documented.EndsWith(" list", StringComparison.Ordinal))
            {
                // A header, then the keys, tokens or users the lines before made.
                Assert.True(lines.Length > 1 && (lines[0].StartsWith("NAME ", StringComparison.Ordinal) || lines[0].StartsWith("EMAIL ", StringComparison.Ordinal)), $"{command} printed:\n{output}");
                continue;
            }

            var expected = documented.Split(' ')[1] switch
            {
                _ when documented.Contains(" revoke ", StringComparison.Ordinal) => "Revoked the ",
                "tokens" => "noa_",
                "health" => $"Healthy: {app.BaseUrl}/healthz",
                "config" => documented.Contains(" export", StringComparison.Ordinal) ? Path.Combine(app.DataDirectory, "config-backups") : "Imported ",
                "users" => documented.Contains(" create", StringComparison.Ordinal) ? "Created admin@example.com (Admin)" : "Password set for admin@example.com.",
                _ => "nok_",
            };
            Assert.True(lines.Length == 1 && lines[0].StartsWith(expected, StringComparison.Ordinal), $"{command} printed:\n{output}");
        }

        // The account made without a browser is not a mystery in the events: it says how it came.
        var events = await (await SignInAsync()).GetDocumentAsync("/Events");
        Assert.Contains("admin@example.com was created as Admin on the command line", events.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task The_documented_curl_examples_work_against_the_running_app()
    {
        var (_, jobKey, _) = await app.RunAsync("./run.sh keys create --name docs-test --server web-01 --job nightly");
        var (_, anyServerKey, _) = await app.RunAsync("./run.sh keys create --name docs-any");
        var (_, serverKey, _) = await app.RunAsync("./run.sh keys create --name docs-server --server web-01");
        using var http = new HttpClient();
        var seed = new StringContent("{\"server\":\"nas-01\",\"job\":\"Documents\",\"status\":\"success\"}", Encoding.UTF8, "application/json");
        Assert.True((await http.PostAsync($"{app.BaseUrl}/api/v1/runs?key={anyServerKey.Trim()}", seed)).IsSuccessStatusCode); // the job the docs ask about
        var curls = DocumentedCommands.All(exceptApiGuide: true)
            .Where(c => c.StartsWith("curl ", StringComparison.Ordinal) || c.Contains("; curl ", StringComparison.Ordinal))
            .Where(c => !DocumentedCommands.IsBackupToolLine(c)) // run with the real tools by BackupToolTests
            .ToList();

        Assert.NotEmpty(curls);
        // A badge's address is signed: the one its job page shows.
        var jobPage = await (await SignInAsync()).GetDocumentAsync("/Jobs/Details?id=nas-01%2Fdocuments");
        var badge = new Uri(jobPage.QuerySelector("#badge-json")!.TextContent.Trim()).Segments[^1];
        foreach (var curl in curls)
        {
            // The docs' placeholders: the app's address, a real key, and something to back up.
            var key = curl.Contains("nok_…/pg-dump/", StringComparison.Ordinal) ? serverKey // a server's key, naming the job
                : curl.Contains("/ping/", StringComparison.Ordinal) ? jobKey : anyServerKey;
            var line = curl.Replace("https://hub.example", app.BaseUrl).Replace("nok_…", key.Trim()).Replace("bmFzLTAxL2RvY3VtZW50cw.SIGNATURE.json", badge)
                .Replace("/usr/local/bin/nightly-dump.sh > /var/log/backup.log 2>&1", "true").Replace("@/var/log/backup.log", "@README.md")
                .Replace("@duplicati-report.json", "@tests/fixtures/duplicati/01-success/001-POST.body");
            var (exit, _, error) = await app.RunAsync(line);
            Assert.True(exit == 0, $"{line}\nexited {exit}: {error}");
        }
    }

    [Fact]
    public async Task The_log_of_run_sh_holds_no_webhook_token_and_no_ingest_key()
    {
        await using var discord = new FakeDiscord();
        await discord.StartAsync();
        const string token = "tok-RUNSH-LOG-SECRET-42";
        var (_, output, _) = await app.RunAsync("./run.sh keys create --name nas --server nas-01 --job docs");
        var key = output.Trim();
        var admin = await SignInAsync();
        var saved = await admin.SubmitAsync("/Channels/Edit?kind=Discord", new Dictionary<string, string>
        {
            ["Name"] = "Log test Discord", ["Settings.WebhookUrl"] = discord.CreateWebhook("4242", token), ["Settings.Username"] = "Backup Manager",
        }, "#channel-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = await admin.Http.GetStringAsync("/Channels");
        var channel = Regex.Match(list, "data-channel-id=\"([0-9a-f-]{36})\"").Groups[1].Value;
        Assert.True(channel.Length == 36, list);

        var test = await admin.HtmxPostAsync($"/Channels?handler=Test&id={channel}", "/Channels");
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var ping = await http.GetAsync($"/ping/{key}/fail");
        var put = await http.PutAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("04-fail-missing-source"));
        await Task.Delay(500); // the request log line is written when the response completes

        Assert.Contains("data-outcome=\"sent\"", await test.Content.ReadAsStringAsync());
        Assert.Single(discord.Embeds);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (ping.StatusCode, put.StatusCode));
        Assert.Contains("HTTP GET /ping/***/fail responded 200", app.Output);
        Assert.Contains("HTTP PUT /api/upload responded 200", app.Output);
        Assert.DoesNotContain(token, app.Output);
        Assert.DoesNotContain(key, app.Output);
        Assert.DoesNotContain(key[8..], app.Output);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the file's mode
    public void The_database_run_sh_writes_is_readable_by_its_user_alone()
    {
        // It holds password and key hashes. The test's own umask (022) is what a user's shell has.
        var database = Path.Combine(app.DataDirectory, "notifyorleans.db");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database));
    }

    [Fact]
    public async Task A_test_of_a_destination_that_never_answers_is_told_on_the_page_not_logged_as_an_error()
    {
        await using var silent = new SilentServer();
        var admin = await SignInAsync();
        var saved = await admin.SubmitAsync("/Channels/Edit?kind=Webhook", new Dictionary<string, string>
        {
            ["Name"] = "Log test silent hook", ["Settings.Url"] = silent.BaseUrl + "/hook", ["Settings.Method"] = "POST",
        }, "#channel-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = await admin.Http.GetStringAsync("/Channels");
        var errorsBefore = Errors(app.Output).Count;

        var test = await admin.HtmxPostAsync($"/Channels?handler=Test&id={Regex.Match(list, "data-channel=\"Log test silent hook\" data-channel-id=\"([0-9a-f-]{36})\"").Groups[1].Value}", "/Channels");
        await Task.Delay(500);

        Assert.Contains("No answer from", await test.Content.ReadAsStringAsync()); // after the send's timeout (10 s)
        Assert.Equal(1, silent.Accepted);
        Assert.Equal(errorsBefore, Errors(app.Output).Count); // Polly's OnTimeout was an ERR line naming no channel
    }

    [Fact]
    public void Starting_warns_of_no_deadlock_that_did_not_happen() =>
        // Orleans' watchdog said at every start that a check "has not completed" for the machine's uptime.
        Assert.DoesNotContain("Participant check thread has not completed", app.Output);

    [Fact]
    public async Task A_request_cannot_write_lines_of_its_own_into_the_log()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(app.BaseUrl + "/api/v1/nope%0A%5B2026-12-05%2005:00:00%20+00:00%20ERR%5D%20Injected%20line");
        await Task.Delay(500); // the request log line is written when the response completes

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("/api/v1/nope\\u000a[2026-12-05 05:00:00 +00:00 ERR] Injected line responded 404", app.Output);
        Assert.DoesNotContain(app.Output.Split('\n'), line => line.StartsWith("[2026-12-05 05:00:00 +00:00 ERR] Injected", StringComparison.Ordinal));
        // Each line says its day and its offset from UTC: a log read days later, or beside another zone's, is unambiguous.
        Assert.Matches(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d INF\] ", app.Output.Split('\n').First(line => line.Contains(" INF] ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Clients_that_hang_up_are_not_logged_as_faults()
    {
        var (_, key, _) = await app.RunAsync("./run.sh keys create --name cut --server nas-02 --job cut");
        var port = new Uri(app.BaseUrl).Port;
        var errorsBefore = Errors(app.Output).Count;

        // Uploads cut off mid-body (closed, and reset), and health probes that do not wait for their answer.
        foreach (var (path, contentType, reset) in new[] { ("/api/upload", "application/json", false), ("/api/upload", "application/json", true),
                     ("/api/upload", "application/x-www-form-urlencoded", true), ("/ping/" + key.Trim(), "text/plain", true) })
        {
            using var upload = new TcpClient();
            await upload.ConnectAsync(IPAddress.Loopback, port);
            await upload.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
                $"POST {path}?key={key.Trim()} HTTP/1.1\r\nHost: x\r\nContent-Type: {contentType}\r\nContent-Length: 100000\r\n\r\n{{\"Data\":{{\"Parsed"));
            await Task.Delay(300);
            if (reset) upload.Client.LingerState = new LingerOption(true, 0); // closing sends RST, not FIN
        }

        for (var i = 0; i < 5; i++)
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port);
            await probe.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
        }

        await Task.Delay(1500);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(app.BaseUrl + "/healthz")).StatusCode);
        Assert.Equal(errorsBefore, Errors(app.Output).Count);
        Assert.DoesNotContain("responded 500", app.Output);
        Assert.DoesNotContain("responded 503", app.Output);
    }

    private static List<string> Errors(string log) => log.Split('\n').Where(l => l.Contains(" ERR]", StringComparison.Ordinal) || l.Contains(" FTL]", StringComparison.Ordinal)).ToList();

    /// <summary>First-run setup through the real pages, or a login when another test did it first.</summary>
    private async Task<FormClient> SignInAsync()
    {
        var client = new FormClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) });
        var setup = await client.Http.GetAsync("/Setup");
        if (setup.StatusCode == HttpStatusCode.OK)
        {
            await client.SubmitAsync("/Setup", new Dictionary<string, string>
            {
                ["Input.Email"] = ConsoleTestBase.AdminEmail, ["Input.DisplayName"] = "Ada", ["Input.Password"] = ConsoleTestBase.AdminPassword, ["Input.ConfirmPassword"] = ConsoleTestBase.AdminPassword,
            });
        }
        else
        {
            await client.SubmitAsync("/Identity/Account/Login", new Dictionary<string, string>
            {
                ["Input.Email"] = ConsoleTestBase.AdminEmail, ["Input.Password"] = ConsoleTestBase.AdminPassword,
            }, "form#account");
        }

        return client;
    }

    [Fact]
    public async Task Users_create_with_a_time_zone_gives_the_new_user_that_zone_and_refuses_one_it_does_not_know()
    {
        await SignInAsync();
        const string email = "zoned@example.test", password = "Zoned-Passw0rd";
        var unknown = await app.RunAsync($"./run.sh users create --email {email} --time-zone Mars/Olympus", password + "\n");
        var twoWrong = await app.RunAsync("./run.sh users create --email not-an-address --time-zone Mars/Olympus", password + "\n");
        var created = await app.RunAsync($"./run.sh users create --email {email} --time-zone Asia/Tokyo", password + "\n");
        var client = new FormClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) });
        await client.SubmitAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password }, "form#account");
        var preferences = await client.GetDocumentAsync("/Account/Notifications");

        Assert.Equal(2, unknown.Exit);
        Assert.StartsWith("--time-zone: 'Mars/Olympus' is no time zone this machine knows.", unknown.Error.Trim());
        Assert.Equal(2, twoWrong.Exit);
        Assert.StartsWith("--email: Enter a valid email address, like name@example.com.\n--time-zone: 'Mars/Olympus'", twoWrong.Error.Trim()); // both, in one round
        Assert.Equal((0, "Created zoned@example.test (Member), shown as zoned, who reads times in Asia/Tokyo."), (created.Exit, created.Output.Trim())); // the refused one made no account
        Assert.Equal("Asia/Tokyo", preferences.QuerySelector("#Input_TimeZoneId option[selected]")?.GetAttribute("value"));
        Assert.Null(preferences.QuerySelector("#browser-zone-note")); // chosen: no browser's zone offered instead
    }

    [Fact]
    public async Task Users_create_keeps_the_forms_rules_and_reset_password_lets_a_locked_out_user_back_in()
    {
        await SignInAsync();
        const string email = "locked-out@example.test", password = "First-Passw0rd", newPassword = "Second-Passw0rd";
        var weak = await app.RunAsync($"./run.sh users create --email {email} --admin", "short\n");
        var created = await app.RunAsync($"./run.sh users create --email {email} --name Lou", password + "\n");
        var again = await app.RunAsync($"./run.sh users create --email {email}", password + "\n");
        var client = new FormClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) });
        Task<HttpResponseMessage> SignIn(string with) => client.SubmitAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = with }, "form#account");
        for (var i = 0; i < 5; i++) await SignIn("Wrong-Passw0rd");
        var lockedOut = await SignIn(password);
        var listedLocked = await app.RunAsync("./run.sh users list");
        var reset = await app.RunAsync($"./run.sh users reset-password --email {email}", newPassword + "\n");
        var signedIn = await SignIn(newPassword);
        var listed = await app.RunAsync("./run.sh users list");

        Assert.Equal(2, weak.Exit);
        Assert.Contains("at least 10 characters", weak.Error);
        Assert.Equal((0, "Created locked-out@example.test (Member), shown as Lou. Their browser's time zone is offered when they first open My notifications."), (created.Exit, created.Output.Trim()));
        Assert.Equal(2, again.Exit);
        Assert.Equal("Another user already has this email address.", again.Error.Trim());
        Assert.Equal("/Identity/Account/Lockout", lockedOut.Headers.Location?.OriginalString);
        Assert.Equal((0, "Password set for locked-out@example.test."), (reset.Exit, reset.Output.Trim()));
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(0, listedLocked.Exit);
        Assert.Matches(@"^EMAIL +NAME +ROLE +STATE +2FA +LAST LOGIN$", listedLocked.Output.Split('\n')[0]);
        Assert.Contains(listedLocked.Output.Split('\n'), line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^locked-out@example\.test +Lou +member +locked out +off +-$"));
        Assert.Contains(listed.Output.Split('\n'), line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^locked-out@example\.test +Lou +member +active +off +\d{4}-\d\d-\d\d \d\d:\d\dZ$"));
        Assert.Contains(listed.Output.Split('\n'), line => line.StartsWith(ConsoleTestBase.AdminEmail, StringComparison.Ordinal) && line.Contains(" admin ", StringComparison.Ordinal));
        Assert.DoesNotContain(password, app.Output); // never logged
    }

    [Theory]
    [InlineData("./run.sh tokens create --name typo --readonly", "Unknown option --readonly")] // made a read-write token
    [InlineData("./run.sh keys create --name k --server s --jb j", "Unknown option --jb")] // made a key for the whole server
    [InlineData("./run.sh users create --email typo@example.test --admn", "Unknown option --admn")] // made a Member
    [InlineData("./run.sh keys create --name", "--name needs a value")]
    public async Task A_mistyped_option_is_refused_and_nothing_is_made(string command, string said)
    {
        var (exit, output, error) = await app.RunAsync(command, "Typed-Passw0rd\n");

        Assert.Equal(2, exit);
        Assert.Contains(said, error);
        Assert.Contains("usage:", error);
        Assert.Equal("", output.Trim());
    }

    [Theory]
    [InlineData("./run.sh keys create --name k --server a/b", "--server: A server name cannot contain '/'.")] // every report with it was refused
    [InlineData("./run.sh keys create --name k --server ..", "--server: A server name cannot be only dots")]
    public async Task A_key_for_a_server_name_no_report_may_carry_is_refused_and_nothing_is_made(string command, string said)
    {
        var (exit, output, error) = await app.RunAsync(command);

        Assert.Equal(2, exit);
        Assert.Contains(said, error);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task Help_lists_the_commands_and_a_mistyped_command_is_refused_instead_of_starting_a_second_server()
    {
        var (helpExit, help, helpLog) = await app.RunAsync("./run.sh --help");
        var (typoExit, typoOutput, typo) = await app.RunAsync("./run.sh key create --name k");

        Assert.Equal(0, helpExit);
        Assert.Contains("keys create --name NAME", help);
        Assert.Contains("users reset-password --email EMAIL", help);
        Assert.Contains("config import FILE", help);
        Assert.Contains("users list ", help);
        Assert.Contains("health [--url URL]", help);
        Assert.Equal("", helpLog.Trim()); // answered before the app is built: no database touched, nothing logged
        Assert.Equal(2, typoExit);
        Assert.Contains("Unknown command 'key'.", typo);
        Assert.Contains("keys create --name NAME", typo);
        Assert.DoesNotContain("address already in use", typo);
        Assert.Equal("", typoOutput.Trim());
    }

    [Fact]
    public async Task A_second_run_sh_on_a_taken_address_says_which_in_one_line_and_leaves_the_first_running()
    {
        // The environment of the running app: its web address and its silo port are both taken.
        var (webExit, webOutput, webLog) = await app.RunAsync("./run.sh");
        var elsewhere = new Dictionary<string, string> { ["NOTIFYORLEANS_URLS"] = $"http://127.0.0.1:{Repository.FreePort()}" };
        var (siloExit, siloOutput, siloLog) = await app.RunAsync("./run.sh", environment: elsewhere);
        // Ports of its own, the same database: two SQLite hubs on one file would each run every job.
        var portsOfItsOwn = new Dictionary<string, string> { ["NOTIFYORLEANS_URLS"] = $"http://127.0.0.1:{Repository.FreePort()}", ["NotifyOrleans__Orleans__SiloPort"] = $"{Repository.FreePort()}" };
        var (fileExit, fileOutput, fileLog) = await app.RunAsync("./run.sh", environment: portsOfItsOwn);

        Assert.Equal(1, webExit);
        Assert.Contains($"FTL] NotifyOrleans.Web: {app.BaseUrl} is in use by another process: is NotifyOrleans already running? "
            + "Stop it, or give this node another address (ASPNETCORE_URLS; NOTIFYORLEANS_URLS for ./run.sh).", webOutput + webLog);
        Assert.Equal(1, siloExit);
        Assert.Contains($"The silo port {app.SiloPort} (127.0.0.1:{app.SiloPort}) is in use by another process", siloOutput + siloLog);
        Assert.Contains("(NotifyOrleans__Orleans__SiloPort)", siloOutput + siloLog);
        Assert.Equal(1, fileExit);
        Assert.Contains("Another NotifyOrleans is running on ", fileOutput + fileLog);
        Assert.Contains("one node per SQLite database", fileOutput + fileLog);
        foreach (var said in new[] { webOutput + webLog, siloOutput + siloLog, fileOutput + fileLog })
        {
            Assert.DoesNotContain("   at ", said); // no stack trace
            Assert.DoesNotContain("ERR]", said); // nothing was half started, so nothing fails on the way down
        }

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(app.BaseUrl + "/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_key_ring_certificate_that_is_missing_or_locked_stops_the_node_in_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("notifyorleans-runsh-keyring-").FullName;
        var locked = Path.Combine(folder, "keyring.pfx");
        KeyRingCertificate.Create(locked, password: "the-right-one");
        // A node of its own (ports, database): beside the running app's, the port or its database would be named first.
        Dictionary<string, string> Own(Dictionary<string, string> settings) => new(settings)
        {
            ["NOTIFYORLEANS_URLS"] = $"http://127.0.0.1:{Repository.FreePort()}", ["NotifyOrleans__Orleans__SiloPort"] = $"{Repository.FreePort()}",
            ["NotifyOrleans__Database__SqliteDirectory"] = Path.Combine(folder, "data"),
        };
        var missing = Own(new() { ["NotifyOrleans__DataProtection__CertificatePath"] = Path.Combine(folder, "nowhere", "keyring.pfx") });
        var wrongPassword = Own(new()
        {
            ["NotifyOrleans__DataProtection__CertificatePath"] = locked, ["NotifyOrleans__DataProtection__CertificatePassword"] = "not-it",
        });

        var (missingExit, missingOutput, missingLog) = await app.RunAsync("./run.sh", environment: missing);
        var (lockedExit, lockedOutput, lockedLog) = await app.RunAsync("./run.sh", environment: wrongPassword);
        Directory.Delete(folder, recursive: true);

        Assert.Equal(1, missingExit); // it was 134, an unhandled exception: compose restarted it in a loop
        Assert.Contains($"FTL] NotifyOrleans.KeyRing: The key-ring certificate {Path.Combine(folder, "nowhere", "keyring.pfx")} (DataProtection:CertificatePath) cannot be used: there is no such file.",
            missingOutput + missingLog);
        Assert.Equal(1, lockedExit);
        Assert.Contains("cannot be used: it is not a PKCS#12 file that its password (DataProtection:CertificatePassword) opens.", lockedOutput + lockedLog);
        foreach (var said in new[] { missingOutput + missingLog, lockedOutput + lockedLog })
        {
            Assert.DoesNotContain("   at ", said);
            Assert.DoesNotContain("not-it", said); // the password is not repeated
        }
    }

    [Theory]
    [InlineData("NotifyOrleans__Database__Provider", "Postgress", "Failed to convert configuration value 'Postgress' at 'Database:Provider'")]
    [InlineData("NotifyOrleans__Database__Provider", "MySQL", "(it is one of Sqlite, Postgres)")]
    [InlineData("NotifyOrleans__Orleans__SiloPort", "abc", "at 'Orleans:SiloPort' to type 'System.Int32'")]
    [InlineData("NotifyOrleans__Retention__DeliveryLog", "forever", "at 'Retention:DeliveryLog' to type 'System.TimeSpan' (a duration is written d.hh:mm:ss: 90.00:00:00 is 90 days")] // it started, and the delivery log answered 500
    [InlineData("NotifyOrleans__SignInThrottle__FailuresPerAddress", "0", "SignInThrottle: FailuresPerAddress and Window must be above 0")]
    [InlineData("NotifyOrleans__Retention__Events", "-1.00:00:00", "Retention: RunHistory, DeliveryLog and Events are durations like 90.00:00:00 (90 days), or 0 to keep for ever; not below 0")]
    [InlineData("NOTIFYORLEANS_URLS", "htp:/x", "Invalid url: 'htp:/x': the web server's address is set by ASPNETCORE_URLS")]
    [InlineData("NotifyOrleans__Database__ConnectionString", "Host=127.0.0.1;Port=1;Username=postgres", "PostgreSQL could not be used (Failed to connect to 127.0.0.1:1")]
    [InlineData("NotifyOrleans__Database__MigrateOnStartup", "false", "the database has no tables yet (SQLite Error 1: 'no such table: AspNetRoles'): start with Database:MigrateOnStartup=true")]
    public async Task A_bad_setting_stops_the_node_in_one_line_that_names_it_not_a_stack_trace(string variable, string value, string said)
    {
        var environment = new Dictionary<string, string> { [variable] = value, ["NOTIFYORLEANS_URLS"] = $"http://127.0.0.1:{Repository.FreePort()}", ["NotifyOrleans__Orleans__SiloPort"] = $"{Repository.FreePort()}" };
        environment[variable] = value;
        if (variable.Contains("ConnectionString")) environment["NotifyOrleans__Database__Provider"] = "Postgres";
        if (variable.Contains("MigrateOnStartup")) environment["NotifyOrleans__Database__SqliteDirectory"] = Directory.CreateTempSubdirectory("notifyorleans-empty-").FullName;

        var (exit, output, log) = await app.RunAsync("./run.sh", environment: environment);

        Assert.Equal(1, exit); // was 134: an unhandled exception, SIGABRT
        Assert.Contains($"FTL] NotifyOrleans could not start: ", output + log);
        Assert.Contains(said, output + log);
        Assert.DoesNotContain("Unhandled exception", output + log);
        Assert.DoesNotContain("   at ", output + log);
        Assert.DoesNotContain("ERR]", output + log); // EF Core's own errors on the way: the line says it
    }

    [Fact]
    public async Task A_sealed_export_imports_from_the_command_line_into_a_folder_the_app_never_started_in()
    {
        // A channel with a secret: the import unseals it and encrypts it with the new instance's key ring,
        // which does not exist yet. Making its first key is a write, and the import held SQLite's writer.
        var (_, token, _) = await app.RunAsync("./run.sh tokens create --name import-test");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token.Trim());
        var body = "{\"name\":\"Sealed Discord\",\"kind\":\"discord\",\"settings\":{\"webhookUrl\":\"https://discord.com/api/webhooks/1/sealed-token\",\"username\":\"Backups\"}}";
        var created = await http.PostAsync($"{app.BaseUrl}/api/v1/channels", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sealedWith = new Dictionary<string, string> { ["NotifyOrleans__ConfigurationBackup__Passphrase"] = "correct horse battery staple" };
        var (exported, file, exportError) = await app.RunAsync("./run.sh config export", environment: sealedWith);
        Assert.True(exported == 0, exportError);
        var fresh = Directory.CreateTempSubdirectory("notifyorleans-import-");

        var (exit, output, error) = await app.RunAsync($"./run.sh config import '{file.Trim()}'",
            environment: new Dictionary<string, string>(sealedWith) { ["NotifyOrleans__Database__SqliteDirectory"] = fresh.FullName });

        fresh.Delete(recursive: true);
        Assert.True(exit == 0, $"exited {exit}:\n{error}\n{output}");
        Assert.StartsWith("Imported ", output.Trim());
        Assert.DoesNotContain("had no secrets", output);
    }

    [Fact]
    public void The_compose_file_gives_its_nodes_every_setting_the_readmes_cluster_section_asks_for()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var section = readme[readme.IndexOf("Each node needs", StringComparison.Ordinal)..readme.IndexOf("No sticky sessions", StringComparison.Ordinal)];
        var asked = Regex.Matches(section, @"`(NotifyOrleans__\w+)`").Select(m => m.Groups[1].Value).Distinct().ToList();
        var compose = File.ReadAllText(Path.Combine(Repository.Root, "docker-compose.yml"));

        Assert.True(asked.Count >= 5, string.Join(", ", asked));
        Assert.All(asked, setting => Assert.Contains(setting + ":", compose));
    }

    [Fact]
    public void Every_image_the_cluster_runs_is_a_fixed_release()
    {
        var compose = File.ReadAllText(Path.Combine(Repository.Root, "docker-compose.yml"));
        var images = Regex.Matches(compose, @"^\s*image:\s*(\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(images);
        // `latest` (or no tag) pulls another program on the next `docker compose pull`, under nodes already running.
        Assert.All(images, image => Assert.Matches(@":[^:]*\d[^:]*$", image));
        Assert.DoesNotContain(images, image => image.EndsWith(":latest", StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the file's mode
    public async Task The_key_ring_certificate_the_readme_makes_is_one_every_node_loads()
    {
        var folder = Directory.CreateTempSubdirectory("notifyorleans-readme-keyring-").FullName;
        var steps = DocumentedCommands.All().Where(c => c.Contains("deploy/keyring/", StringComparison.Ordinal) || c == "mkdir -p deploy/keyring").ToList();
        var password = File.ReadLines(Path.Combine(Repository.Root, ".env.example")).Single(l => l.StartsWith("KEYRING_CERTIFICATE_PASSWORD=", StringComparison.Ordinal)).Split('=', 2)[1];

        var (exit, _, error) = await app.RunAsync($"set -e; cd '{folder}'; " + string.Join("; ", steps)); // in a folder of its own, not the checkout
        var made = Path.Combine(folder, "deploy", "keyring");
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TestKeyRing.Setting] = Path.Combine(made, "keyring.pfx"), ["DataProtection:CertificatePassword"] = password, // as .env.example gives them
        }).Build();
        using var certificate = KeyRingCertificate.Find(settings, new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=db" });
        var left = Directory.GetFiles(made).Select(Path.GetFileName).ToList();
        var mode = File.GetUnixFileMode(Path.Combine(made, "keyring.pfx"));
        Directory.Delete(folder, recursive: true);

        Assert.True(steps.Count >= 3, string.Join("\n", steps)); // mkdir, the certificate, the PKCS#12 file
        Assert.True(exit == 0, error);
        Assert.True(certificate?.HasPrivateKey, "the file has no private key");
        Assert.Equal(["keyring.pfx"], left); // the private key in the clear is removed
        Assert.True(mode.HasFlag(UnixFileMode.OtherRead), $"{mode}: the image's user (app) cannot read it"); // openssl writes it 0600
    }

    [Fact]
    public async Task The_api_guide_runs_as_written_and_reads_back_no_secret()
    {
        await using var discord = new FakeDiscord();
        await discord.StartAsync();
        const string documentedWebhook = "https://discord.com/api/webhooks/123456/abcdef";
        var guide = File.ReadAllText(DocumentedCommands.ApiGuide);
        Assert.Contains(documentedWebhook, guide);
        Assert.Contains($"export ME={ConsoleTestBase.AdminEmail}", guide); // the person whose notifications the guide sets: the first admin
        await SignInAsync();
        // The page's blocks in order, as one script: the guide's address becomes this app's, and Discord a fake of it.
        var script = "set -euo pipefail\n" + string.Join("\n", DocumentedCommands.BashBlocks(guide))
            .Replace("http://127.0.0.1:5000", app.BaseUrl)
            .Replace(documentedWebhook, discord.CreateWebhook("123456", "abcdef"));

        var (exit, output, error) = await app.RunAsync(script);

        Assert.True(exit == 0, $"the guide's script exited {exit}:\n{error}\n{output}");
        Assert.Contains("\"ok\":true", output); // the channel test reached Discord
        await DeliveryHarness.EventuallyAsync(() => Task.FromResult(discord.Embeds.Count >= 2), TimeSpan.FromSeconds(30), "the test and the failure on Discord");
        Assert.Contains(discord.Embeds, e => e["title"]?.GetValue<string>().Contains("Documents", StringComparison.Ordinal) == true);
        Assert.Contains("\"job\":\"nas-01/documents\"", output); // the deliveries query found it
        Assert.Contains("\"summary\":{\"frequency\":\"weekly\",\"at\":\"08:30\",\"day\":\"friday\"}", output); // the person's notifications were set
        Assert.DoesNotContain("abcdef", output);
        Assert.DoesNotContain("abcdef", app.Output);
        Assert.DoesNotContain("noa_", app.Output);
    }
}
