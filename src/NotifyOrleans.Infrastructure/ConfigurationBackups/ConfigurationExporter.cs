using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.Notifications.Templates;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Infrastructure.ConfigurationBackups;

/// <summary>An export file in the backup folder.</summary>
public sealed record ConfigurationBackupFile(string Name, long Size, DateTimeOffset CreatedAt);

/// <summary>
/// Writes the whole configuration to a file in the backup folder (on demand, or from the
/// schedule), deletes files older than the retention, and raises Configuration Backup.
/// </summary>
public sealed partial class ConfigurationExporter(
    AppDbContext db,
    ChannelSettingsSerializer serializer,
    UserManager<AppUser> users,
    IOptions<ConfigurationBackupOptions> options,
    IOptions<DatabaseOptions> database,
    SystemEventRecorder events,
    TimeProvider time)
{
    private ConfigurationBackupOptions Options => options.Value;

    public string Folder => Path.GetFullPath(Options.Folder ?? Path.Combine(database.Value.SqliteDirectory, "config-backups"));

    /// <param name="by">Who or what asked, for the event: "the daily schedule", "admin@example.com".</param>
    public async Task<ConfigurationBackupFile> ExportAsync(string by, CancellationToken cancellationToken = default)
    {
        var document = await BuildAsync(cancellationToken);
        Directory.CreateDirectory(Folder);
        var name = $"notifyorleans-config-{document.ExportedAt.UtcDateTime:yyyyMMdd-HHmmss-fff}.json";
        var path = Path.Combine(Folder, name);
        // Written aside, then moved: a crash never leaves half a file that looks like a backup.
        var partial = path + ".partial";
        await File.WriteAllTextAsync(partial, JsonSerializer.Serialize(document, ConfigurationDocument.Json), cancellationToken);
        File.Move(partial, path, overwrite: true);
        var removed = Prune(document.ExportedAt);

        var file = new ConfigurationBackupFile(name, new FileInfo(path).Length, document.ExportedAt);
        await events.RecordAsync(new SystemEvent
        {
            Type = SystemEventType.ConfigurationBackup,
            Summary = $"Saved {name} ({file.Size / 1024.0:0.#} KB) by {by}: {Counts.Of(document.Channels.Count, "channel")}, {Counts.Of(document.Jobs.Count, "job")}, {Counts.Of(document.Users.Count, "user")}, {Counts.Of(document.Templates?.Count ?? 0, "changed template")}"
                + (document.Secrets is null ? ", without the channels' secrets (no passphrase is set)" : "")
                + (removed > 0 ? $"; {Counts.Of(removed, "file")} older than {Options.KeepFor.TotalDays:0} days removed." : "."),
        }, EventOrigin.None, cancellationToken);
        return file;
    }

    public async Task<ConfigurationDocument> BuildAsync(CancellationToken cancellationToken = default)
    {
        var (box, sealedSecrets) = Options.Passphrase is { Length: > 0 } passphrase ? SecretBox.Create(passphrase) : (null, null);
        var channels = (await db.Channels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken))
            .Select(c => new ChannelExport(c.Id, c.Name, c.Kind.ToString(), c.Enabled, ChannelSettingsSerializer.PlainJson(c),
                box?.Seal(serializer.ExportSecrets(c)), serializer.SecretsSet(c).Count > 0))
            .ToList();
        var jobs = (await new JobQueries(db).EveryJobAsync(cancellationToken))
            .Select(j => new JobExport(j.ServerName, j.JobName, JsonSerializer.SerializeToNode(j.Settings, ConfigurationDocument.Json)!.AsObject()))
            .ToList();
        var settings = (await db.AppSettings.AsNoTracking().Where(s => s.Key != BadgeLinks.SecretKey).OrderBy(s => s.Key).ToListAsync(cancellationToken))
            .Select(s => new SettingExport(s.Key, JsonNode.Parse(s.ValueJson)))
            .ToList();
        var keys = (await db.IngestKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken))
            .Select(k => new IngestKeyExport(k.Id, k.Name, k.ServerName, k.JobName, k.KeyHash, k.Prefix, k.CreatedAt, k.RevokedAt))
            .ToList();
        var people = new List<UserExport>();
        foreach (var user in await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken))
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Member;
            // The user grain's own row (it writes through on every change): no silo needed, so the command line can export too.
            var state = new GrainStateRow<UserState>(user.Id);
            await state.LoadAsync(db, cancellationToken);
            people.Add(new UserExport(user.Id, user.Email ?? "", user.DisplayName, role, user.IsDisabled, state.State.TimeZoneId, state.State.EmailOnOwnLogin,
                state.State.Subscriptions, state.State.QuietHours, state.State.Summary));
        }

        var templates = (await TemplateStore.NewestAsync(db, cancellationToken)).Where(t => !t.IsReset).OrderBy(t => t.EventType).ThenBy(t => t.Channel)
            .Select(t => new TemplateExport(t.EventType, t.Title, t.Body, t.Priority, t.Tags, t.Channel, t.HtmlBody, t.Fields))
            .ToList();

        return new ConfigurationDocument(ConfigurationDocument.FormatName, ConfigurationDocument.CurrentVersion, time.GetUtcNow(),
            sealedSecrets, channels, jobs, settings, people, keys, templates);
    }

    /// <summary>The export files, newest first.</summary>
    public IReadOnlyList<ConfigurationBackupFile> List() => !Directory.Exists(Folder) ? [] :
        Directory.GetFiles(Folder, "notifyorleans-config-*.json")
            .Select(path => new FileInfo(path))
            .Select(info => new ConfigurationBackupFile(info.Name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderByDescending(f => f.CreatedAt).ToList();

    /// <summary>The full path of an export file by its name; null for anything that is not one (no path tricks).</summary>
    public string? PathOf(string name) =>
        FileName().IsMatch(name) && File.Exists(Path.Combine(Folder, name)) ? Path.Combine(Folder, name) : null;

    private int Prune(DateTimeOffset now)
    {
        var removed = 0;
        foreach (var file in List().Where(f => now - f.CreatedAt > Options.KeepFor))
        {
            File.Delete(Path.Combine(Folder, file.Name));
            removed++;
        }

        return removed;
    }

    [GeneratedRegex(@"^notifyorleans-config-[0-9-]+\.json$")]
    private static partial Regex FileName();
}
