using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.Web.Api;

/// <summary>Answers of the machine APIs: problem+json for every refusal, naming the field at fault.</summary>
public static class ApiResults
{
    public static IResult Problem(IngestProblem problem) => Results.Problem(
        title: problem.Title,
        detail: problem.Detail,
        statusCode: problem.Status,
        extensions: problem.Field is null ? null : new Dictionary<string, object?> { ["field"] = problem.Field });

    /// <summary>Reads the body up to the limit; a larger one is a 413 problem, not a truncated report.</summary>
    public static async Task<(byte[]? Body, IngestProblem? Problem)> ReadBodyAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        var (body, cut) = await ReadUpToAsync(request, maxBytes);
        return cut ? (null, TooLarge(maxBytes)) : (body, null);
    }

    /// <summary>The body's first <paramref name="maxBytes"/> bytes; <c>Cut</c> says there was more (it is left unread).</summary>
    private static async Task<(byte[] Body, bool Cut)> ReadUpToAsync(HttpRequest request, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        // One byte past the limit is enough to know there is more.
        while (buffer.Length <= maxBytes
               && (read = await request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes + 1L - buffer.Length)), request.HttpContext.RequestAborted)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.Length > maxBytes ? (buffer.GetBuffer().AsSpan(0, maxBytes).ToArray(), true) : (buffer.ToArray(), false);
    }

    /// <summary>
    /// The body's last <paramref name="maxBytes"/> bytes, however long it is (read through, never held
    /// whole); <c>LeftOut</c> counts the bytes before them.
    /// </summary>
    /// <param name="notKept">Given the bytes that are not kept, in order.</param>
    public static async Task<(byte[] Tail, long LeftOut)> ReadTailAsync(HttpRequest request, int maxBytes, LeftOutLines? notKept = null)
    {
        // Twice the limit: once full, the newest half moves to the front and reading goes on.
        var buffer = new byte[2 * maxBytes];
        var (filled, leftOut) = (0, 0L);
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(filled), request.HttpContext.RequestAborted)) > 0)
        {
            filled += read;
            if (filled < buffer.Length) continue;
            notKept?.Add(buffer.AsSpan(0, maxBytes));
            Array.Copy(buffer, maxBytes, buffer, 0, maxBytes);
            (filled, leftOut) = (maxBytes, leftOut + maxBytes);
        }

        var kept = Math.Min(filled, maxBytes);
        notKept?.Add(buffer.AsSpan(0, filled - kept));
        return (buffer.AsSpan(filled - kept, kept).ToArray(), leftOut + filled - kept);
    }

    /// <summary>
    /// The ingest key of a request: the query string (Duplicati cannot send headers), an X-Api-Key
    /// header, a Bearer token, or what the body carried (Duplicati's Extra parameters).
    /// </summary>
    public static string? KeyFrom(HttpRequest request, string? fromBody = null) =>
        request.Query["key"].ToString() is { Length: > 0 } query ? query
        : request.Headers["X-Api-Key"].ToString() is { Length: > 0 } header ? header
        : BearerFrom(request) ?? fromBody;

    /// <summary>The credential of an <c>Authorization: Bearer …</c> header, or null.</summary>
    public static string? BearerFrom(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;

    private static IngestProblem TooLarge(int maxBytes) =>
        new(413, "Report too large", $"The body is larger than {maxBytes:N0} bytes (Ingest:MaxBodyBytes).", "body");
}
