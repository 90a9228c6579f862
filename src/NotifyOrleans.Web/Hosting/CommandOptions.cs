namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// A command's options after its two words (<c>keys create</c>; one for <c>health</c>): each named option takes the next
/// word as its value, each flag stands alone, and anything else is refused. Ignored, a mistyped
/// <c>--readonly</c> made a read-write token and <c>--admn</c> a Member.
/// </summary>
internal sealed class CommandOptions
{
    private readonly Dictionary<string, string> _values = [];
    private readonly HashSet<string> _flags = [];

    public string? this[string name] => _values.GetValueOrDefault(name);

    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>Whether a <c>--name</c> was given that a key or token may carry: not blank, and at most so long.</summary>
    public static bool IsName(string? name, int maxLength) => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= maxLength;

    /// <returns>The options, or what is wrong with them.</returns>
    public static (CommandOptions? Options, string? Problem) Read(string[] args, string[] named, string[]? flags = null, int words = 2)
    {
        var options = new CommandOptions();
        for (var i = words; i < args.Length; i++)
        {
            var option = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (option is not null && named.Contains(option) && i + 1 < args.Length) options._values[option] = args[++i];
            else if (option is not null && flags?.Contains(option) == true) options._flags.Add(option);
            else return (null, named.Contains(option) ? $"{args[i]} needs a value." : $"Unknown option {args[i]}.");
        }

        return (options, null);
    }
}
