using System.Text;
using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.UnitTests.Ingest;

public sealed class LeftOutLinesTests
{
    private const string ResticError = """{"message_type":"error","error":{"Op":"open","Path":"/srv/a","Err":13},"during":"archival","item":"/srv/a"}""";
    private const string ResticStatus = """{"message_type":"status","percent_done":0.5}""";
    private const string BorgWarning = """{"type": "log_message", "time": 1, "message": "/srv/b: open: [Errno 13] Permission denied", "levelname": "WARNING", "name": "borg.archiver"}""";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Lines_are_counted_as_the_tools_output_counts_them_however_the_bytes_are_cut(int chunk)
    {
        var body = Encoding.UTF8.GetBytes(string.Join("\n", ResticError, ResticStatus, "", "  ", BorgWarning, "tar: some text", "{not json", ResticError) + "\n");
        var lines = new LeftOutLines();

        for (var at = 0; at < body.Length; at += chunk) lines.Add(body.AsSpan(at, Math.Min(chunk, body.Length - at)));
        lines.End();

        Assert.Equal((3, 2), (lines.JsonProblems, lines.TextLines)); // two errors and a warning; "tar: …" and "{not json"
    }

    [Fact]
    public void A_line_cut_off_at_the_end_is_counted_once_it_is_ended()
    {
        var lines = new LeftOutLines();

        lines.Add(Encoding.UTF8.GetBytes(ResticError[..40]));
        Assert.Equal(0, lines.JsonProblems);
        lines.Add(Encoding.UTF8.GetBytes(ResticError[40..]));
        lines.End();

        Assert.Equal(1, lines.JsonProblems);
    }

    [Fact]
    public void A_line_too_long_to_read_is_a_line_of_text()
    {
        var lines = new LeftOutLines();

        lines.Add(Encoding.UTF8.GetBytes("{\"message_type\":\"error\",\"item\":\"" + new string('x', 100_000) + "\"}\n"));

        Assert.Equal((0, 1), (lines.JsonProblems, lines.TextLines));
    }

    [Fact]
    public void The_tools_count_adds_what_was_left_out()
    {
        var lines = new LeftOutLines();
        lines.Add(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(ResticError + "\n", 5))));
        lines.End();

        var output = BackupToolOutput.Read(ResticError + "\n" + ResticError, lines);

        Assert.Equal(7, output.Problems);
    }
}
