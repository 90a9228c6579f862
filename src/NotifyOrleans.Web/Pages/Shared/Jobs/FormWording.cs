namespace NotifyOrleans.Web.Pages.Shared.Jobs;

/// <summary>
/// The job forms check through the API's readers (one set of rules), whose messages name the JSON
/// field: "grace is a duration like 30m, 1h, 1D or PT1H, or null." Next to the form's field that
/// name is noise and "null" is not something a person types, so the form shows "Enter a duration
/// like 30m, 1h, 1D or PT1H, or leave it empty." (and "Leave it empty for no repeats" for "null: no repeats").
/// </summary>
internal static partial class FormWording
{
    /// <param name="mayBeEmpty">The form's field may be left empty (a grace); else "or null" is left out (a step's value).</param>
    public static string Of(string jsonField, string message, bool mayBeEmpty)
    {
        var name = jsonField[(jsonField.LastIndexOf('.') + 1)..];
        // Each sentence that names the field: "schedule.every is longer than zero. schedule.every is a duration like 1D…".
        foreach (var prefix in new[] { jsonField + " is ", name + " is ", jsonField + " must be ", name + " must be " })
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal)) message = "Enter " + message[prefix.Length..];
            message = message.Replace(". " + prefix, ". Enter ", StringComparison.Ordinal);
        }

        var empty = mayBeEmpty ? ", or leave it empty." : ".";
        message = message.Replace("Enter longer than zero.", "Enter a duration longer than zero.", StringComparison.Ordinal);
        // Weekdays the API takes as a JSON list are ticked here: "names its one weekday, like Sunday".
        message = JsonWeekdays().Replace(message, list => string.Join(", ", JsonWeekday().Matches(list.Value).Select(day =>
            char.ToUpperInvariant(day.Groups[1].Value[0]) + day.Groups[1].Value[1..])));
        return message.Replace(", or null.", empty, StringComparison.Ordinal).Replace(" or null.", empty, StringComparison.Ordinal)
            .Replace(". null: no ", ". Leave it empty for no ", StringComparison.Ordinal); // "… floods its channels. null: no repeats."
    }

    [System.Text.RegularExpressions.GeneratedRegex("""\[("[a-z]+"(, )?)+\]""")]
    private static partial System.Text.RegularExpressions.Regex JsonWeekdays();

    [System.Text.RegularExpressions.GeneratedRegex("\"([a-z]+)\"")]
    private static partial System.Text.RegularExpressions.Regex JsonWeekday();
}
