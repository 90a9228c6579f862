using Serilog.Events;
using Serilog.Parsing;
using NotifyOrleans.Web.Hosting;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>Orleans' start-up watchdog warning is dropped only when the stall it names is longer than the process has lived.</summary>
public sealed class SpuriousWatchdogWarningTests
{
    private static LogEvent Warning(string source, TimeSpan stalled) => new(DateTimeOffset.UtcNow, LogEventLevel.Warning, null,
        new MessageTemplateParser().Parse("Participant check thread has not completed for {TimeSinceLastTick}"),
        [new LogEventProperty("SourceContext", new ScalarValue(source)), new LogEventProperty("TimeSinceLastTick", new ScalarValue(stalled))]);

    [Fact]
    public void A_stall_longer_than_the_process_has_lived_is_dropped() =>
        Assert.True(SpuriousWatchdogWarning.IsSpurious(Warning("Orleans.Runtime.Watchdog", TimeSpan.FromDays(400))));

    [Fact]
    public void A_stall_the_process_lived_through_is_kept() =>
        Assert.False(SpuriousWatchdogWarning.IsSpurious(Warning("Orleans.Runtime.Watchdog", TimeSpan.FromMilliseconds(1))));

    [Fact]
    public void Other_sources_are_kept_whatever_they_say() =>
        Assert.False(SpuriousWatchdogWarning.IsSpurious(Warning("NotifyOrleans.Anything", TimeSpan.FromDays(400))));
}
