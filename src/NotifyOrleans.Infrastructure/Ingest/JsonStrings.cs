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
    /// bytes hold the escape of a surrogate (<c>\uD800</c>–<c>\uDFFF</c>), the one way half a pair
    /// can get in (the bytes are valid UTF-8). The walk was 3 % of a report's CPU. Any <c>\u</c> used
    /// to start it: a Windows path (<c>C:\\users</c>) and every serializer that escapes <c>+</c>
    /// or <c>'</c> as <c>\u002B</c> (System.Text.Json's default) set it off.
    /// </summary>
    public static string? FindUnreadable(ReadOnlySpan<byte> utf8, JsonElement root) =>
        EscapesASurrogate(utf8) ? FindUnreadable(root) : null;

    private static bool EscapesASurrogate(ReadOnlySpan<byte> utf8)
    {
        for (var at = utf8.IndexOf("\\u"u8); at >= 0 && at + 4 <= utf8.Length; )
        {
            var (first, second) = (utf8[at + 2] | 0x20, utf8[at + 3] | 0x20); // lower-cased hex digits
            if (first == 'd' && second is >= '8' and <= '9' or >= 'a' and <= 'f') return true;
            var next = utf8[(at + 2)..].IndexOf("\\u"u8);
            at = next < 0 ? -1 : at + 2 + next;
        }

        return false;
    }

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
