namespace NotifyOrleans.Web.Pages.Shared.Forms;

/// <summary>What <c>_TextField</c> needs to render one input. MaxLength is generous on purpose:
/// over-long input must reach the server so the user sees the message, not a silent cut.</summary>
/// <param name="Type">An input type, or <c>textarea</c>.</param>
public sealed record FieldModel(string Name, string Label, string? Value, string Type = "text",
    string AutoComplete = "off", string? Help = null, int MaxLength = 10000, string? Placeholder = null);

/// <summary>What <c>_SelectField</c> needs: the options as (value, label).</summary>
/// <param name="PicksBrowserZone">A time zone never chosen yet: the page's script picks the browser's own and says so (app.js).</param>
/// <param name="ShowsTimes">The page shows times in the zone saved (My notifications), so the script's line says they are in UTC until it is saved; Setup shows none.</param>
public sealed record SelectModel(string Name, string Label, string? Value, IReadOnlyList<(string Value, string Label)> Options, string? Help = null,
    bool PicksBrowserZone = false, bool ShowsTimes = false)
{
    /// <summary>A time zone field: the zones <see cref="Domain.TimeZones.ChoicesWith"/> offers.</summary>
    public static SelectModel TimeZone(string name, string? value, string help, bool picksBrowserZone = false, bool showsTimes = false) =>
        new(name, "Time zone", value, Domain.TimeZones.ChoicesWith(value)
            .Select(zone => (zone, zone)).ToList(), help, picksBrowserZone, showsTimes);
}

/// <summary>What <c>_CheckField</c> needs.</summary>
public sealed record CheckModel(string Name, string Label, bool Checked, string? Help = null);
