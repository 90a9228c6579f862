namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// A command's list as aligned columns under a header, as <c>docker ps</c> prints them; a value
/// that is not there is "-", so that no column is ever blank.
/// </summary>
internal static class TextTable
{
    public static void Write(TextWriter output, string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Append(title.Length).Max()).ToArray();
        output.WriteLine(Line(header, widths));
        foreach (var row in rows) output.WriteLine(Line(row, widths));
    }

    /// <summary>A moment as a list shows it: to the minute, in UTC, which says so.</summary>
    public static string Moment(DateTimeOffset? moment) => moment is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm") + "Z" : "-";

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => column == cells.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd();
}
