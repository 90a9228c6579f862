using System.Text.RegularExpressions;
using NotifyOrleans.FunctionalTests.Infrastructure;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>The command lines the README and the docs show, for the tests that run them as written.</summary>
public static partial class DocumentedCommands
{
    public static string ApiGuide => Path.Combine(Repository.Root, "docs", "api.md");

    /// <summary>
    /// Each command line of the bash blocks in README.md and docs/*.md (continuations joined,
    /// comments cut). The API guide's blocks build on each other (variables): they are run as one
    /// script by their own test, so the curl test can leave them out.
    /// </summary>
    public static IEnumerable<string> All(bool exceptApiGuide = false)
    {
        var files = new[] { Path.Combine(Repository.Root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md"))
            .Where(file => !exceptApiGuide || file != ApiGuide);
        foreach (var file in files)
        {
            foreach (var block in BashBlocks(File.ReadAllText(file)))
            {
                var pending = "";
                foreach (var raw in block.Replace("\\\n", " ").Split('\n'))
                {
                    // A quoted argument may go on over several lines (a JSON body): keep reading until it closes.
                    pending += (pending.Length > 0 ? " " : "") + raw;
                    if (pending.Count(c => c == '\'') % 2 == 1) continue;
                    var line = Regex.Replace(pending, @"\s+#\s.*$", "").Trim();
                    pending = "";
                    if (line.Length > 0 && !line.StartsWith('#')) yield return Regex.Replace(line, @"\s+", " ");
                }
            }
        }
    }

    /// <summary>The bash blocks of a page, in order.</summary>
    public static IEnumerable<string> BashBlocks(string markdown) => BashBlock().Matches(markdown).Select(block => block.Groups[1].Value);

    /// <summary>A line that runs restic or borg, then pings with its output.</summary>
    public static bool IsBackupToolLine(string line) => line.StartsWith("restic ", StringComparison.Ordinal) || line.StartsWith("borg ", StringComparison.Ordinal);

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
