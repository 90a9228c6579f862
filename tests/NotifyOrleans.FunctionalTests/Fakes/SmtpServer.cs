using System.Diagnostics;
using System.Text.Json;
using NotifyOrleans.FunctionalTests.Infrastructure;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>What the SMTP server received, as a mail client would show it.</summary>
public sealed record ReceivedMail(string Subject, string From, string To, string[] RcptTos, string? Text, string? Html, string Raw);

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd, tests/servers/smtp_server.py) in one of the
/// modes channels meet: STARTTLS, implicit TLS or plain, with or without AUTH, on a self-signed
/// certificate made for this run. Missing python3-aiosmtpd or openssl fails the test.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    public const string User = "mailer";
    public const string Password = "s3cret-Pass";

    private readonly Process _process;
    private readonly string _directory;

    public int Port { get; }
    public string MailDirectory => Path.Combine(_directory, "mail");

    private SmtpServer(Process process, string directory, int port) => (_process, _directory, Port) = (process, directory, port);

    public static async Task<SmtpServer> StartAsync(string mode, bool auth)
    {
        var directory = Directory.CreateTempSubdirectory("notifyorleans-smtp-").FullName;
        await RunAsync("openssl", $"req -x509 -newkey rsa:2048 -nodes -keyout {directory}/key.pem -out {directory}/cert.pem -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1");
        var script = Path.Combine(Repository.Root, "tests", "servers", "smtp_server.py");
        var arguments = $"{script} --mode {mode} --cert {directory}/cert.pem --key {directory}/key.pem --out {directory}/mail"
            + (auth ? $" --user {User} --password {Password}" : "");
        var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("python3 did not start");
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (ready is null || !ready.StartsWith("READY ", StringComparison.Ordinal))
            throw new InvalidOperationException($"The SMTP server did not start (is python3-aiosmtpd installed? ./test.sh installs it): {await process.StandardError.ReadToEndAsync()}");
        return new SmtpServer(process, directory, int.Parse(ready[6..]));
    }

    public IReadOnlyList<ReceivedMail> Messages() =>
        Directory.Exists(MailDirectory)
            ? Directory.GetFiles(MailDirectory, "*.json").Order().Select(file =>
            {
                using var json = JsonDocument.Parse(File.ReadAllText(file));
                var root = json.RootElement;
                string? S(string name) => root.GetProperty(name).ValueKind == JsonValueKind.Null ? null : root.GetProperty(name).GetString();
                return new ReceivedMail(S("subject")!, S("from")!, S("to")!, root.GetProperty("rcpt_tos").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                    S("text"), S("html"), S("raw")!);
            }).ToList()
            : [];

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {await process.StandardError.ReadToEndAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
