namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>
/// Takes a channel's secrets out of what its destination answered. Receivers echo requests in
/// their errors (a 400 that lists the headers it got, "Cannot POST /hooks/T0KEN"), and that text
/// is stored as the channel's last error, shown to admins and read-only API tokens, logged, and
/// sent on to the other channels as a System Error. Every secret of the channel, and each
/// token-like part of one (a URL's path segments and query values, a header's value and the
/// credential after its scheme), becomes <c>***</c>.
/// </summary>
public static class SecretsInErrors
{
    private const string Hidden = "***";

    /// <summary>Parts shorter than this are not taken out on their own: "Bearer", "v1", a port.</summary>
    private const int ShortestPart = 8;

    public static string Scrub(string text, ChannelSettings settings)
    {
        foreach (var secret in settings.SecretValues().SelectMany(Parts).Distinct().OrderByDescending(part => part.Length))
            text = text.Replace(secret, Hidden, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The whole value, and the parts of it that are secrets on their own.</summary>
    private static IEnumerable<string> Parts(string value)
    {
        value = value.Trim();
        if (value.Length == 0) yield break;
        yield return value;
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            if (url.UserInfo.Length > 0) yield return url.UserInfo;
            yield return url.PathAndQuery;
            foreach (var segment in url.AbsolutePath.Split('/').Select(Uri.UnescapeDataString).Where(s => s.Length >= ShortestPart)) yield return segment;
            foreach (var pair in url.Query.TrimStart('?').Split('&'))
                if (pair.Split('=', 2) is [_, var queryValue] && Uri.UnescapeDataString(queryValue) is { Length: >= ShortestPart } token) yield return token;
            yield break;
        }

        foreach (var word in value.Split([' ', '\t', ',', ';'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= ShortestPart)) yield return word;
    }
}
