using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// Ingest measured from outside, over HTTP: unique real Duplicati reports posted to the real app
/// (started from its Release build as users start it), alternating with a minimal endpoint of our
/// own that only parses the report and inserts one row into the same kind of database. The ratio
/// app / minimal is what the figures in docs/benchmarks.md compare.
/// Usage: http WEB_DLL [postgres "CONNECTION STRING"] [ingest|delivery|history] (only the ratios, only ingest while delivering, or only as history grows)
/// </summary>
public static class HttpIngestBenchmark
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    public static async Task RunAsync(string[] args)
    {
        var webDll = Path.GetFullPath(args[0]);
        var postgres = args.Length > 2 && args[1] == "postgres" ? args[2] : null;
        var only = args[^1] is "ingest" or "delivery" or "dashboard" or "history" ? args[^1] : null;
        var directory = Directory.CreateTempSubdirectory("notifyorleans-httpbench-").FullName;
        var report = JsonNode.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixture-04-fail.json")))!;

        await using var minimal = await MinimalEndpoint.StartAsync(postgres, directory);
        using var app = await RealApp.StartAsync(webDll, postgres, directory);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(30) };

        var sequence = 0;
        if (only is null or "ingest")
        {
            // Warm both first: code jitted to its final tier and the jobs' grains active, as on a server
            // that has run for a while. Unwarmed, the JIT's tiering took most of the app's CPU in the
            // first 8 s windows (1,000 methods compiled every 2 s at 1 client, measured). Both client
            // counts, since each has paths of its own (a group commit of one turn, of many).
            foreach (var clients in new[] { 16, 1 })
            {
                await LoadAsync(http, $"{minimal.Url}/api/upload", report, clients, () => Interlocked.Increment(ref sequence));
                await LoadAsync(http, $"{app.Url}/api/upload?key={app.Key}", report, clients, () => Interlocked.Increment(ref sequence));
            }

            Console.WriteLine($"# warmed up; the JIT's background work done after {await app.SettleAsync():0} s more");
        }

        Console.WriteLine($"# HTTP ingest on {(postgres is null ? "SQLite" : "PostgreSQL")}, {Environment.ProcessorCount} cores, {Window.TotalSeconds:0} s per measurement\n");
        Console.WriteLine("| clients | minimal reports/s | app reports/s | ratio | minimal p99 | app p99 | app max | app errors | app CPU per report | PostgreSQL's CPU per report, minimal / app |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");

        foreach (var clients in only is null or "ingest" ? new[] { 1, 16 } : [])
        {
            var rounds = new List<(Result Minimal, Result App)>();
            var (appCpu, minimalDatabaseCpu, appDatabaseCpu) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
            for (var round = 0; round < 2; round++) // alternate, so drift hits both alike
            {
                var databaseBefore = PostgresServerCpu();
                var m = await LoadAsync(http, $"{minimal.Url}/api/upload", report, clients, () => Interlocked.Increment(ref sequence));
                var (cpuBefore, databaseBetween) = (app.CpuTime(), PostgresServerCpu());
                minimalDatabaseCpu += databaseBetween - databaseBefore;
                var a = await LoadAsync(http, $"{app.Url}/api/upload?key={app.Key}", report, clients, () => Interlocked.Increment(ref sequence));
                appCpu += app.CpuTime() - cpuBefore;
                appDatabaseCpu += PostgresServerCpu() - databaseBetween;
                rounds.Add((m, a));
            }

            var databaseCpu = postgres is null
                ? "in the process"
                : $"{minimalDatabaseCpu.TotalMicroseconds / rounds.Sum(r => r.Minimal.Count):N0} / {appDatabaseCpu.TotalMicroseconds / rounds.Sum(r => r.App.Count):N0} µs";

            var (minimalRate, appRate) = (rounds.Average(r => r.Minimal.Rate), rounds.Average(r => r.App.Rate));
            Console.WriteLine($"| {clients} | {minimalRate:N0} | {appRate:N0} | {appRate / minimalRate:0.00} | {rounds.Max(r => r.Minimal.P99):0.0} ms | {rounds.Max(r => r.App.P99):0.0} ms | {rounds.Max(r => r.App.Max):0.0} ms | {rounds.Sum(r => r.App.Errors)} | {appCpu.TotalMicroseconds / rounds.Sum(r => r.App.Count):N0} µs | {databaseCpu} |");
        }

        if (only is null or "delivery")
        {
            await DeliveryDuringIngestBenchmark.RunAsync(app.Database, async (prefix, perSecond) =>
            {
                var result = await LoadAsync(http, $"{app.Url}/api/upload?key={app.Key}", report, 16, () => Interlocked.Increment(ref sequence), prefix, perSecond);
                return (result.Rate, result.P50, result.P99, result.Errors, result.Count);
            }, dispatcherOn => app.RestartAsync(new Dictionary<string, string> { ["NotifyOrleans__Delivery__DispatcherEnabled"] = dispatcherOn ? "true" : "false" }),
            () => (app.CpuTime(), Process.GetCurrentProcess().TotalProcessorTime));
        }

        if (only is null or "dashboard") await DashboardBenchmark.RunAsync(app.Url, app.Key, app.Token, jobs: 10_000, app.WorkingSetMb);
        if (only is null or "history")
        {
            await HistoryGrowthBenchmark.RunAsync(app.Database, async toApp =>
            {
                var result = await LoadAsync(http, toApp ? $"{app.Url}/api/upload?key={app.Key}" : $"{minimal.Url}/api/upload", report, 16, () => Interlocked.Increment(ref sequence));
                return (result.Rate, result.P99);
            });
        }
        Console.WriteLine($"\napp start-up to the first 200 of /healthz: {app.StartupMs:N0} ms; app memory after all of it: {app.WorkingSetMb():N0} MB");
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// The CPU every PostgreSQL process of this machine has used so far (its backends, WAL writer,
    /// checkpointer), from /proc: with the app, PostgreSQL and the load generator on the same two
    /// cores, what each side costs the server is part of its rate. Zero without PostgreSQL.
    /// </summary>
    private static TimeSpan PostgresServerCpu()
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var nameEnds = stat.LastIndexOf(')');
                if (stat[(stat.IndexOf('(') + 1)..nameEnds] != "postgres") continue;
                var fields = stat[(nameEnds + 2)..].Split(' '); // fields[0] is the state, field 3 of proc(5)
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]); // utime and stime, fields 14 and 15
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { } // a process that ended meanwhile
        }

        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ, 100 on Linux
    }

    private sealed record Result(double Rate, double P50, double P99, double Max, int Errors, int Count);

    /// <summary>
    /// Posts unique reports (100 jobs, a new run each time) from <paramref name="clients"/> loops for
    /// the window, each as fast as answers come, or, given <paramref name="perSecond"/>, all of them
    /// together at that rate. A paced report's time runs from when it was due, not from when it was
    /// sent: a client held up by a slow answer sends late, and that wait is the app's too.
    /// </summary>
    private static async Task<Result> LoadAsync(HttpClient http, string url, JsonNode template, int clients, Func<int> next, string jobPrefix = "job-", double? perSecond = null)
    {
        var latencies = new List<double>();
        var errors = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(Window.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var interval = perSecond is { } rate ? (long)(clients / rate * Stopwatch.Frequency) : 0; // between one client's reports
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = new List<double>();
            var due = started + client * interval / clients; // the clients' reports interleave
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                if (interval > 0)
                {
                    if (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is { Ticks: > 0 } wait) await Task.Delay(wait);
                    if (due >= stopAt) break;
                }

                var n = next();
                var body = template.DeepClone();
                body["Data"]!["BeginTime"] = DateTimeOffset.UtcNow.AddDays(-1).AddMilliseconds(n).ToString("O");
                body["Data"]!["EndTime"] = DateTimeOffset.UtcNow.AddDays(-1).AddMilliseconds(n + 500).ToString("O");
                body["Extra"]!["backup-name"] = $"{jobPrefix}{n % 100}";
                body["Extra"]!["backup-id"] = $"DB-{n % 100}";
                var sent = interval > 0 ? due : Stopwatch.GetTimestamp();
                due += interval;
                try
                {
                    using var response = await http.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            lock (latencies) latencies.AddRange(mine);
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        latencies.Sort();
        return new Result(latencies.Count / seconds, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], latencies[^1], errors, latencies.Count);
    }

    /// <summary>The app from its Release build, with ./run.sh's settings (Production), its own data and a key.</summary>
    private sealed class RealApp : IDisposable
    {
        private readonly string _dll;
        private readonly Dictionary<string, string> _environment;
        private Process _process;

        private RealApp(string dll, Dictionary<string, string> environment, Process process, string url, string key, string token, long startupMs, Dictionary<string, string> database) =>
            (_dll, _environment, _process, Url, Key, Token, StartupMs, Database) = (dll, environment, process, url, key, token, startupMs, database);

        public string Url { get; }
        public string Key { get; }
        /// <summary>A read-only API token, as Prometheus holds one.</summary>
        public string Token { get; }
        public long StartupMs { get; }
        /// <summary>The app's database as configuration (Database:Provider, Database:ConnectionString), for the benchmark's own writes.</summary>
        public Dictionary<string, string> Database { get; }

        /// <summary>The CPU the app's process has used so far (every thread: requests, the silo, GC, the JIT). Steadier than a rate on a shared machine.</summary>
        public TimeSpan CpuTime()
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }

        /// <summary>
        /// Waits until the app and this process are idle (under 5 % of a core over a second), up to a
        /// minute: the JIT's tier-1 compilations of a warm-up run in the background after it, and took
        /// 80 % of a core through the next 8 s window when measured without this wait (perf, at 1 client).
        /// </summary>
        public async Task<double> SettleAsync()
        {
            var waited = Stopwatch.StartNew();
            var self = Process.GetCurrentProcess();
            var until = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < until)
            {
                self.Refresh();
                var (appBefore, selfBefore) = (CpuTime(), self.TotalProcessorTime);
                await Task.Delay(TimeSpan.FromSeconds(1));
                self.Refresh();
                if ((CpuTime() - appBefore).TotalMilliseconds < 50 && (self.TotalProcessorTime - selfBefore).TotalMilliseconds < 50) return waited.Elapsed.TotalSeconds;
            }

            return waited.Elapsed.TotalSeconds;
        }

        public double WorkingSetMb()
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1024.0 / 1024.0;
        }

        public static async Task<RealApp> StartAsync(string dll, string? postgres, string directory)
        {
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["NotifyOrleans__Database__SqliteDirectory"] = Path.Combine(directory, "app"),
                ["NotifyOrleans__Orleans__SiloPort"] = FreePort().ToString(),
                ["Serilog__MinimumLevel__Default"] = "Warning",
            };
            if (postgres is not null)
            {
                var name = $"no_bench_{Guid.NewGuid():N}";
                await using (var connection = new NpgsqlConnection(postgres))
                {
                    await connection.OpenAsync();
                    await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection).ExecuteNonQueryAsync();
                }

                environment["NotifyOrleans__Database__Provider"] = "Postgres";
                environment["NotifyOrleans__Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
            }

            var key = (await RunAsync(dll, "keys create --name bench", environment)).Trim();
            var token = (await RunAsync(dll, "tokens create --name bench --read-only", environment)).Trim();
            var url = $"http://127.0.0.1:{FreePort()}";
            var (process, startupMs) = await LaunchAsync(dll, url, environment);
            var database = postgres is null
                ? new Dictionary<string, string> { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "app", "notifyorleans.db")}" }
                : new Dictionary<string, string> { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = environment["NotifyOrleans__Database__ConnectionString"] };
            return new RealApp(dll, environment, process, url, key, token, startupMs, database);
        }

        /// <summary>Stops the app and starts it again on the same data and address, with <paramref name="settings"/> (environment variables) added.</summary>
        public async Task RestartAsync(IReadOnlyDictionary<string, string> settings)
        {
            Stop();
            var environment = new Dictionary<string, string>(_environment);
            foreach (var (name, value) in settings) environment[name] = value;
            (_process, _) = await LaunchAsync(_dll, Url, environment);
        }

        /// <summary>Starts the app and waits for its first 200 of /healthz; returns the process and how long that took.</summary>
        private static async Task<(Process Process, long StartupMs)> LaunchAsync(string dll, string url, Dictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls {url}") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
            foreach (var (name, value) in environment) start.Environment[name] = value;
            var clock = Stopwatch.StartNew();
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var http = new HttpClient();
            while (true)
            {
                try
                {
                    if ((await http.GetAsync(url + "/healthz")).IsSuccessStatusCode) return (process, clock.ElapsedMilliseconds);
                }
                catch (HttpRequestException) { }

                if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(1)) throw new InvalidOperationException("The app did not start.");
                await Task.Delay(50);
            }
        }

        private static async Task<string> RunAsync(string dll, string arguments, Dictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
            foreach (var (name, value) in environment) start.Environment[name] = value;
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output;
        }

        public void Dispose() => Stop();

        private void Stop()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }

    /// <summary>The floor to compare with: parse the report as JSON and insert one row. No auth, no grain, no history.</summary>
    private sealed class MinimalEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private MinimalEndpoint(WebApplication app, string url) => (_app, Url) = (app, url);

        public string Url { get; }

        public static async Task<MinimalEndpoint> StartAsync(string? postgres, string directory)
        {
            var port = FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            Func<string, string, Task> insert;
            if (postgres is null)
            {
                var cs = $"Data Source={Path.Combine(directory, "minimal.db")}";
                await using (var connection = new SqliteConnection(cs))
                {
                    await connection.OpenAsync();
                    // The same journal mode as the app's SQLite file.
                    await new SqliteCommand("PRAGMA journal_mode=WAL; CREATE TABLE runs (id INTEGER PRIMARY KEY, job TEXT NOT NULL, result TEXT NOT NULL)", connection).ExecuteNonQueryAsync();
                }

                insert = async (job, result) =>
                {
                    await using var connection = new SqliteConnection(cs);
                    await connection.OpenAsync();
                    var command = new SqliteCommand("INSERT INTO runs (job, result) VALUES ($job, $result)", connection);
                    command.Parameters.AddWithValue("$job", job);
                    command.Parameters.AddWithValue("$result", result);
                    await command.ExecuteNonQueryAsync();
                };
            }
            else
            {
                var table = $"minimal_runs_{Guid.NewGuid():N}";
                var source = NpgsqlDataSource.Create(postgres);
                await source.CreateCommand($"CREATE TABLE {table} (id bigserial PRIMARY KEY, job text NOT NULL, result text NOT NULL)").ExecuteNonQueryAsync();
                insert = async (job, result) =>
                {
                    await using var command = source.CreateCommand($"INSERT INTO {table} (job, result) VALUES ($1, $2)");
                    command.Parameters.Add(new NpgsqlParameter { Value = job });
                    command.Parameters.Add(new NpgsqlParameter { Value = result });
                    await command.ExecuteNonQueryAsync();
                };
            }

            app.MapPost("/api/upload", async (HttpRequest request) =>
            {
                using var json = await JsonDocument.ParseAsync(request.Body);
                var job = json.RootElement.GetProperty("Extra").GetProperty("backup-name").GetString()!;
                var result = json.RootElement.GetProperty("Data").GetProperty("ParsedResult").GetString()!;
                await insert(job, result);
                return Results.Ok(new { status = "recorded" });
            });
            await app.StartAsync();
            return new MinimalEndpoint(app, $"http://127.0.0.1:{port}");
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
