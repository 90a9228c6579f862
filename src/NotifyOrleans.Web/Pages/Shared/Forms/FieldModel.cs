namespace NotifyOrleans.Web.Pages.Shared.Forms;

/// <summary>What <c>_TextField</c> needs to render one input. MaxLength is generous on purpose:
/// over-long input must reach the server so the user sees the message, not a silent cut.</summary>
public sealed record FieldModel(string Name, string Label, string? Value, string Type = "text",
    string AutoComplete = "off", string? Help = null, int MaxLength = 1000);
