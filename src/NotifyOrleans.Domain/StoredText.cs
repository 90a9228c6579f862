namespace NotifyOrleans.Domain;

/// <summary>
/// Text cut to a width without splitting a character: an emoji is two UTF-16 units, and a cut
/// between them left half of one, which PostgreSQL refuses in a text column (the whole commit
/// failed, the report with it, on every retry) and Discord shows as "�".
/// </summary>
public static class StoredText
{
    /// <summary>At most <paramref name="maxLength"/> UTF-16 units, one fewer where the last would be half a pair.</summary>
    public static string Cut(string text, int maxLength) =>
        text.Length <= maxLength ? text : text[..(maxLength > 0 && char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength)];

    /// <summary>As a column takes it: <see cref="Cut"/>, and no NUL (PostgreSQL refuses one in text).</summary>
    public static string? Fit(string? text, int maxLength) => text is null ? null : Cut(text, maxLength).Replace('\0', '\uFFFD');
}
