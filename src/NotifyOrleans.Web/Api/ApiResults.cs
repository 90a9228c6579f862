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
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, TooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
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
