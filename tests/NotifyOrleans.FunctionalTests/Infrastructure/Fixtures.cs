namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>
/// The real captured reports in tests/fixtures (copies of the shared fixtures), used as they are.
/// NOTIFYORLEANS_FIXTURES points at another folder of the same layout, e.g. new captures.
/// </summary>
public static class Fixtures
{
    public static string Root =>
        Environment.GetEnvironmentVariable("NOTIFYORLEANS_FIXTURES")
        ?? Path.Combine(Repository.Root, "tests", "fixtures");

    public static byte[] Duplicati(string folder) => File.ReadAllBytes(Path.Combine(Root, "duplicati", folder, "001-POST.body"));

    /// <summary>The Content-Type the real Duplicati client sent with this capture.</summary>
    public static string DuplicatiContentType(string folder) =>
        File.ReadAllLines(Path.Combine(Root, "duplicati", folder, "001-POST.request.txt"))
            .First(line => line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))["Content-Type:".Length..].Trim();

    /// <summary>A Duplicati capture as the body of a request, with the JSON content type the client sends.</summary>
    public static HttpContent DuplicatiContent(string folder) =>
        new ByteArrayContent(Duplicati(folder)) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") } };

    public static byte[] Duplistatus(string file) => File.ReadAllBytes(Path.Combine(Root, "duplistatus", file));
}
