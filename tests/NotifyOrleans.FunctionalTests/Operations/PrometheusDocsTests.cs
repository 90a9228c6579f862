using System.Text.RegularExpressions;
using NotifyOrleans.FunctionalTests.Infrastructure;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>docs/api.md's Prometheus configuration and alerting rules, as written, pass Prometheus' own checks.</summary>
public sealed partial class PrometheusDocsTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("notifyorleans-prometheus-");

    [Fact]
    public async Task The_documented_scrape_configuration_and_alerting_rules_are_valid()
    {
        var blocks = YamlBlock().Matches(File.ReadAllText(DocumentedCommands.ApiGuide)).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, blocks.Count);
        const string tokenFile = "/etc/prometheus/notifyorleans.token";
        Assert.Contains(tokenFile, blocks[0]);
        File.WriteAllText(Path.Combine(_work.FullName, "token"), "noa_token\n");
        File.WriteAllText(Path.Combine(_work.FullName, "prometheus.yml"), blocks[0].Replace(tokenFile, Path.Combine(_work.FullName, "token")));
        File.WriteAllText(Path.Combine(_work.FullName, "notifyorleans-rules.yml"), blocks[1]);

        var config = await Promtool.RunAsync(["check", "config", "prometheus.yml"], workingDirectory: _work.FullName); // checks the rule file it names too
        var rules = await Promtool.RunAsync(["check", "rules", "notifyorleans-rules.yml"], workingDirectory: _work.FullName);

        Assert.True(config.Exit == 0, config.Said);
        Assert.Contains("SUCCESS: 1 rule files found", config.Said);
        Assert.True(rules.Exit == 0, rules.Said);
        Assert.Contains("SUCCESS: 7 rules found", rules.Said);
    }

    public void Dispose() => _work.Delete(recursive: true);

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
