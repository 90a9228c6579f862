using NotifyOrleans.Web.Pages.Shared.Jobs;

namespace NotifyOrleans.FunctionalTests.Console;

/// <summary>The API's messages as the job forms show them: no JSON field names, no "null".</summary>
public sealed class FormWordingTests
{
    [Theory]
    [InlineData("grace", "grace is a duration like 30m, 1h, 1D or PT1H, or null.", "Enter a duration like 30m, 1h, 1D or PT1H, or leave it empty.")]
    [InlineData("failureRepeat", "failureRepeat is at least 5m: a notice repeated more often floods its channels. null: no repeats.",
        "Enter at least 5m: a notice repeated more often floods its channels. Leave it empty for no repeats.")]
    [InlineData("schedule.every", "schedule.every is longer than zero. schedule.every is a duration like 1D, 12h, 1W or 1D2h30m (or give a cron).",
        "Enter a duration longer than zero. Enter a duration like 1D, 12h, 1W or 1D2h30m (or give a cron).")]
    [InlineData("schedule.days", "A weekly run at a time of day names its one weekday, like [\"sunday\"].", "A weekly run at a time of day names its one weekday, like Sunday.")]
    public void A_message_names_no_json_field_and_says_empty_where_the_api_says_null(string field, string message, string shown) =>
        Assert.Equal(shown, FormWording.Of(field, message, mayBeEmpty: true));
}
