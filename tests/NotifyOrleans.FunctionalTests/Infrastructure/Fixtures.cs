using NotifyOrleans.FunctionalTests.Fakes;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>The real captured reports in ../shared/fixtures (beside the repository), used as they are.</summary>
public static class Fixtures
{
    public static string Root =>
        Environment.GetEnvironmentVariable("NOTIFYORLEANS_FIXTURES")
        ?? Path.GetFullPath(Path.Combine(SmtpServer.RepositoryRoot(), "..", "shared", "fixtures"));

    public static byte[] Duplicati(string folder) => File.ReadAllBytes(Path.Combine(Root, "duplicati", folder, "001-POST.body"));

    /// <summary>The Content-Type the real Duplicati client sent with this capture.</summary>
    public static string DuplicatiContentType(string folder) =>
        File.ReadAllLines(Path.Combine(Root, "duplicati", folder, "001-POST.request.txt"))
            .First(line => line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))["Content-Type:".Length..].Trim();

    public static byte[] Duplistatus(string file) => File.ReadAllBytes(Path.Combine(Root, "duplistatus", file));
}
