namespace NotifyOrleans.Web.Hosting;

/// <summary>Request paths as they may appear in a log: a ping URL's key is a secret.</summary>
public static class LoggedPaths
{
    public const string MaskedKey = "***";

    /// <summary><c>/ping/nok_abc…/fail</c> → <c>/ping/***/fail</c>; other paths unchanged.</summary>
    public static string Mask(PathString path)
    {
        var value = path.Value ?? "";
        if (!path.StartsWithSegments("/ping", StringComparison.OrdinalIgnoreCase, out var rest) || !rest.HasValue || rest.Value!.Length <= 1)
            return value;
        var afterKey = rest.Value.IndexOf('/', 1);
        return "/ping/" + MaskedKey + (afterKey < 0 ? "" : rest.Value[afterKey..]);
    }
}
