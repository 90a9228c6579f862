using System.Diagnostics;
using System.Net;
using System.Text;
using NotifyOrleans.FunctionalTests.Infrastructure;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>
/// The app as a user starts it: <c>./run.sh</c> from the checkout, with its settings (Production,
/// appsettings.json's logging), on its own port and data folder. Its console output is kept for
/// tests to read. Shared by the tests of one class (starting it costs a Release build check).
/// </summary>
public sealed class RunShApp : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("notifyorleans-runsh-").FullName;
    public string BaseUrl { get; } = $"http://127.0.0.1:{Repository.FreePort()}";

    /// <summary>Test classes run side by side, each with a ./run.sh of its own: each needs a silo port, as two nodes on one machine do.</summary>
    public int SiloPort { get; } = Repository.ListenPort();

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The environment every command of the test gets (what a user would export).</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["NOTIFYORLEANS_URLS"] = BaseUrl,
        ["NotifyOrleans__Database__SqliteDirectory"] = DataDirectory,
        ["NotifyOrleans__Orleans__SiloPort"] = SiloPort.ToString(),
    };

    public async Task InitializeAsync()
    {
        _process = Start("./run.sh", line => { lock (_output) _output.AppendLine(line); });
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddMinutes(4); // the first run builds in Release
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"./run.sh exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/healthz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"./run.sh did not answer /healthz:\n{Output}");
            await Task.Delay(500);
        }
    }

    /// <summary>Runs a shell command line from the checkout's root as a user would type it.</summary>
    /// <param name="input">What a person would type (sent as standard input); null: none.</param>
    /// <param name="environment">Variables the user exports for this command, over <see cref="Environment"/>.</param>
    public async Task<(int Exit, string Output, string Error)> RunAsync(string commandLine, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
        var start = new ProcessStartInfo("bash", ["-c", commandLine])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in Environment.Concat(environment ?? new Dictionary<string, string>())) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var reading = Task.WhenAll(process.StandardOutput.ReadToEndAsync().ContinueWith(t => output.Append(t.Result)),
            process.StandardError.ReadToEndAsync().ContinueWith(t => error.Append(t.Result)));
        await process.WaitForExitAsync();
        await reading;
        return (process.ExitCode, output.ToString(), error.ToString());
    }

    private Process Start(string commandLine, Action<string> onLine)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"exec {commandLine}"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in Environment) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
