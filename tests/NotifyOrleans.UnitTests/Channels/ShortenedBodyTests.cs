using NotifyOrleans.Domain;
using System.Text;
using NotifyOrleans.Infrastructure.Channels;

namespace NotifyOrleans.UnitTests.Channels;

public sealed class ShortenedBodyTests
{
    private static readonly string Log = string.Join("\n", Enumerable.Range(1, 3000).Select(i => $"line {i} of the dump: table public.t{i} dumped")) + "\npg_dump: error: password authentication failed for user \"backup\"";
    private static readonly string Body = "The backup pg_dump on db-01 failed at 2026-12-05 03:21 UTC.\n\n" + Log;

    [Fact]
    public void A_long_log_keeps_what_happened_and_its_last_lines_where_the_error_is()
    {
        var text = ShortenedBody.Fit(Body, 4000, Encoding.UTF8.GetByteCount);

        Assert.True(Encoding.UTF8.GetByteCount(text) <= 4000);
        Assert.StartsWith("The backup pg_dump on db-01 failed at 2026-12-05 03:21 UTC.\n\n[…]\nline ", text);
        Assert.EndsWith("pg_dump: error: password authentication failed for user \"backup\"", text);
        Assert.True(Encoding.UTF8.GetByteCount(text) > 3800); // the room is used, not wasted
    }

    [Fact]
    public void A_body_that_fits_is_left_alone_and_a_cut_never_splits_an_emoji()
    {
        Assert.Equal(Body, ShortenedBody.Fit(Body, Body.Length, text => text.Length));

        var emojis = "Backup failed.\n\n" + string.Concat(Enumerable.Repeat("💾", 3000));
        var text = ShortenedBody.Fit(emojis, 1001, text => text.Length);

        Assert.True(text.Length <= 1001);
        Assert.False(char.IsLowSurrogate(text[text.IndexOf('\n', 16) + 1]));
        Assert.True(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) == text); // no half pair anywhere
    }

    [Fact]
    public void Without_an_opening_paragraph_the_end_is_kept_and_a_tiny_room_keeps_the_start()
    {
        var text = ShortenedBody.Fit(Log, 500, t => t.Length);

        Assert.StartsWith("[…]\nline ", text);
        Assert.EndsWith("for user \"backup\"", text);
        Assert.Equal("The ", ShortenedBody.Fit(Body, 4, t => t.Length));
    }

    [Fact]
    public void A_kept_end_starts_at_a_line_near_the_cut_but_not_one_far_after_it_nor_skips_a_line_that_starts_there()
    {
        const string text = "first line\nCould not open the repository\nExit 1";
        var could = text.IndexOf("Could", StringComparison.Ordinal);
        var longLine = "x" + new string('b', 500) + "\nthe last line";

        Assert.Equal(could, ShortenedBody.EndStart(text, 5)); // "line\n" ends near the cut: the next line
        Assert.Equal(text.IndexOf("Exit", StringComparison.Ordinal), ShortenedBody.EndStart(text, could + 1)); // not "ould not open …"
        Assert.Equal(could, ShortenedBody.EndStart(text, could)); // a cut at a line's start keeps that line
        Assert.Equal(1, ShortenedBody.EndStart(longLine, 1)); // the next line is 500 characters on: the cut stays
        Assert.Equal(text.Length - 2, ShortenedBody.EndStart(text, text.Length - 2)); // in the last line: nothing after it
    }
}
