namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>
/// A channel's name where a form offers it: a disabled one says so. Chosen for a job, a summary or
/// quiet hours, it looked like any other, and what was meant for it waited unseen until someone
/// enabled it (Channels page).
/// </summary>
public static class ChannelLabel
{
    public const string DisabledMark = " (disabled)";

    public static string Of(string name, bool enabled) => enabled ? name : name + DisabledMark;

    /// <summary>The same, for a form that has the ids of the disabled channels (none: none is marked).</summary>
    public static string Of(Guid id, string name, IReadOnlySet<Guid>? disabled) => Of(name, disabled?.Contains(id) != true);
}
