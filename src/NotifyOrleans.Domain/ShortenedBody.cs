namespace NotifyOrleans.Domain;

/// <summary>
/// A text too long for where it goes (ntfy's 4 KB, a Discord embed's 4,096 characters, a run's
/// stored log), shortened in the middle: its first paragraph (what happened, to which job) and its end are
/// kept. The end of a log is where the error is: cut at the end, a 70 KB pg_dump log's notice on
/// a phone ended in the middle of line 1,831, without the one line that said what went wrong.
/// </summary>
public static class ShortenedBody
{
    private const string Gap = "[…]\n";

    /// <param name="room">How much the channel takes, in the unit <paramref name="size"/> counts (bytes, characters).</param>
    public static string Fit(string body, int room, Func<string, int> size)
    {
        if (size(body) <= room) return body;
        var paragraphEnd = body.IndexOf("\n\n", StringComparison.Ordinal);
        // The opening sentence, when it leaves most of the room to the end.
        var head = paragraphEnd > 0 && size(body[..(paragraphEnd + 2)]) <= room / 3 ? body[..(paragraphEnd + 2)] : "";
        var tailRoom = room - size(head) - size(Gap);
        if (tailRoom <= 0) return Start(body, room, size);

        // The longest end that fits, found by halving: the size of a UTF-8 text is not its length.
        int fits = 0, tooLong = body.Length - head.Length + 1;
        while (tooLong - fits > 1)
        {
            var length = (fits + tooLong) / 2;
            if (size(End(body, length)) <= tailRoom) fits = length;
            else tooLong = length;
        }

        return head + Gap + body[EndStart(body, body.Length - fits)..];
    }

    /// <summary>
    /// Where the end of <paramref name="text"/> kept from <paramref name="cut"/> on begins: at the start
    /// of the next line when one begins near the cut (half a line reads as garbage: "ould not open …"),
    /// unless that would leave nothing; never between the halves of a surrogate pair.
    /// </summary>
    public static int EndStart(string text, int cut)
    {
        if (cut <= 0 || cut >= text.Length) return Math.Clamp(cut, 0, text.Length);
        if (text[cut - 1] != '\n' && text.IndexOf('\n', cut) is var lineEnd and >= 0 && lineEnd - cut < NearCut && lineEnd + 1 < text.Length) return lineEnd + 1;
        return char.IsLowSurrogate(text[cut]) ? cut + 1 : cut;
    }

    /// <summary>How far after a cut a line may begin and still be where the kept end starts.</summary>
    private const int NearCut = 200;

    /// <summary>The last <paramref name="length"/> characters, without half of a surrogate pair at the cut.</summary>
    private static string End(string text, int length)
    {
        var start = text.Length - length;
        if (start > 0 && start < text.Length && char.IsLowSurrogate(text[start])) start++;
        return text[start..];
    }

    /// <summary>A room too small for both ends: the beginning, as much as fits.</summary>
    private static string Start(string text, int room, Func<string, int> size)
    {
        var length = Math.Min(text.Length, Math.Max(0, room));
        while (length > 0 && size(text[..length]) > room) length--;
        if (length > 0 && char.IsHighSurrogate(text[length - 1])) length--;
        return text[..length];
    }
}
