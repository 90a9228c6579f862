namespace NotifyOrleans.Web.Hosting;

/// <summary>Request paths as they may appear in a log: a ping URL's key, an acknowledge link's token and a badge's signed name are secrets.</summary>
public static class LoggedPaths
{
    public const string MaskedKey = "***";

    /// <summary>Paths whose next segment is a credential: anyone holding it can report runs, acknowledge an incident, or see a job's state.</summary>
    private static readonly string[] CredentialPaths = ["/ping", "/ack", "/badge"];

    /// <summary>
    /// <c>/ping/nok_abc…/fail</c> → <c>/ping/***/fail</c>, <c>/ack/CfDJ8…</c> → <c>/ack/***</c>;
    /// control characters (a decoded <c>%0A</c>) escaped, so a request cannot write lines of its own into the log.
    /// </summary>
    public static string Mask(PathString path)
    {
        foreach (var prefix in CredentialPaths)
        {
            if (!path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase, out var rest) || !rest.HasValue || rest.Value!.Length <= 1) continue;
            var afterKey = rest.Value.IndexOf('/', 1);
            return prefix + "/" + MaskedKey + (afterKey < 0 ? "" : Escaped(rest.Value[afterKey..]));
        }

        return Escaped(path.Value ?? "");
    }

    private static string Escaped(string value) => value.Any(char.IsControl)
        ? string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))
        : value;
}
