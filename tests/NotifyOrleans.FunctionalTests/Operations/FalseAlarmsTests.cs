using Serilog.Events;
using Serilog.Parsing;
using NotifyOrleans.Web.Hosting;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>Known false alarms at start-up are dropped from the log; the same kind of line about a real fault is kept.</summary>
public sealed class FalseAlarmsTests
{
    private static LogEvent Event(string source, Exception? exception = null, params (string Name, object Value)[] properties) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Warning, exception, new MessageTemplateParser().Parse("A line"),
            [new LogEventProperty("SourceContext", new ScalarValue(source)), .. properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value)))]);

    private static LogEvent Watchdog(TimeSpan stalled, string source = "Orleans.Runtime.Watchdog") => Event(source, null, ("TimeSinceLastTick", stalled));

    private static LogEvent FailedCommand(string command) => Event("Microsoft.EntityFrameworkCore.Database.Command", null, ("commandText", command));

    private const string HistoryRead = "SELECT \"MigrationId\", \"ProductVersion\"\nFROM \"__EFMigrationsHistory\"\nORDER BY \"MigrationId\";";

    [Fact]
    public void A_watchdog_stall_longer_than_the_process_has_lived_is_dropped() =>
        Assert.True(FalseAlarms.IsFalseAlarm(Watchdog(TimeSpan.FromDays(400))));

    [Fact]
    public void A_watchdog_stall_the_process_lived_through_is_kept() =>
        Assert.False(FalseAlarms.IsFalseAlarm(Watchdog(TimeSpan.FromMilliseconds(1))));

    [Fact]
    public void Other_sources_are_kept_whatever_they_say() =>
        Assert.False(FalseAlarms.IsFalseAlarm(Watchdog(TimeSpan.FromDays(400), source: "NotifyOrleans.Anything")));

    [Fact]
    public void The_first_read_of_a_missing_migrations_history_is_dropped() =>
        Assert.True(FalseAlarms.IsFalseAlarm(FailedCommand(HistoryRead)));

    [Fact]
    public void A_failed_read_of_the_apps_own_tables_is_kept() =>
        Assert.False(FalseAlarms.IsFalseAlarm(FailedCommand("SELECT 1 FROM \"BackupJobs\"")));

    [Fact]
    public void A_failed_write_to_the_migrations_history_is_kept() =>
        Assert.False(FalseAlarms.IsFalseAlarm(FailedCommand("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('x', '10.0');")));
}
