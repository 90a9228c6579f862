namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>Why a report was refused: an HTTP status, the field at fault, and words a person can act on.</summary>
public sealed record IngestProblem(int Status, string Title, string Detail, string? Field = null)
{
    public static IngestProblem BadField(string field, string detail) => new(400, "Invalid report", detail, field);
    public static IngestProblem OutsideKey(string field, string detail) => new(403, "Not this key's server or job", detail, field);
    public static IngestProblem Unauthorized(string detail) => new(401, "Unknown or missing ingest key", detail, "key");
}

/// <summary>A parsed value or the problem that stopped parsing.</summary>
public readonly record struct Parsed<T>(T? Value, IngestProblem? Problem)
{
    public static implicit operator Parsed<T>(T value) => new(value, null);
    public static implicit operator Parsed<T>(IngestProblem problem) => new(default, problem);
}
