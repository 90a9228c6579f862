using System.Text.Json.Nodes;
using NotifyOrleans.FunctionalTests.Infrastructure;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>
/// docs/ingest.md's restic and borg lines, run as written with the real tools (Debian's, installed
/// by test.sh) backing up a real folder into a real repository, against the app as <c>./run.sh</c>
/// starts it: the run's figures are the tool's, borg's warning exit code is a warning, and its failure is said in words.
/// </summary>
public sealed class BackupToolTests(RunShApp app) : IClassFixture<RunShApp>, IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("notifyorleans-tools-");

    [Fact]
    public async Task The_documented_restic_line_reports_a_real_backup_with_its_figures_once()
    {
        var source = MakeSource();
        var environment = new Dictionary<string, string>
        {
            ["RESTIC_REPOSITORY"] = Path.Combine(_work.FullName, "restic-repo"),
            ["RESTIC_PASSWORD"] = "correct horse",
            ["XDG_CACHE_HOME"] = Path.Combine(_work.FullName, "cache"),
        };
        await MustRunAsync("restic init", environment);
        var line = await DocumentedLineAsync("restic ", "restic", source.Path);

        await MustRunAsync(line, environment);
        await MustRunAsync(line[(line.IndexOf("; curl ", StringComparison.Ordinal) + 2)..], environment); // the same log sent again: a repeat

        var job = await JobAsync("restic");
        Assert.Equal("success", job["status"]!.GetValue<string>());
        Assert.Equal(source.Bytes, job["lastSizeBytes"]!.GetValue<long>());
        Assert.Equal(source.Files, job["lastFileCount"]!.GetValue<long>());
        Assert.NotNull(job["lastDurationSeconds"]?.GetValue<double>());
        Assert.Equal(1, job["runs"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_documented_borg_line_reports_a_real_backup_a_missing_folder_as_a_warning_and_a_missing_repository_as_a_failure()
    {
        var source = MakeSource();
        var environment = new Dictionary<string, string>
        {
            ["BORG_REPO"] = Path.Combine(_work.FullName, "borg-repo"),
            ["BORG_PASSPHRASE"] = "correct horse",
            ["BORG_BASE_DIR"] = Path.Combine(_work.FullName, "borg-home"),
        };
        await MustRunAsync("borg init --encryption=repokey", environment);
        var line = await DocumentedLineAsync("borg ", "borg", source.Path);

        await MustRunAsync(line, environment);
        var job = await JobAsync("borg");
        Assert.Equal("success", job["status"]!.GetValue<string>());
        Assert.Equal(source.Files, job["lastFileCount"]!.GetValue<long>());
        Assert.InRange(job["lastSizeBytes"]!.GetValue<long>(), source.Bytes, source.Bytes + 4096); // borg's original size counts its metadata too

        var missing = Path.Combine(_work.FullName, "not-there");
        await MustRunAsync(line.Replace("'{now}'", "'{now}-again'").Replace(source.Path, $"{source.Path} {missing}"), environment);
        job = await JobAsync("borg");
        Assert.Equal("warning", job["status"]!.GetValue<string>());
        Assert.StartsWith("Exit code 1: borg finished with warnings", job["lastError"]!.GetValue<string>());
        Assert.Contains(missing, job["lastError"]!.GetValue<string>());
        Assert.Equal(2, job["runs"]!["total"]!.GetValue<int>());

        // The same line into a repository that is not there: no archive, and borg's --log-json names the tool and the error.
        await MustRunAsync(line, new Dictionary<string, string>(environment) { ["BORG_REPO"] = Path.Combine(_work.FullName, "no-repo") });
        job = await JobAsync("borg");
        Assert.Equal("failure", job["status"]!.GetValue<string>());
        Assert.StartsWith("Exit code 2: borg stopped with an error; no archive was made\nERROR: Repository ", job["lastError"]!.GetValue<string>());
        Assert.Equal(3, job["runs"]!["total"]!.GetValue<int>());
    }

    /// <summary>The docs' line for the tool, with this test's folder, log file, app and a key made for the job.</summary>
    private async Task<string> DocumentedLineAsync(string prefix, string job, string source)
    {
        var documented = Assert.Single(DocumentedCommands.All(), c => c.StartsWith(prefix, StringComparison.Ordinal) && DocumentedCommands.IsBackupToolLine(c));
        var (_, key, _) = await app.RunAsync($"./run.sh keys create --name {job}-test --server web-01 --job {job}");
        return documented.Replace(" /srv ", $" {source} ").Replace($"/tmp/{job}.log", LogOf(job))
            .Replace("https://hub.example", app.BaseUrl).Replace("nok_…", key.Trim());
    }

    private string LogOf(string job) => Path.Combine(_work.FullName, $"{job}.log");

    private async Task MustRunAsync(string commandLine, IReadOnlyDictionary<string, string> environment)
    {
        var (exit, output, error) = await app.RunAsync(commandLine, environment: environment);
        Assert.True(exit == 0, $"{commandLine}\nexited {exit}: {output}{error}");
    }

    private string? _readerKey; // one per test: a key's name is one active key's

    private async Task<JsonNode> JobAsync(string job)
    {
        _readerKey ??= (await app.RunAsync($"./run.sh keys create --name {job}-reader")).Output.Trim();
        using var http = new HttpClient();
        return JsonNode.Parse(await http.GetStringAsync($"{app.BaseUrl}/api/v1/jobs/web-01/{job}?key={_readerKey}"))!;
    }

    /// <summary>A folder to back up: a few files in two levels, one of a megabyte.</summary>
    private (string Path, long Files, long Bytes) MakeSource()
    {
        var root = Directory.CreateDirectory(Path.Combine(_work.FullName, "srv-" + Guid.NewGuid().ToString("N")[..6]));
        var inner = root.CreateSubdirectory("documents");
        File.WriteAllText(Path.Combine(root.FullName, "notes.txt"), "backed up by the test\n");
        File.WriteAllBytes(Path.Combine(inner.FullName, "photo.bin"), Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray());
        File.WriteAllText(Path.Combine(inner.FullName, "list.csv"), "a,b\n1,2\n");
        var files = root.GetFiles("*", SearchOption.AllDirectories);
        return (root.FullName, files.Length, files.Sum(f => f.Length));
    }

    public void Dispose() => _work.Delete(recursive: true);
}
