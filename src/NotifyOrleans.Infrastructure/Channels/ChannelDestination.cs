namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>Where a channel sends to, as its <see cref="DestinationAttribute"/> settings say.</summary>
public static class ChannelDestination
{
    /// <summary>
    /// The destination settings that differ between two versions of a channel's settings: a URL
    /// by scheme, host and port (a new path on the same server is the same destination), a host
    /// name in any case, anything else as it is.
    /// </summary>
    public static IReadOnlyList<string> Changed(ChannelSettings before, ChannelSettings after) =>
        before.GetType() != after.GetType() ? ["Kind"]
        : after.GetType().GetProperties()
            .Where(p => p.IsDefined(typeof(DestinationAttribute), inherit: false) && !Same(p.GetValue(before), p.GetValue(after)))
            .Select(p => p.Name).ToList();

    private static bool Same(object? before, object? after) =>
        before is string a && after is string b && Uri.TryCreate(a, UriKind.Absolute, out var from) && Uri.TryCreate(b, UriKind.Absolute, out var to)
            ? string.Equals(from.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped), to.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped), StringComparison.OrdinalIgnoreCase)
            : before is string x && after is string y ? string.Equals(x.Trim(), y.Trim(), StringComparison.OrdinalIgnoreCase) : Equals(before, after);
}
