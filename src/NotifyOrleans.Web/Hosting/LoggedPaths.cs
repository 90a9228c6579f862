namespace NotifyOrleans.Web.Hosting;

/// <summary>Request paths as they may appear in a log: a ping URL's key is a secret.</summary>
public static class LoggedPaths
{
    public const string MaskedKey = "***";

    /// <summary>
    /// <c>/ping/nok_abc…/fail</c> → <c>/ping/***/fail</c>; control characters (a decoded <c>%0A</c>)
    /// escaped, so a request cannot write lines of its own into the log.
    /// </summary>
    public static string Mask(PathString path)
    {
        var value = Escaped(path.Value ?? "");
        if (!path.StartsWithSegments("/ping", StringComparison.OrdinalIgnoreCase, out var rest) || !rest.HasValue || rest.Value!.Length <= 1)
            return value;
        var afterKey = rest.Value.IndexOf('/', 1);
        return "/ping/" + MaskedKey + (afterKey < 0 ? "" : Escaped(rest.Value[afterKey..]));
    }

    private static string Escaped(string value) => value.Any(char.IsControl)
        ? string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))
        : value;
}
