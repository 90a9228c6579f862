using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.ConfigurationBackups;
using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.Infrastructure.ConfigurationBackups;

/// <summary>The scheduled export: a reminder named after its period, so a changed period replaces it and a restart keeps it.</summary>
[GrainType("configbackup")]
public sealed class ConfigurationBackupGrain(IServiceScopeFactory scopes, FaultReporter faults) : Grain, IConfigurationBackupGrain, IRemindable
{
    private const string Prefix = "export-every-";

    public async Task EnsureScheduledAsync(TimeSpan? every)
    {
        var wanted = every is { } period && period > TimeSpan.Zero ? Prefix + (long)period.TotalSeconds + "s" : null;
        foreach (var reminder in await this.GetReminders())
            if (reminder.ReminderName != wanted) await this.UnregisterReminder(reminder);
        if (wanted is not null && await this.GetReminder(wanted) is null)
            await this.RegisterOrUpdateReminder(wanted, every!.Value, every.Value);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ConfigurationExporter>().ExportAsync("the schedule");
        }
        catch (Exception exception)
        {
            await faults.ReportAsync("The scheduled configuration backup", exception);
        }
    }
}
