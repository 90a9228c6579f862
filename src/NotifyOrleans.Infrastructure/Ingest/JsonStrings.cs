using System.Text.Json;

namespace NotifyOrleans.Infrastructure.Ingest;

/// <summary>
/// JSON may escape half of a UTF-16 surrogate pair (<c>"\ud800"</c>), which is valid JSON but not
/// text: reading it as a string throws. Reports are checked once, up front, so no reader meets one.
/// </summary>
public static class JsonStrings
{
    /// <summary>
    /// As <see cref="FindUnreadable(JsonElement, string)"/>, but walks the document only when its
    /// bytes hold a <c>\u</c> escape, the one way half a pair can get in (the bytes are valid UTF-8):
    /// the walk was 3 % of a report's CPU, and almost no report escapes anything.
    /// </summary>
    public static string? FindUnreadable(ReadOnlySpan<byte> utf8, JsonElement root) =>
        utf8.IndexOf("\\u"u8) < 0 ? null : FindUnreadable(root);

    /// <returns>The path of the first name or string that is not text, or null when all are.</returns>
    public static string? FindUnreadable(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!Readable(() => property.Name)) return path;
                    if (FindUnreadable(property.Value, path == "$" ? property.Name : $"{path}.{property.Name}") is { } inside) return inside;
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnreadable(item, $"{path}[{index++}]") is { } inside) return inside;
                }

                return null;
            case JsonValueKind.String:
                return Readable(element.GetString) ? null : path;
            default:
                return null;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
