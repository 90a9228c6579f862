using System.Net.Http.Json;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.FunctionalTests.Fakes;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Api;

/// <summary>
/// The management API as a script uses it (issue #9): channels, job assignments, job defaults,
/// deliveries and ingest keys, with the conventions (400 naming the field, 404, 409) and no secret
/// ever read back.
/// </summary>
public abstract class ManagementApiTests(DatabaseProvider provider) : ConsoleTestBase(provider), IAsyncLifetime
{
    private const string WebhookToken = "tok-API-SECRET-5b4a";
    private readonly FakeDiscord _discord = new();
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        await _discord.StartAsync();
        _api = new ApiClient(App.CreateClient(), await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite));
    }

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    private async Task<string> CreateDiscordAsync(string name = "Ops Discord")
    {
        var (status, body, _) = await _api.JsonAsync("POST", "/api/v1/channels",
            $$$"""{"name":"{{{name}}}","kind":"discord","settings":{"webhookUrl":"{{{_discord.CreateWebhook("77", WebhookToken)}}}","username":"Backups"}}""");
        Assert.True(status == 201, body?.ToJsonString());
        return body!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_script_sets_up_a_discord_channel_for_failures_and_finds_the_delivery_without_reading_a_secret()
    {
        var channel = await CreateDiscordAsync();
        var (testStatus, test, _) = await _api.JsonAsync("POST", $"/api/v1/channels/{channel}/test");
        var (assignStatus, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", $$"""{"assignments":[{"channel":"{{channel}}","when":["failure"]}]}""");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var report = await App.CreateClient().PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("04-fail-missing-source"));
        await new DeliveryHarness(App).DispatchOnceAsync();
        var (_, deliveries, _) = await _api.JsonAsync("GET", $"/api/v1/deliveries?channel={channel}&job=vm/anchor-test");

        Assert.Equal((200, true, "sent"), (testStatus, test!["ok"]!.GetValue<bool>(), test["outcome"]!.GetValue<string>()));
        Assert.Equal("Test message sent. Check that it arrived.", test["message"]!.GetValue<string>());
        Assert.Equal(201, assignStatus); // the job had not reported yet: set up in advance
        Assert.Equal("""[{"channel":"CH","when":["failure"],"enabled":true}]""".Replace("CH", channel), job!["assignments"]!.ToJsonString());
        Assert.True(report.IsSuccessStatusCode);
        var delivery = Assert.Single(deliveries!["deliveries"]!.AsArray());
        Assert.Equal(("sent", "backup.failure", "vm/anchor-test"), (delivery!["status"]!.GetValue<string>(), delivery["event"]!.GetValue<string>(), delivery["job"]!.GetValue<string>()));
        Assert.Equal(1, delivery["sentTogether"]!.GetValue<int>());
        Assert.Equal(2, _discord.Embeds.Count); // the test, and the failure
        foreach (var path in new[] { "/api/v1/channels", $"/api/v1/channels/{channel}", "/api/v1/jobs", "/api/v1/jobs/vm/anchor-test", "/api/v1/deliveries", "/api/v1/ingest-keys", "/api/v1/settings/job-defaults", "/openapi/v1.json" })
            Assert.DoesNotContain(WebhookToken, await (await _api.SendAsync("GET", path)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_patch_that_leaves_the_secret_out_keeps_it_and_null_clears_an_optional_one()
    {
        var channel = await CreateDiscordAsync();

        var (status, patched, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", """{"name":"Night shift","settings":{"username":"Nightly"}}""");
        var (testStatus, test, _) = await _api.JsonAsync("POST", $"/api/v1/channels/{channel}/test");
        var (clearStatus, cleared, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", """{"settings":{"webhookUrl":null}}""");

        Assert.Equal(200, status);
        Assert.Equal(("Night shift", "Nightly"), (patched!["name"]!.GetValue<string>(), patched["settings"]!["username"]!.GetValue<string>()));
        Assert.Equal("""["webhookUrl"]""", patched["secretsSet"]!.ToJsonString());
        Assert.True(test!["ok"]!.GetValue<bool>(), test.ToJsonString()); // the kept URL still works
        Assert.Equal("Nightly", _discord.Payloads.Single()["username"]!.GetValue<string>());
        Assert.Equal((400, "settings.webhookUrl"), (clearStatus, cleared!["field"]!.GetValue<string>())); // required: cannot be cleared
    }

    [Fact]
    public async Task Saving_a_failed_channel_clears_its_error_and_the_time_of_it()
    {
        var channel = await CreateDiscordAsync();
        var wrongToken = _discord.CreateWebhook("77", WebhookToken).Replace(WebhookToken, "wrong-token");
        await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", $$$"""{"settings":{"webhookUrl":"{{{wrongToken}}}"}}""");

        var (_, failed, _) = await _api.JsonAsync("POST", $"/api/v1/channels/{channel}/test");
        var (_, broken, _) = await _api.JsonAsync("GET", $"/api/v1/channels/{channel}");
        var (_, log, _) = await _api.JsonAsync("GET", $"/api/v1/deliveries?channel={channel}");
        var (_, fixedUp, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", $$$"""{"settings":{"webhookUrl":"{{{_discord.CreateWebhook("77", WebhookToken)}}}"}}""");

        Assert.False(failed!["ok"]!.GetValue<bool>());
        // The failed test stays in the delivery log, with the destination's answer, after the response that said it is gone.
        var logged = Assert.Single(log!["deliveries"]!.AsArray());
        Assert.Equal(("dead", "channel.test"), (logged!["status"]!.GetValue<string>(), logged["event"]!.GetValue<string>()));
        Assert.Contains("Invalid Webhook Token", logged["lastError"]!.GetValue<string>());
        Assert.NotNull(broken!["health"]!["lastError"]);
        Assert.NotNull(broken["health"]!["lastErrorAt"]);
        Assert.Equal((true, null, null), (fixedUp!["health"]!["healthy"]!.GetValue<bool>(), fixedUp["health"]!["lastError"], fixedUp["health"]!["lastErrorAt"]));
    }

    [Fact]
    public async Task A_channel_that_is_not_answering_is_not_healthy_as_its_metric_says()
    {
        var channel = await CreateDiscordAsync();
        var (_, before, _) = await _api.JsonAsync("GET", $"/api/v1/channels/{channel}");
        await QueryAsync(db => db.Channels.Where(c => c.Id == Guid.Parse(channel))
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.ConsecutiveFailures, NotifyOrleans.Infrastructure.Channels.Channel.FailuresBeforeFlagged)));
        var (_, after, _) = await _api.JsonAsync("GET", $"/api/v1/channels/{channel}");

        Assert.Equal((true, false), (before!["health"]!["healthy"]!.GetValue<bool>(), before["health"]!["notAnswering"]!.GetValue<bool>()));
        Assert.Equal((false, true), (after!["health"]!["healthy"]!.GetValue<bool>(), after["health"]!["notAnswering"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Renaming_or_switching_off_a_failed_channel_keeps_its_health_and_saving_it_as_it_is_tries_again()
    {
        var channel = await CreateDiscordAsync();
        var wrongToken = _discord.CreateWebhook("77", WebhookToken).Replace(WebhookToken, "wrong-token");
        await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", $$$"""{"settings":{"webhookUrl":"{{{wrongToken}}}"}}""");
        await _api.JsonAsync("POST", $"/api/v1/channels/{channel}/test");
        var (_, broken, _) = await _api.JsonAsync("GET", $"/api/v1/channels/{channel}");

        var (_, renamed, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", """{"name":"Ops Discord (old)"}""");
        var (_, switchedOff, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", """{"enabled":false}""");
        var (_, savedAsItIs, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", """{}""");

        Assert.NotNull(broken!["health"]!["lastError"]);
        Assert.Equal(broken["health"]!.ToJsonString(), renamed!["health"]!.ToJsonString()); // a new name fixes nothing
        Assert.Equal(broken["health"]!.ToJsonString(), switchedOff!["health"]!.ToJsonString());
        Assert.Null(savedAsItIs!["health"]!["lastError"]); // the documented way to try again
    }

    [Theory]
    [InlineData("""{"kind":"discord","settings":{}}""", "name")]
    [InlineData("""{"name":"x","settings":{}}""", "kind")]
    [InlineData("""{"name":"x","kind":"pager","settings":{}}""", "kind")]
    [InlineData("""{"name":"x","kind":"email","settings":{"host":"smtp.example.com","port":"five"}}""", "settings.port")]
    [InlineData("""{"name":"x","kind":"email","settings":{"hots":"smtp.example.com"}}""", "settings.hots")]
    [InlineData("""{"name":"x","kind":"email","settings":{"host":"smtp.example.com","from":"a@example.com","to":"not an address"}}""", "settings.to")]
    [InlineData("""{"name":"x","kind":"email","settings":{"host":"mail server","from":"a@example.com","to":"b@example.com"}}""", "settings.host")] // saved, and failed at each send
    [InlineData("""{"name":"x","kind":"discord","settings":{"webhookUrl":"https://example.com/hook"}}""", "settings.webhookUrl")]
    [InlineData("""{"name":"x","kind":"discord","colour":"red","settings":{}}""", "colour")]
    [InlineData("""["not","an","object"]""", "$")]
    [InlineData("""{"name":""", "$")]
    [InlineData("""{"name":"x","kind":"email","settings":{"host":"smtp.example.com","from":"a@example.com","to":null}}""", "settings.to")] // was a 500
    [InlineData("""{"name":"x","kind":"ntfy","settings":{"serverUrl":null,"topic":"t"}}""", "settings.serverUrl")] // was a 500
    [InlineData("""{"name":"x","kind":"webhook","settings":{"url":"ftp://example.com/hook"}}""", "settings.url")]
    [InlineData("""{"name":"x","kind":"email","settings":{"host":"smtp.example.com","from":"a@example.com","to":["b@example.com","c@example.com"]}}""", "settings.to")] // one text, comma-separated
    [InlineData("""{"name":"x","kind":"ntfy","settings":{"topic":"t","username":"phil"}}""", "settings.password")] // sent with an empty password
    [InlineData("""{"name":"x","kind":"ntfy","settings":{"topic":"t","username":"phil","password":"p","accessToken":"tk_x"}}""", "settings.accessToken")] // one was ignored
    public async Task A_bad_channel_is_refused_with_a_problem_naming_the_field_and_nothing_is_stored(string json, string field)
    {
        var (status, problem, response) = await _api.JsonAsync("POST", "/api/v1/channels", json);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem!["field"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.NotNull(problem["traceId"]);
        Assert.Equal(0, await QueryAsync(db => db.Channels.CountAsync()));
    }

    [Fact]
    public async Task A_setting_that_takes_one_of_some_names_says_them()
    {
        var (status, problem, _) = await _api.JsonAsync("POST", "/api/v1/channels",
            """{"name":"x","kind":"email","settings":{"host":"smtp.example.com","from":"a@example.com","to":"b@example.com","security":"tls"}}""");

        Assert.Equal((400, "settings.security"), (status, problem!["field"]!.GetValue<string>()));
        Assert.Equal("settings.security is one of none, ssl or startTls.", problem["detail"]!.GetValue<string>());
        var (listed, listProblem, _) = await _api.JsonAsync("POST", "/api/v1/channels",
            """{"name":"x","kind":"email","settings":{"host":"smtp.example.com","from":"a@example.com","to":["b@example.com","c@example.com"]}}""");
        Assert.Equal((400, "settings.to is text: several addresses go in one, separated by commas."), (listed, listProblem!["detail"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("overdueRepeat", "1s", 400)] // accepted, it sent 57 emails in a minute
    [InlineData("failureRepeat", "4m", 400)]
    [InlineData("failureRepeat", "5m", 201)]
    public async Task A_repeat_shorter_than_five_minutes_is_refused_by_default(string field, string every, int expected)
    {
        var (status, answer, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", $$"""{"{{field}}":"{{every}}"}""");

        Assert.Equal(expected, status);
        if (expected == 400) Assert.Equal(field, answer!["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"name":"a","name":"b","kind":"discord","settings":{}}""", "$")] // which name would count?
    [InlineData("""{"name":"half \ud800 pair","kind":"discord","settings":{}}""", "name")]
    [InlineData("""{"name":"x","kind":"ntfy","settings":{"topic":"t","topic":"u"}}""", "$")]
    public async Task Bodies_no_reader_could_take_are_refused_up_front(string json, string field)
    {
        var (status, problem, _) = await _api.JsonAsync("POST", "/api/v1/channels", json);
        var notUtf8 = await _api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/channels")
        {
            Headers = { Authorization = (await _api.SendAsync("GET", "/api/v1/channels")).RequestMessage!.Headers.Authorization },
            Content = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        });

        Assert.Equal((400, field), (status, problem!["field"]!.GetValue<string>()));
        Assert.Equal(400, (int)notUtf8.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.Channels.CountAsync()));
    }

    [Fact]
    public async Task A_webhook_that_redirects_is_a_failure_naming_where_it_points_and_the_redirect_is_not_followed()
    {
        await using var moved = new FakeWebhookReceiver();
        await using var landing = new FakeWebhookReceiver(); // a sign-in page: it would answer a GET with 200
        await moved.StartAsync();
        await landing.StartAsync();
        moved.RedirectTo = landing.BaseUrl + "/login?next=/hooks/SECRET-PATH";
        var (_, created, _) = await _api.JsonAsync("POST", "/api/v1/channels", $$$"""{"name":"Moved","kind":"webhook","settings":{"url":"{{{moved.BaseUrl}}}/hooks/SECRET-PATH"}}""");

        var (_, test, _) = await _api.JsonAsync("POST", $"/api/v1/channels/{created!["id"]!.GetValue<string>()}/test");

        Assert.False(test!["ok"]!.GetValue<bool>(), test.ToJsonString());
        Assert.Contains($"answered 302 Found, a redirect to {landing.BaseUrl}:", test["message"]!.GetValue<string>());
        Assert.DoesNotContain("SECRET-PATH", test.ToJsonString());
        Assert.Equal("POST", Assert.Single(moved.Received).Method);
        Assert.Empty(landing.Received);
    }

    [Fact]
    public async Task A_saved_password_or_token_does_not_follow_the_channel_to_another_host_unless_given_again()
    {
        var (_, mail, _) = await _api.JsonAsync("POST", "/api/v1/channels",
            """{"name":"Mail","kind":"email","settings":{"host":"smtp.example.com","username":"ops","password":"SMTP-SECRET","from":"b@example.com","to":"ops@example.com"}}""");
        var (_, push, _) = await _api.JsonAsync("POST", "/api/v1/channels",
            """{"name":"Push","kind":"ntfy","settings":{"serverUrl":"https://ntfy.example.com","topic":"backups","accessToken":"tk_SECRET"}}""");
        var (mailId, pushId) = (mail!["id"]!.GetValue<string>(), push!["id"]!.GetValue<string>());

        var (movedHost, refused, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{mailId}", """{"settings":{"host":"mx.attacker.example","security":"none"}}""");
        var (movedServer, refusedToken, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{pushId}", """{"settings":{"serverUrl":"https://attacker.example"}}""");
        var (samePlace, _, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{mailId}", """{"settings":{"to":"team@example.com"}}""");
        var (newPath, _, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{pushId}", """{"settings":{"serverUrl":"https://NTFY.example.com/"}}""");
        var (givenAgain, moved, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{mailId}", """{"settings":{"host":"smtp2.example.com","password":"NEW-SECRET"}}""");

        Assert.Equal((400, "settings.password"), (movedHost, refused!["field"]!.GetValue<string>()));
        Assert.StartsWith("Enter the password again (or clear it): the host changed", refused["detail"]!.GetValue<string>());
        Assert.Equal((400, "settings.accessToken"), (movedServer, refusedToken!["field"]!.GetValue<string>()));
        Assert.Equal((200, 200, 200), (samePlace, newPath, givenAgain));
        Assert.Equal("smtp2.example.com", moved!["settings"]!["host"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_login_in_a_webhook_or_ntfy_url_is_refused_naming_the_field_and_never_echoed()
    {
        // The HTTP client sends no login from a URL: a webhook's was accepted and silently dropped.
        var (webhookStatus, webhookProblem, _) = await _api.JsonAsync("POST", "/api/v1/channels",
            """{"name":"Hook","kind":"webhook","settings":{"url":"http://user:HOOK-PASSWORD@127.0.0.1:9/notify"}}""");
        var (ntfyStatus, ntfyProblem, _) = await _api.JsonAsync("POST", "/api/v1/channels",
            """{"name":"Push","kind":"ntfy","settings":{"serverUrl":"https://me:NTFY-PASSWORD@ntfy.example.com","topic":"backups"}}""");

        Assert.Equal((400, "settings.url"), (webhookStatus, webhookProblem!["field"]!.GetValue<string>()));
        Assert.Contains("Authorization: Basic", webhookProblem["detail"]!.GetValue<string>());
        Assert.Equal((400, "settings.serverUrl"), (ntfyStatus, ntfyProblem!["field"]!.GetValue<string>()));
        foreach (var text in new[] { webhookProblem.ToJsonString(), ntfyProblem.ToJsonString() })
        {
            Assert.DoesNotContain("HOOK-PASSWORD", text);
            Assert.DoesNotContain("NTFY-PASSWORD", text);
        }

        Assert.Equal(0, await QueryAsync(db => db.Channels.CountAsync()));
    }

    [Fact]
    public async Task Channels_created_at_once_under_one_name_give_one_201_and_409s()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            _api.JsonAsync("POST", "/api/v1/channels", """{"name":"Race","kind":"webhook","settings":{"url":"http://127.0.0.1:9/hook"}}""")));
        var (caseTwin, _, _) = await _api.JsonAsync("POST", "/api/v1/channels", """{"name":"race","kind":"webhook","settings":{"url":"http://127.0.0.1:9/hook"}}""");
        var (controlChars, problem, _) = await _api.JsonAsync("POST", "/api/v1/channels", """{"name":"two\nlines","kind":"webhook","settings":{"url":"http://127.0.0.1:9/hook"}}""");

        Assert.Equal(1, attempts.Count(a => a.Status == 201));
        Assert.All(attempts.Where(a => a.Status != 201), a => Assert.Equal(409, a.Status));
        Assert.Equal(409, caseTwin);
        Assert.Equal((400, "name"), (controlChars, problem!["field"]!.GetValue<string>()));
        Assert.Equal(1, await QueryAsync(db => db.Channels.CountAsync()));
    }

    [Fact]
    public async Task An_if_match_that_is_no_tag_is_refused_and_an_empty_edit_changes_no_version()
    {
        var channel = await CreateDiscordAsync();

        var (garbage, garbageProblem, _) = await SendWithRawIfMatchAsync($"/api/v1/channels/{channel}", "1");
        var (weak, _, _) = await SendWithRawIfMatchAsync($"/api/v1/channels/{channel}", "W/\"1\"");
        var (missingJob, _, _) = await SendWithRawIfMatchAsync("/api/v1/jobs/nas-01/never-seen", "\"abc\"");
        var (empty, unchanged, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", "{}");

        Assert.Equal((400, "If-Match"), (garbage, garbageProblem!["field"]!.GetValue<string>()));
        Assert.Equal(409, weak); // If-Match compares strongly
        Assert.Equal(409, missingJob); // not created: the script expected a job that is not there
        Assert.Equal((200, 1), (empty, unchanged!["version"]!.GetValue<int>()));
        Assert.Null(await QueryAsync(db => new NotifyOrleans.Infrastructure.Jobs.JobQueries(db).FindAsync("nas-01/never-seen")));
    }

    /// <summary>A PATCH (or a DELETE) with an If-Match header as written, entity tag or not.</summary>
    private async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendWithRawIfMatchAsync(string path, string ifMatch, bool delete = false)
    {
        var request = delete ? new HttpRequestMessage(HttpMethod.Delete, path)
            : new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent("""{"enabled":false}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = (await _api.SendAsync("GET", "/api/v1/channels")).RequestMessage!.Headers.Authorization;
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var response = await _api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    [Fact]
    public async Task An_escaped_slash_in_a_job_path_is_the_slash_the_reports_name()
    {
        var channel = await CreateDiscordAsync();

        var (created, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs%2Fsub", $$"""{"assignments":[{"channel":"{{channel}}","when":["failure"]}]}""");
        var (badServer, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas%2F01/docs", "{}");

        Assert.Equal((201, "nas-01/docs/sub"), (created, job!["id"]!.GetValue<string>()));
        Assert.Equal((400, "server"), (badServer, problem!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_openapi_document_describes_each_route_with_the_credential_it_takes()
    {
        var document = JsonNode.Parse(await App.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        string Schemes(string path, string method) => string.Join(",", document["paths"]![path]![method]!["security"]!.AsArray().Select(r => r!.AsObject().First().Key));

        Assert.Equal("apiToken", Schemes("/api/v1/channels", "post"));
        Assert.Equal("apiToken,ingestKey", Schemes("/api/v1/jobs", "get"));
        Assert.Equal("ingestKey", Schemes("/api/v1/runs", "post"));
        Assert.Null(document["components"]!["schemas"]!["ChannelPatch"]!["required"]); // a PATCH sends what it changes
        Assert.NotNull(document["paths"]!["/api/v1/channels/{idOrName}"]!["patch"]!["responses"]!["409"]);
        Assert.Equal("integer", document["components"]!["schemas"]!["DeliveryView"]!["properties"]!["attempts"]!["type"]!.ToString());
        foreach (var list in new[] { "runs", "timeline" })
        {
            var limit = document["paths"]![$"/api/v1/jobs/{{server}}/{{job}}/{list}"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.ToString() == "limit")!["schema"]!;
            Assert.Equal(("integer", "1", "500", "50"), (limit["type"]!.ToString(), limit["minimum"]!.ToString(), limit["maximum"]!.ToString(), limit["default"]!.ToString()));
        }
    }

    [Fact]
    public async Task Conflicting_edits_get_409_unknown_ids_404()
    {
        var channel = await CreateDiscordAsync();
        await CreateDiscordAsync("Second");
        var (_, _, read) = await _api.JsonAsync("GET", $"/api/v1/channels/{channel}");
        var etag = read.Headers.ETag!.Tag;

        var (first, firstAnswer, firstResponse) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", """{"enabled":false}""", etag);
        var (stale, staleProblem, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", """{"enabled":true}""", etag);
        var (next, _, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", """{"enabled":false}""", firstResponse.Headers.ETag!.Tag); // the answer's tag is current
        var (sameName, nameProblem, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{channel}", """{"name":"Second"}""");
        var missing = new[]
        {
            await _api.JsonAsync("GET", $"/api/v1/channels/{Guid.NewGuid()}"),
            await _api.JsonAsync("POST", $"/api/v1/channels/{Guid.NewGuid()}/test"),
            await _api.JsonAsync("DELETE", $"/api/v1/channels/{Guid.NewGuid()}"),
            await _api.JsonAsync("GET", "/api/v1/jobs/nas/never-seen"),
            await _api.JsonAsync("POST", "/api/v1/deliveries/424242/retry"),
            await _api.JsonAsync("DELETE", $"/api/v1/ingest-keys/{Guid.NewGuid()}"),
            // Not an id's shape: told that no delivery or key has it, not "No such API route".
            await _api.JsonAsync("GET", "/api/v1/deliveries/last"),
            await _api.JsonAsync("POST", "/api/v1/deliveries/-1/cancel"),
            await _api.JsonAsync("DELETE", "/api/v1/ingest-keys/no-such-key"),
        };

        Assert.Equal((200, 409, 409, 200), (first, stale, sameName, next));
        Assert.Equal((2, "\"2\""), (firstAnswer!["version"]!.GetValue<int>(), firstResponse.Headers.ETag!.Tag)); // it answered the version before the edit
        Assert.Contains("changed since you read it", staleProblem!["detail"]!.GetValue<string>());
        Assert.Equal("name", nameProblem!["field"]!.GetValue<string>());
        Assert.All(missing, m => Assert.Equal(404, m.Status));
        Assert.All(missing, m => Assert.StartsWith("No such", m.Body!["title"]!.GetValue<string>()));
        Assert.Equal("No delivery has the id last. GET /api/v1/deliveries lists them.", missing[6].Body!["detail"]!.GetValue<string>());
        Assert.Equal("No ingest key has the id no-such-key, and no active one the name. GET /api/v1/ingest-keys lists them.", missing[8].Body!["detail"]!.GetValue<string>());
        var saved = await QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(channel)));
        Assert.Equal(("Ops Discord", false), (saved.Name, saved.Enabled)); // the stale edit changed nothing
    }

    [Fact]
    public async Task A_jobs_notes_are_set_by_patch_carried_by_its_failure_notice_only_and_not_read_by_an_ingest_key()
    {
        var channel = await CreateDiscordAsync();
        const string notes = "The NAS sleeps on Sundays: wake it with wakeonlan. Otherwise call Sam.";
        var (status, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test",
            $$"""{"assignments":[{"channel":"{{channel}}","when":["always"]}],"notes":"  {{notes}}  "}""");
        var (tooLong, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", $$"""{"notes":"{{new string('x', 1001)}}"}""");
        var (notText, notTextProblem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"notes":42}""");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var reporter = App.CreateClient();
        await reporter.PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("01-success"));
        await reporter.PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("04-fail-missing-source"));
        await new DeliveryHarness(App).DispatchOnceAsync();
        var (_, asKey, _) = await new ApiClient(App.CreateClient(), key).JsonAsync("GET", "/api/v1/jobs/vm/anchor-test");
        var (_, cleared, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"notes":""}""");

        Assert.Equal((201, notes), (status, job!["notes"]!.GetValue<string>())); // trimmed
        Assert.Equal((400, "notes"), (tooLong, problem!["field"]!.GetValue<string>()));
        Assert.Contains("at most 1000 characters", problem["detail"]!.GetValue<string>());
        Assert.Equal((400, "notes"), (notText, notTextProblem!["field"]!.GetValue<string>()));
        var told = _discord.Embeds.Select(e => (Title: e["title"]!.GetValue<string>(),
            Notes: e["fields"]?.AsArray().FirstOrDefault(f => f!["name"]!.GetValue<string>() == "Notes")?["value"]?.GetValue<string>())).ToList();
        Assert.Equal(2, told.Count);
        Assert.Single(told, t => t.Notes == notes); // the failure
        Assert.Single(told, t => t.Notes is null); // the success: no problem, no notes
        Assert.Null(asKey!["notes"]); // notes may name people and numbers
        Assert.Null(cleared!["notes"]);
    }

    [Fact]
    public async Task A_job_told_only_of_the_first_failure_sends_one_failure_and_one_recovery_for_three_failed_runs()
    {
        var channel = await CreateDiscordAsync();
        var (status, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test",
            $$"""{"assignments":[{"channel":"{{channel}}","when":["failure"]}],"onlyFirstFailure":true}""");
        var (notABool, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"onlyFirstFailure":"yes"}""");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var reporter = App.CreateClient();
        for (var run = 0; run < 3; run++)
            await reporter.PostAsync($"/api/v1/runs?key={key}", new StringContent($$"""{"server":"vm","job":"anchor-test","status":"failure","runId":"f{{run}}"}""", System.Text.Encoding.UTF8, "application/json"));
        await reporter.PostAsync($"/api/v1/runs?key={key}", new StringContent("""{"server":"vm","job":"anchor-test","status":"success","runId":"ok"}""", System.Text.Encoding.UTF8, "application/json"));
        var (_, runs, _) = await _api.JsonAsync("GET", "/api/v1/jobs/vm/anchor-test/runs?limit=4");

        Assert.Equal((201, true), (status, job!["onlyFirstFailure"]!.GetValue<bool>()));
        Assert.Equal((400, "onlyFirstFailure"), (notABool, problem!["field"]!.GetValue<string>()));
        var notices = await QueryAsync(db => db.Outbox.AsNoTracking().OrderBy(r => r.Id).Select(r => r.EventType).ToListAsync());
        Assert.Equal(["backup.failure", "backup.recovered"], notices);
        var secondFailure = runs!.AsArray().Single(r => r!["runId"]!.GetValue<string>() == "f1")!;
        Assert.Contains(NotifyOrleans.Domain.Grains.BackupJobs.RunRoute.FollowUpWhy, // why its channel was not told, in its "who was told"
            secondFailure.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public async Task A_script_pages_through_a_jobs_runs_by_the_Link_header_and_an_unknown_run_is_named()
    {
        var key = await ApiClient.CreateIngestKeyAsync(App);
        var reporter = App.CreateClient();
        var ended = DateTimeOffset.UtcNow.AddDays(-1);
        for (var run = 0; run < 5; run++)
            Assert.True((await reporter.PostAsync($"/api/v1/runs?key={key}", JsonContent.Create(new { server = "vm", job = "paged", status = "success", runId = $"p{run}", endedAt = ended.AddHours(run) }))).IsSuccessStatusCode);

        var pages = new List<string[]>();
        string? next = "/api/v1/jobs/vm/paged/runs?limit=2";
        while (next is not null && pages.Count < 5)
        {
            var (status, runs, response) = await _api.JsonAsync("GET", next);
            Assert.Equal(200, status);
            pages.Add(runs!.AsArray().Select(r => r!["runId"]!.GetValue<string>()).ToArray());
            next = response.Headers.TryGetValues("Link", out var link) ? System.Text.RegularExpressions.Regex.Match(link.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value : null;
        }
        var (unknown, problem, _) = await _api.JsonAsync("GET", "/api/v1/jobs/vm/paged/runs?before=p9");

        Assert.Equal([["p4", "p3"], ["p2", "p1"], ["p0"]], pages);
        Assert.Equal((400, "before"), (unknown, problem!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_escalation_step_with_a_bad_or_no_trigger_and_nobody_to_notify_is_told_both_at_once()
    {
        var (status, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"escalation":[{"after":"abc","channels":[]}]}""");
        var (_, noTrigger, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"escalation":[{"channels":[]}]}""");
        var (_, noRecipients, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"escalation":[{"after":"1h"}]}""");

        Assert.Equal(["escalation[0]", "escalation[0].channels"], noTrigger!["errors"]!.AsObject().Select(e => e.Key).Order());

        Assert.Equal((400, "escalation[0].after"), (status, problem!["field"]!.GetValue<string>()));
        Assert.Equal(["escalation[0].after", "escalation[0].channels"], problem["errors"]!.AsObject().Select(e => e.Key).Order()); // not in a second round
        Assert.Equal("A step notifies at least one channel or user.", problem["errors"]!["escalation[0].channels"]![0]!.GetValue<string>());
        // Neither channels nor users given: that, not "escalation[0].channels lists channels by id or name".
        Assert.Equal(["A step notifies at least one channel or user."], noRecipients!["errors"]!["escalation[0].channels"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task A_script_names_channels_by_name_in_assignments_and_escalation_steps_and_an_unknown_name_is_refused()
    {
        var ops = await CreateDiscordAsync("Ops Discord");
        var pager = await CreateDiscordAsync("Pager");

        var (status, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test",
            """{"assignments":[{"channel":"ops discord","when":["failure"]}],"escalation":[{"after":"4h","channels":[" Pager "]}]}""");
        var (unknown, unknownProblem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"assignments":[{"channel":"Opps","when":["failure"]}]}""");
        var (unknownStep, stepProblem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"escalation":[{"after":"4h","channels":["Pager",""]}]}""");

        Assert.Equal(201, status);
        Assert.Equal(ops, job!["assignments"]![0]!["channel"]!.GetValue<string>()); // read back by id
        Assert.Equal(pager, job["escalation"]![0]!["channels"]![0]!.GetValue<string>());
        Assert.Equal((400, "assignments[0].channel"), (unknown, unknownProblem!["field"]!.GetValue<string>()));
        Assert.Contains("no channel is named Opps", unknownProblem["detail"]!.GetValue<string>());
        Assert.Equal((400, "escalation[0].channels[1]"), (unknownStep, stepProblem!["field"]!.GetValue<string>()));
        var (routeByName, read, _) = await _api.JsonAsync("GET", "/api/v1/channels/ops%20DISCORD");
        var (routeUnknown, routeProblem, _) = await _api.JsonAsync("POST", "/api/v1/channels/Opps/test");
        Assert.Equal((200, ops), (routeByName, read!["id"]!.GetValue<string>()));
        Assert.Equal((404, "No channel is named Opps (GET /api/v1/channels lists them)."), (routeUnknown, routeProblem!["detail"]!.GetValue<string>()));
        var slashed = await CreateDiscordAsync("ops/night");
        var (slashedStatus, slashedRead, _) = await _api.JsonAsync("GET", "/api/v1/channels/ops%2Fnight");
        Assert.Equal((200, slashed), (slashedStatus, slashedRead!["id"]!.GetValue<string>()));
        // A name that reads as an id would name another channel (or none): refused.
        var (idLike, idLikeProblem, _) = await _api.JsonAsync("PATCH", $"/api/v1/channels/{pager}", $$"""{"name":"{{ops}}"}""");
        Assert.Equal((400, "name"), (idLike, idLikeProblem!["field"]!.GetValue<string>()));
        var (byName, _, _) = await _api.JsonAsync("GET", "/api/v1/deliveries?channel=Ops%20Discord");
        var (badName, nameProblem, _) = await _api.JsonAsync("GET", "/api/v1/deliveries?channel=Opps");
        Assert.Equal(200, byName);
        Assert.Equal((400, "channel"), (badName, nameProblem!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Job_assignments_round_trip_and_a_stale_job_edit_is_refused()
    {
        var channel = await CreateDiscordAsync();
        var quiet = await CreateDiscordAsync("Quiet");
        var key = await ApiClient.CreateIngestKeyAsync(App);
        await App.CreateClient().PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("01-success"));
        var (_, _, read) = await _api.JsonAsync("GET", "/api/v1/jobs/vm/anchor-test");
        var etag = read.Headers.ETag!.Tag;

        var (status, job, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/VM/Anchor-Test",
            $$"""{"assignments":[{"channel":"{{channel}}","when":["success","overdue","warning","failure"]},{"channel":"{{quiet}}","when":["failure"],"enabled":false}],"warningsAreFailures":false}""", etag);
        var (stale, _, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"warningsAreFailures":true}""", etag);
        var (bad, problem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", $$"""{"assignments":[{"channel":"{{Guid.NewGuid()}}","when":["failure"]}]}""");
        var (badWhen, whenProblem, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", $$"""{"assignments":[{"channel":"{{channel}}","when":["sometimes"]}]}""");

        Assert.Equal(200, status);
        Assert.Equal($$"""[{"channel":"{{channel}}","when":["failure","warning","success","overdue"],"enabled":true},{"channel":"{{quiet}}","when":["failure"],"enabled":false}]""",
            job!["assignments"]!.ToJsonString());
        Assert.False(job["warningsAreFailures"]!.GetValue<bool>());
        Assert.Equal("success", job["status"]!.GetValue<string>());
        Assert.Equal(409, stale);
        Assert.Equal((400, "assignments[0].channel"), (bad, problem!["field"]!.GetValue<string>()));
        Assert.Equal((400, "assignments[0].when[0]"), (badWhen, whenProblem!["field"]!.GetValue<string>()));
        var state = await QueryAsync(db => new NotifyOrleans.Infrastructure.Jobs.JobQueries(db).FindAsync("vm/anchor-test"));
        Assert.Equal(2, state!.Assignments.Count); // Always (all four), and the disabled OnFailure: the refused edits changed nothing
        Assert.False(state.WarningsAreFailures);
        var (always, shorthand, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", $$"""{"assignments":[{"channel":"{{channel}}","when":["always"]}]}""");
        Assert.Equal((200, """["failure","warning","success","overdue"]"""), (always, shorthand!["assignments"]![0]!["when"]!.ToJsonString()));
    }

    [Fact]
    public async Task A_deleted_channel_leaves_the_jobs_it_was_assigned_to_and_what_was_read_can_be_sent_back()
    {
        var kept = await CreateDiscordAsync();
        var deleted = await CreateDiscordAsync("Old pager");
        await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs", $$"""{"assignments":[{"channel":"{{kept}}","when":["failure"]},{"channel":"{{deleted}}","when":["failure"]}]}""");

        var (deleteStatus, _, _) = await _api.JsonAsync("DELETE", $"/api/v1/channels/{deleted}");
        var (_, job, _) = await _api.JsonAsync("GET", "/api/v1/jobs/nas-01/docs");
        var (sentBack, _, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/docs", new JsonObject { ["assignments"] = job!["assignments"]!.DeepClone() }.ToJsonString());

        Assert.Equal(204, deleteStatus);
        Assert.Equal(kept, Assert.Single(job["assignments"]!.AsArray())!["channel"]!.GetValue<string>());
        Assert.Equal(200, sentBack);
    }

    [Fact]
    public async Task A_deleted_job_goes_with_its_runs_timeline_and_reminder_and_a_later_report_starts_it_afresh()
    {
        var key = await ApiClient.CreateIngestKeyAsync(App);
        using var reporter = App.CreateClient();
        (await reporter.PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("01-success"))).EnsureSuccessStatusCode();
        (await reporter.PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("04-fail-missing-source"))).EnsureSuccessStatusCode(); // a timeline line
        var (scheduled, _, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"schedule":{"every":"1D"}}"""); // a reminder
        async Task<(int Jobs, int Runs, int Lines, int Reminders)> RowsAsync() => await QueryAsync(async db => (
            await db.BackupJobs.CountAsync(), await db.BackupRuns.CountAsync(r => r.JobKey == "vm/anchor-test"),
            await db.JobEvents.CountAsync(e => e.JobKey == "vm/anchor-test"), await db.Reminders.CountAsync(r => r.GrainId.Contains("vm/anchor-test"))));
        var before = await RowsAsync();
        var (_, _, read) = await _api.JsonAsync("GET", "/api/v1/jobs/vm/anchor-test");
        var (changed, _, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"grace":"2h"}"""); // someone else's edit
        var (stale, _, _) = await _api.JsonAsync("DELETE", "/api/v1/jobs/vm/anchor-test", null, read.Headers.ETag!.Tag);
        var (notATag, _, _) = await SendWithRawIfMatchAsync("/api/v1/jobs/vm/anchor-test", "abc", delete: true);
        var stillThere = await RowsAsync();

        var (deleted, _, _) = await _api.JsonAsync("DELETE", "/api/v1/jobs/VM/Anchor-Test");
        var (gone, _, _) = await _api.JsonAsync("GET", "/api/v1/jobs/vm/anchor-test");
        var (again, problem, _) = await _api.JsonAsync("DELETE", "/api/v1/jobs/vm/anchor-test");
        var after = await RowsAsync();
        (await reporter.PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("01-success"))).EnsureSuccessStatusCode();
        var (_, reborn, _) = await _api.JsonAsync("GET", "/api/v1/jobs/vm/anchor-test");

        Assert.Equal(200, scheduled);
        Assert.Equal((1, 2, 1, 1), (before.Jobs, before.Runs, before.Lines > 0 ? 1 : 0, before.Reminders));
        Assert.Equal((200, 409, 400, before), (changed, stale, notATag, stillThere)); // an If-Match of an older version, or no tag at all, deletes nothing
        Assert.Equal((204, 404, 404, "No such job"), (deleted, gone, again, problem!["title"]!.GetValue<string>()));
        Assert.Equal((0, 0, 0, 0), after);
        // The same report as before is new to the new job (its history went), with none of the old settings.
        Assert.Equal(1, reborn!["runs"]!["total"]!.GetValue<int>());
        Assert.Equal("success", reborn["status"]!.GetValue<string>());
        Assert.Null(reborn["schedule"]);
    }

    [Fact]
    public async Task Job_defaults_are_what_a_new_job_starts_with()
    {
        var channel = await CreateDiscordAsync();

        var (_, before, _) = await _api.JsonAsync("GET", "/api/v1/settings/job-defaults");
        var (status, _, _) = await _api.JsonAsync("PUT", "/api/v1/settings/job-defaults", $$"""{"assignments":[{"channel":"{{channel}}","when":["failure","warning"]}],"onlyFirstFailure":true}""");
        var (notABool, problem, _) = await _api.JsonAsync("PUT", "/api/v1/settings/job-defaults", """{"onlyFirstFailure":"yes"}""");
        var (_, defaults, _) = await _api.JsonAsync("GET", "/api/v1/settings/job-defaults");
        await App.CreateClient().PostAsync($"/api/upload?key={await ApiClient.CreateIngestKeyAsync(App)}", Fixtures.DuplicatiContent("01-success"));
        var (_, job, _) = await _api.JsonAsync("GET", "/api/v1/jobs/vm/anchor-test");
        await App.CreateClient().GetAsync($"/ping/{await ApiClient.CreatePingKeyAsync(App, "db-01", "dump")}/start"); // a ping's start sets a job up too
        var (_, pinged, _) = await _api.JsonAsync("GET", "/api/v1/jobs/db-01/dump");
        var (created, ahead, _) = await _api.JsonAsync("PATCH", "/api/v1/jobs/db-01/ahead", """{"grace":"1h"}"""); // set up before its first report
        await _api.JsonAsync("PATCH", "/api/v1/jobs/vm/anchor-test", """{"onlyFirstFailure":false}""");
        var (_, unchanged, _) = await _api.JsonAsync("GET", "/api/v1/settings/job-defaults");

        Assert.False(before!["onlyFirstFailure"]!.GetValue<bool>()); // every failed run is told until someone says otherwise
        Assert.Equal(200, status);
        Assert.Equal((400, "onlyFirstFailure"), (notABool, problem!["field"]!.GetValue<string>()));
        Assert.Equal($$"""{"assignments":[{"channel":"{{channel}}","when":["failure","warning"],"enabled":true}],"escalation":[],"applyDetectedSchedules":false,"onlyFirstFailure":true}""", defaults!.ToJsonString());
        Assert.Equal(defaults["assignments"]!.ToJsonString(), job!["assignments"]!.ToJsonString());
        Assert.Equal((true, true, 201, true), (job["onlyFirstFailure"]!.GetValue<bool>(), pinged!["onlyFirstFailure"]!.GetValue<bool>(), created, ahead!["onlyFirstFailure"]!.GetValue<bool>()));
        Assert.True(unchanged!["onlyFirstFailure"]!.GetValue<bool>()); // a job's own choice is its own
    }

    [Fact]
    public async Task Deliveries_are_filtered_paged_retried_and_cancelled()
    {
        var harness = new DeliveryHarness(App);
        var channel = await CreateDiscordAsync();
        var other = await harness.AddChannelAsync("Hook", new NotifyOrleans.Infrastructure.Channels.Webhook.WebhookSettings { Url = "http://127.0.0.1:9/hook" });
        await harness.EnqueueAsync(Guid.Parse(channel), Enumerable.Range(1, 5).Select(i => (Channels.SampleMessages.Failure($"job-{i}"), $"d{i}")).ToArray());
        await harness.EnqueueAsync(other, (Channels.SampleMessages.Failure("hook"), "h1"));
        var rows = await harness.RowsAsync();
        await QueryAsync(db => db.Outbox.Where(r => r.DedupKey == "d1").ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, OutboxStatus.Dead)));

        var (_, page1, _) = await _api.JsonAsync("GET", $"/api/v1/deliveries?channel={channel}&pageSize=2");
        var (_, page3, _) = await _api.JsonAsync("GET", $"/api/v1/deliveries?channel={channel}&pageSize=2&page=3");
        var (_, dead, _) = await _api.JsonAsync("GET", "/api/v1/deliveries?status=dead");
        var (_, future, _) = await _api.JsonAsync("GET", $"/api/v1/deliveries?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");
        var deadId = dead!["deliveries"]![0]!["id"]!.GetValue<long>();
        var (retried, retry, _) = await _api.JsonAsync("POST", $"/api/v1/deliveries/{deadId}/retry");
        var hookId = rows.Single(r => r.DedupKey == "h1").Id;
        var (cancelled, cancel, _) = await _api.JsonAsync("POST", $"/api/v1/deliveries/{hookId}/cancel");
        var (again, _, _) = await _api.JsonAsync("POST", $"/api/v1/deliveries/{hookId}/cancel");
        var (badStatus, problem, _) = await _api.JsonAsync("GET", "/api/v1/deliveries?status=lost");
        var (byNumber, _, _) = await _api.JsonAsync("GET", "/api/v1/deliveries?status=1");
        var (farPage, _, _) = await _api.JsonAsync("GET", "/api/v1/deliveries?page=4294969&pageSize=500");
        var (misspelt, typo, _) = await _api.JsonAsync("GET", "/api/v1/deliveries?stauts=dead");
        var (jobsMisspelt, jobsTypo, _) = await _api.JsonAsync("GET", "/api/v1/jobs?sever=nas-01");
        await QueryAsync(db => db.Outbox.Where(r => r.DedupKey == "d2").ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, OutboxStatus.Dead).SetProperty(r => r.LastError, "HTTP 404: Unknown Webhook")));
        var deletedChannelsId = rows.Single(r => r.DedupKey == "d2").Id;
        await _api.JsonAsync("DELETE", $"/api/v1/channels/{channel}");
        var (nowhere, nowhereProblem, _) = await _api.JsonAsync("POST", $"/api/v1/deliveries/{deletedChannelsId}/retry");
        var afterwards = await QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(r => r.Id == deletedChannelsId));

        Assert.Equal((5, 2, 2), (page1!["total"]!.GetValue<int>(), page1["deliveries"]!.AsArray().Count, page1["pageSize"]!.GetValue<int>()));
        Assert.Single(page3!["deliveries"]!.AsArray());
        Assert.Equal(1, dead["total"]!.GetValue<int>());
        Assert.Equal(0, future!["total"]!.GetValue<int>());
        Assert.Equal((200, "pending"), (retried, retry!["status"]!.GetValue<string>()));
        Assert.Equal((200, "cancelled", 409), (cancelled, cancel!["status"]!.GetValue<string>(), again));
        Assert.Contains("API token script", cancel["lastError"]!.GetValue<string>());
        Assert.Equal((400, "status"), (badStatus, problem!["field"]!.GetValue<string>()));
        Assert.Equal(400, byNumber); // a name, not the enum's number
        Assert.Equal("status is one of pending, sent, dead, cancelled, held, digested.", problem["detail"]!.GetValue<string>()); // each one it takes
        Assert.Equal(400, farPage); // not page 1 again, as an overflowing offset would give
        Assert.Equal((400, "stauts"), (misspelt, typo!["field"]!.GetValue<string>())); // not every delivery, as if unfiltered
        Assert.Equal((400, "sever"), (jobsMisspelt, jobsTypo!["field"]!.GetValue<string>()));
        Assert.Equal(409, nowhere); // its channel deleted: retried, it would die again at once
        Assert.Contains("channel that has been deleted", nowhereProblem!["detail"]!.GetValue<string>());
        Assert.Equal((OutboxStatus.Dead, "HTTP 404: Unknown Webhook"), (afterwards.Status, afterwards.LastError)); // the destination's answer kept
    }

    [Fact]
    public async Task A_waiting_deliverys_next_attempt_and_error_are_its_channels_wait()
    {
        var harness = new DeliveryHarness(App);
        var backingOff = await harness.AddChannelAsync("Hook", new NotifyOrleans.Infrastructure.Channels.Webhook.WebhookSettings { Url = "http://127.0.0.1:9/hook" });
        var switchedOff = await harness.AddChannelAsync("Off", new NotifyOrleans.Infrastructure.Channels.Webhook.WebhookSettings { Url = "http://127.0.0.1:9/off" });
        var failedOnce = await harness.AddChannelAsync("Once", new NotifyOrleans.Infrastructure.Channels.Webhook.WebhookSettings { Url = "http://127.0.0.1:9/once" });
        var until = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeMilliseconds());
        await QueryAsync(db => db.Channels.Where(c => c.Id == backingOff).ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsecutiveFailures, 3).SetProperty(c => c.BlockedUntil, until).SetProperty(c => c.LastError, "Connection refused")));
        await QueryAsync(db => db.Channels.Where(c => c.Id == switchedOff).ExecuteUpdateAsync(s => s.SetProperty(c => c.Enabled, false)));
        await QueryAsync(db => db.Channels.Where(c => c.Id == failedOnce).ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsecutiveFailures, 1).SetProperty(c => c.BlockedUntil, until).SetProperty(c => c.LastError, "HTTP 502")));
        await harness.EnqueueAsync(backingOff, (Channels.SampleMessages.Failure("waits"), "w1"));
        await harness.EnqueueAsync(failedOnce, (Channels.SampleMessages.Failure("once"), "f1"));
        await harness.EnqueueAsync(switchedOff, (Channels.SampleMessages.Failure("off"), "o1"));

        var (_, waiting, _) = await _api.JsonAsync("GET", $"/api/v1/deliveries?channel={backingOff}");
        var (_, off, _) = await _api.JsonAsync("GET", $"/api/v1/deliveries?channel={switchedOff}");
        var (_, once, _) = await _api.JsonAsync("GET", $"/api/v1/deliveries?channel={failedOnce}");

        var row = waiting!["deliveries"]![0]!;
        Assert.Equal((until, "Waiting: the channel is not answering (3 failures in a row): Connection refused"), // its last error too: the row's own is hidden behind the wait
            (row["nextAttemptAt"]!.GetValue<DateTimeOffset>(), row["lastError"]!.GetValue<string>()));
        var offRow = off!["deliveries"]![0]!;
        Assert.Equal(((string?)null, "Waiting: the channel is disabled."), (offRow["nextAttemptAt"]?.ToJsonString(), offRow["lastError"]!.GetValue<string>()));
        // Before its third failure the channel's badge says "Last attempt failed", and so does the row.
        Assert.Equal("Waiting: the channel's last attempt failed (1 failure in a row): HTTP 502", once!["deliveries"]![0]!["lastError"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ingest_keys_are_created_once_listed_without_the_key_and_revoked()
    {
        var (created, body, response) = await _api.JsonAsync("POST", "/api/v1/ingest-keys", """{"name":"nas","server":"nas-01"}""");
        var key = body!["key"]!.GetValue<string>();
        var id = body["ingestKey"]!["id"]!.GetValue<string>();
        var reported = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}", new StringContent("""{"job":"docs","status":"success"}""", System.Text.Encoding.UTF8, "application/json"));
        var (_, list, _) = await _api.JsonAsync("GET", "/api/v1/ingest-keys");
        var (revoked, _, _) = await _api.JsonAsync("DELETE", $"/api/v1/ingest-keys/{id}");
        var refused = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}", new StringContent("""{"job":"docs","status":"success"}""", System.Text.Encoding.UTF8, "application/json"));
        var (badJob, problem, _) = await _api.JsonAsync("POST", "/api/v1/ingest-keys", """{"name":"x","job":"docs"}""");

        Assert.Equal(201, created);
        Assert.EndsWith($"/api/v1/ingest-keys/{id}", response.Headers.Location!.OriginalString);
        Assert.StartsWith("nok_", key);
        Assert.True(reported.IsSuccessStatusCode);
        Assert.DoesNotContain(key, list!.ToJsonString());
        Assert.Equal(("nas-01", "API token script"), (list[0]!["server"]!.GetValue<string>(), list[0]!["createdBy"]!.GetValue<string>()));
        Assert.NotNull(list[0]!["lastUsedAt"]);
        Assert.Equal(204, revoked);
        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Equal((400, "server"), (badJob, problem!["field"]!.GetValue<string>()));
        Assert.Equal(1, await QueryAsync(db => db.IngestKeys.CountAsync()));
    }

    [Fact]
    public async Task A_second_ingest_key_of_an_active_name_is_a_409_so_a_provisioning_script_run_twice_makes_none()
    {
        var (created, body, _) = await _api.JsonAsync("POST", "/api/v1/ingest-keys", """{"name":"nas-01 restic","server":"nas-01","job":"restic"}""");
        var (again, problem, _) = await _api.JsonAsync("POST", "/api/v1/ingest-keys", """{"name":"NAS-01 Restic ","server":"nas-01","job":"restic"}""");
        var (revoked, _, _) = await _api.JsonAsync("DELETE", "/api/v1/ingest-keys/NAS-01%20Restic"); // by its name, case aside, as ./run.sh keys revoke --name
        var (revokedAgain, _, _) = await _api.JsonAsync("DELETE", "/api/v1/ingest-keys/nas-01%20restic"); // no active key has the name now
        var (afterRevoking, _, _) = await _api.JsonAsync("POST", "/api/v1/ingest-keys", """{"name":"nas-01 restic","server":"nas-01","job":"restic"}""");

        Assert.Equal((201, 409, 204, 404, 201), (created, again, revoked, revokedAgain, afterRevoking));
        var first = Guid.Parse(body!["ingestKey"]!["id"]!.GetValue<string>());
        Assert.NotNull((await QueryAsync(db => db.IngestKeys.SingleAsync(k => k.Id == first))).RevokedAt);
        Assert.Equal("name", problem!["field"]!.GetValue<string>());
        Assert.StartsWith("The key 'nas-01 restic' exists already (nok_", problem["detail"]!.GetValue<string>());
        Assert.Equal(2, await QueryAsync(db => db.IngestKeys.CountAsync())); // the revoked one and its successor
    }

    [Fact]
    public async Task Tokens_and_ingest_keys_stay_in_their_lanes()
    {
        var key = await ApiClient.CreateIngestKeyAsync(App, server: "vm");
        var token = await ApiClient.CreateTokenAsync(App, ApiAccess.ReadWrite, "deploy");
        await App.CreateClient().PostAsync($"/api/upload?key={key}", Fixtures.DuplicatiContent("01-success"));
        var reporter = new ApiClient(App.CreateClient(), key);

        var ingestWithToken = await App.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Content = new StringContent("""{"server":"x","job":"y","status":"success"}""", System.Text.Encoding.UTF8, "application/json"),
        });
        var (jobsWithKey, jobs, _) = await reporter.JsonAsync("GET", "/api/v1/jobs?status=success");
        var (otherServer, others, _) = await reporter.JsonAsync("GET", "/api/v1/jobs?server=nas-01");
        var (manageWithKey, problem, _) = await reporter.JsonAsync("GET", "/api/v1/channels");
        var tokenInUrl = await App.CreateClient().GetAsync($"/api/v1/jobs?key={token}");

        Assert.Equal(401, (int)ingestWithToken.StatusCode);
        Assert.Contains("API tokens manage, they cannot report runs", await ingestWithToken.Content.ReadAsStringAsync());
        Assert.Equal((200, 1), (jobsWithKey, jobs!["total"]!.GetValue<int>()));
        Assert.Equal((200, 0), (otherServer, others!["total"]!.GetValue<int>()));
        Assert.Equal(403, manageWithKey);
        Assert.Contains("ingest key", problem!["detail"]!.GetValue<string>());
        Assert.Equal(401, (int)tokenInUrl.StatusCode); // a token that can manage everything never travels in a URL
        Assert.Contains("Authorization header only", await tokenInUrl.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once_and_its_last_use_is_recorded()
    {
        var token = await ApiClient.CreateTokenAsync(App, ApiAccess.ReadOnly, "temp");
        var row = await QueryAsync(db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Name == "temp"));
        var client = new ApiClient(App.CreateClient(), token);

        var (before, _, _) = await client.JsonAsync("GET", "/api/v1/channels");
        var used = await QueryAsync(db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == row.Id));
        var admin = await SetUpAdminAsync();
        var revoke = await admin.HtmxPostAsync($"/Tokens?handler=Revoke&id={row.Id}", "/Tokens");
        var (after, problem, _) = await client.JsonAsync("GET", "/api/v1/channels");

        Assert.Equal(200, before);
        Assert.NotNull(used.LastUsedAt);
        Assert.True(revoke.IsSuccessStatusCode);
        Assert.Equal(401, after);
        Assert.Contains("revoked", problem!["detail"]!.GetValue<string>());
        Assert.DoesNotContain(token, used.TokenHash + used.Prefix);
    }
}

public sealed class ManagementApiTestsOnSqlite() : ManagementApiTests(DatabaseProvider.Sqlite);
public sealed class ManagementApiTestsOnPostgres() : ManagementApiTests(DatabaseProvider.Postgres);
