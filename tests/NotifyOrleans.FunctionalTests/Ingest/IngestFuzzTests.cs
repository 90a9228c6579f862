using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Ingest;

/// <summary>
/// Thousands of bodies mutated from the real Duplicati captures and the runs API, sent to every
/// ingest route: only 2xx and 4xx come back, the app keeps answering, and what is stored is
/// exactly what was accepted (no half-written report, no history without its job).
/// </summary>
public abstract class IngestFuzzTests(DatabaseProvider provider, int cases) : ConsoleTestBase(provider)
{
    private static readonly string[] Captures = ["01-success", "03-warning-broken-symlink", "04-fail-missing-source"];

    [Fact]
    public async Task Mutated_reports_on_every_ingest_route_get_no_5xx_and_leave_no_half_written_state()
    {
        string anyServer, oneJob;
        using (var scope = App.Services.CreateScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<IngestKeys>();
            anyServer = (await keys.CreateAsync("fuzz", null, null, "tests")).Key;
            oneJob = (await keys.CreateAsync("fuzz-ping", "fuzz-host", "fuzz-job", "tests")).Key;
        }

        var random = new Random(20261129);
        var originals = Captures.Select(Fixtures.Duplicati).ToList();
        var api = App.CreateClient();
        var recorded = 0;
        for (var i = 0; i < cases; i++)
        {
            var (request, describes) = (i % 4) switch
            {
                0 or 1 => Upload(anyServer, Mutate(originals[i % originals.Count], random), random),
                2 => Runs(anyServer, random),
                _ => Ping(oneJob, random),
            };
            HttpResponseMessage response;
            try
            {
                response = await api.SendAsync(request);
            }
            catch (HttpRequestException exception)
            {
                // The server broke off the response: say what it logged (a flake seen once in CI).
                throw new InvalidOperationException($"case {i} ({describes}): {exception.Message}\nThe app logged:\n{App.ProblemsText}", exception);
            }

            using var _ = response;
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"case {i} ({describes}) got {status}: {await response.Content.ReadAsStringAsync()}\nThe app logged:\n{App.ProblemsText}");
            if (status == 200 && (request.RequestUri!.AbsolutePath.StartsWith("/ping/", StringComparison.Ordinal)
                    ? IsNewPingRun(request.RequestUri, describes)
                    : (await response.Content.ReadAsStringAsync()).Contains("\"recorded\"")))
                recorded++;
        }

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/healthz")).StatusCode);
        Assert.True(recorded > cases / 10, $"only {recorded} of {cases} cases were accepted: the mutations are too harsh to test acceptance");
        await QueryAsync(async db =>
        {
            Assert.Equal(recorded, await db.BackupRuns.CountAsync());
            var jobKeys = await db.BackupJobs.Select(j => EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty)).ToListAsync();
            var backupRuns = await db.BackupRuns.Where(r => r.Operation == RunOperation.Backup).GroupBy(r => r.JobKey).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            var counted = await db.BackupJobs.Select(j => new { Key = EF.Property<string>(j, GrainKeyModelExtensions.KeyProperty), j.RunCount }).ToDictionaryAsync(j => j.Key, j => j.RunCount);
            Assert.All(backupRuns, runs => Assert.Equal(runs.Count, counted.GetValueOrDefault(runs.Key)));
            Assert.All(jobKeys, key => Assert.True(key.Length <= JobKey.MaxLength));
            return 0;
        });
    }

    private static (HttpRequestMessage, string) Upload(string key, byte[] body, Random random)
    {
        var method = random.Next(2) == 0 ? HttpMethod.Post : HttpMethod.Put;
        var contentType = random.Next(10) switch { 0 => "text/plain", 1 => "application/x-www-form-urlencoded", _ => "application/json" };
        var content = contentType.StartsWith("application/x-www", StringComparison.Ordinal)
            ? new FormUrlEncodedContent([new("message", Encoding.UTF8.GetString(body))])
            : (HttpContent)new ByteArrayContent(body) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };
        return (new HttpRequestMessage(method, $"/api/upload?key={key}") { Content = content }, $"{method} upload {contentType}");
    }

    private static (HttpRequestMessage, string) Runs(string key, Random random)
    {
        var run = new JsonObject
        {
            ["server"] = Pick(random, "db-01", "", new string('s', random.Next(150, 230)), "DB-01 ", "ünïcødé-☃"),
            ["job"] = Pick(random, "pg_dump", "", new string('j', random.Next(40, 230)), "nightly"),
            ["status"] = Pick(random, "success", "warning", "failure", "FAILED", "maybe", ""),
            ["runId"] = Pick(random, $"r{random.Next(40)}", new string('r', random.Next(190, 260)), ""),
            ["endedAt"] = Pick(random, "2026-11-22T01:00:00Z", $"2026-11-{random.Next(1, 29):00}T0{random.Next(10)}:00:00Z", "yesterday", "0001-01-01T00:00:00"),
            ["sizeBytes"] = random.Next(3) switch { 0 => JsonValue.Create(random.NextInt64()), 1 => JsonValue.Create(-1), _ => JsonValue.Create("big") },
            ["operation"] = Pick(random, "backup", "restore", "compact"),
        };
        var json = run.ToJsonString();
        json = random.Next(8) switch
        {
            0 => json.Replace("\"db-01\"", "\"\\ud800\""),
            1 => json[..random.Next(json.Length)],
            2 => new string('[', 200) + json,
            _ => json,
        };
        return (new HttpRequestMessage(HttpMethod.Post, $"/api/v1/runs?key={key}") { Content = new StringContent(json, Encoding.UTF8, "application/json") }, "runs " + json[..Math.Min(80, json.Length)]);
    }

    private (HttpRequestMessage, string) Ping(string key, Random random)
    {
        var path = Pick(random, "", "/fail", "/start", "/0", "/1", "/255", "/256", "/-1", "/abc");
        var rid = random.Next(3) == 0 ? $"?rid=p{random.Next(30)}" : "";
        var request = new HttpRequestMessage(random.Next(2) == 0 ? HttpMethod.Get : HttpMethod.Post, $"/ping/{key}{path}{rid}");
        if (request.Method == HttpMethod.Post) request.Content = new ByteArrayContent(RandomBytes(random, random.Next(0, 20_000)));
        return (request, $"ping{path}{rid}");
    }

    /// <summary>An accepted ping is a new run unless it is a start, or repeats a run id (?rid=) accepted before.</summary>
    private bool IsNewPingRun(Uri uri, string describes) =>
        !describes.StartsWith("ping/start", StringComparison.Ordinal) && (uri.Query.Length == 0 || _acceptedRids.Add(uri.Query));

    private readonly HashSet<string> _acceptedRids = [];

    /// <summary>Cuts, corrupts, retypes or stretches a real report.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var json = JsonNode.Parse(original)!;
        switch (random.Next(7))
        {
            case 0:
                return original[..random.Next(original.Length)];
            case 1:
                var copy = (byte[])original.Clone();
                for (var n = 0; n < 5; n++) copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            case 2:
                var data = json["Data"]!.AsObject();
                var field = data.Select(p => p.Key).ElementAt(random.Next(data.Count));
                data[field] = random.Next(4) switch { 0 => JsonValue.Create("text"), 1 => JsonValue.Create(-5), 2 => JsonValue.Create("\ud800"), _ => new JsonArray() };
                break;
            case 3:
                json["Extra"] = random.Next(3) switch
                {
                    0 => null,
                    1 => new JsonObject { ["backup-name"] = new string('x', random.Next(100, 300)), ["machine-name"] = new string('m', random.Next(50, 210)) },
                    _ => new JsonObject { ["backup-name"] = "\udc00", ["machine-name"] = "vm" },
                };
                break;
            case 4:
                // A new run of the same job: a different begin time (accepted), sometimes a late one.
                json["Data"]!["BeginTime"] = $"2026-11-{random.Next(1, 29):00}T0{random.Next(10)}:00:00Z";
                break;
            case 5:
                json["Data"]!["MainOperation"] = Pick(random, "Restore", "List", "Backup", "Nonsense");
                json["Data"]!["BeginTime"] = $"2026-10-{random.Next(1, 29):00}T1{random.Next(10)}:00:00Z";
                break;
            default:
                return original; // a repeat
        }

        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

public sealed class IngestFuzzTestsOnSqlite() : IngestFuzzTests(DatabaseProvider.Sqlite, cases: 3000);
public sealed class IngestFuzzTestsOnPostgres() : IngestFuzzTests(DatabaseProvider.Postgres, cases: 600);
