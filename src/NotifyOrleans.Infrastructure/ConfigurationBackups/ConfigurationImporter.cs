using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Ingest;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Notifications.Templates;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

namespace NotifyOrleans.Infrastructure.ConfigurationBackups;

/// <summary>What an import brought in.</summary>
/// <param name="ChannelsWithoutSecrets">Channels the file held no secrets for, nor this instance: imported disabled, to be completed on their page.</param>
/// <param name="JobsPending">Jobs set up once the app runs (an import from the command line, before the first start).</param>
/// <param name="Templates">Templates that differed from the ones in use: now in use, each as a new version.</param>
public sealed record ImportSummary(int Channels, int ChannelsWithoutSecrets, int Jobs, int JobsPending, int Settings, int Users, int IngestKeys, int Templates = 0)
{
    public override string ToString() =>
        $"Imported {Counts.Of(Channels, "channel")}, {Counts.Of(Jobs + JobsPending, "job")}, {Counts.Of(Settings, "setting")}, "
        + $"{Counts.Of(Users, "new user")}, {Counts.Of(IngestKeys, "ingest key")}, {Counts.Of(Templates, "template")}."
        + (ChannelsWithoutSecrets > 0 ? $" The file had no secrets for {Counts.Of(ChannelsWithoutSecrets, "channel")}: disabled until you enter them." : "")
        + (JobsPending > 0 ? $" {(JobsPending == 1 ? "The job is" : $"The {JobsPending} jobs are")} set up when NotifyOrleans starts." : "")
        + (Users > 0 ? " New users have no password yet: an admin sets one on their page, or ./run.sh users reset-password --email ADDRESS does." : "");
}

/// <summary>
/// Restores an export (<see cref="ConfigurationExporter"/>), on a fresh instance or over one in use:
/// channels, settings and ingest keys by their ids (replaced), users by their address (added when
/// missing, never changed), jobs through their grains. All or nothing for the tables; a file it
/// cannot read, or sealed with another passphrase, changes nothing.
/// </summary>
public sealed class ConfigurationImporter(
    AppDbContext db,
    ChannelSettingsSerializer serializer,
    UserManager<AppUser> users,
    IGrainFactory grains,
    IOptions<ConfigurationBackupOptions> options,
    TemplateStore templates,
    TemplateEditor templateEditor,
    TimeProvider time)
{
    public const string PendingJobsKey = "configuration.pending-jobs";

    /// <param name="passphrase">The export's passphrase; null: the configured one.</param>
    /// <param name="grainsRunning">False from the command line: jobs wait in the database for the app's next start.</param>
    /// <returns>The summary, or the problem, which says that nothing was imported.</returns>
    public async Task<(ImportSummary? Summary, string? Problem)> ImportAsync(Stream file, string? passphrase, bool grainsRunning, CancellationToken cancellationToken = default)
    {
        var (summary, problem) = await ImportOrRefuseAsync(file, passphrase, grainsRunning, cancellationToken);
        return (summary, problem is null ? null : $"{problem} Nothing was imported.");
    }

    private async Task<(ImportSummary? Summary, string? Problem)> ImportOrRefuseAsync(Stream file, string? passphrase, bool grainsRunning, CancellationToken cancellationToken)
    {
        ConfigurationDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<ConfigurationDocument>(file, ConfigurationDocument.Json, cancellationToken);
        }
        catch (JsonException exception)
        {
            // Where, in words: the parser's own message reads "'not json' is an invalid JSON literal. Expected the literal 'null'. Path: $ | LineNumber: 0 …".
            var where = exception.LineNumber is { } line ? $" (line {line + 1}, column {exception.BytePositionInLine + 1})" : "";
            return (null, $"This is not a NotifyOrleans configuration export: it cannot be read as one{where}. Choose a file that Back up now or config export wrote.");
        }

        if (document is null || document.Format != ConfigurationDocument.FormatName) return (null, "This is not a NotifyOrleans configuration export.");
        if (document.Version > ConfigurationDocument.CurrentVersion) return (null, $"This export was made by a newer NotifyOrleans (format {document.Version}); update this one first.");

        SecretBox? box = null;
        if (document.Secrets is { } sealedSecrets)
        {
            passphrase = string.IsNullOrEmpty(passphrase) ? options.Value.Passphrase : passphrase;
            if (string.IsNullOrEmpty(passphrase)) return (null, "The file's secrets are sealed with a passphrase: give the one it was exported with (in the form, or as the ConfigurationBackup:Passphrase setting, e.g. the environment variable NotifyOrleans__ConfigurationBackup__Passphrase).");
            box = SecretBox.Open(passphrase, sealedSecrets);
            if (box is null) return (null, "The passphrase is not the one this file was exported with.");
        }

        // Jobs are set up through their grains after the commit, so they are checked before it:
        // one refused then would leave the rest imported.
        if (CheckJobs(document) is { } jobProblem) return (null, jobProblem);

        // Secrets are encrypted again inside the transaction below. On an instance that never ran,
        // that first makes the key ring's first key, a write of its own that would wait for this
        // transaction's (SQLite has one writer): make it now.
        if (box is not null) serializer.PrepareKeyRing();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (withoutSecrets, channelProblem) = await ImportChannelsAsync(document.Channels, box, cancellationToken);
        if (channelProblem is not null) return (null, channelProblem);
        await ImportSettingsAsync(document, cancellationToken);
        var keys = await ImportKeysAsync(document.IngestKeys, cancellationToken);
        var changedTemplates = await ImportTemplatesAsync(document.Templates ?? [], cancellationToken);
        if (!grainsRunning) await StagePendingJobsAsync(document.Jobs, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var (newUsers, userProblem) = await ImportUsersAsync(document.Users, cancellationToken);
        if (userProblem is not null) return (null, userProblem);
        await transaction.CommitAsync(cancellationToken);
        await templates.RefreshAsync(cancellationToken);

        var jobs = 0;
        if (grainsRunning)
        {
            foreach (var job in document.Jobs) await ApplyJobAsync(job.Server, job.Job, ReadJobSettings(job), cancellationToken);
            jobs = document.Jobs.Count;
            await Subscriptions.SummaryReminders.EnsureArmedAsync(db, grains, cancellationToken); // from the command line: at the next start
        }

        return (new ImportSummary(document.Channels.Count, withoutSecrets, jobs, grainsRunning ? 0 : document.Jobs.Count,
            document.Settings.Count, newUsers.Count, keys, changedTemplates), null);
    }

    /// <summary>
    /// Each template that differs from the one in use here is saved as its newest version, through
    /// the editor (the history here is kept), in the import's transaction. One that no longer passes
    /// the checks (a variable this version does not have) is left out.
    /// </summary>
    private async Task<int> ImportTemplatesAsync(IReadOnlyList<TemplateExport> exports, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var export in exports.Where(e => DefaultTemplates.ByEventType.ContainsKey(e.EventType)))
        {
            var draft = new TemplateDraft(export.Title, export.Body, export.Priority, export.Tags, export.HtmlBody ?? "", export.Fields ?? "");
            // A template that says what is in use already is no new version (TemplateEditor.SaveAsync).
            if (await templateEditor.SaveAsync(export.EventType, export.Channel, draft, "configuration import", cancellationToken) is { Problems.Count: 0, Unchanged: false }) changed++;
        }

        return changed;
    }

    /// <summary>Jobs an import from the command line left for the app: set up through their grains, then forgotten.</summary>
    public async Task<int> ApplyPendingJobsAsync(CancellationToken cancellationToken = default)
    {
        var pending = await db.AppSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == PendingJobsKey, cancellationToken);
        if (pending is null) return 0;
        var jobs = JsonSerializer.Deserialize<List<JobExport>>(pending.ValueJson, ConfigurationDocument.Json) ?? [];
        foreach (var job in jobs) await ApplyJobAsync(job.Server, job.Job, ReadJobSettings(job), cancellationToken);
        // Nodes starting together each apply them (the same settings again change nothing); the
        // row goes once, and a node that finds it gone already is not an error (it was a
        // concurrency fault, raised as a System Error, when two nodes of a cluster started at once).
        await db.AppSettings.Where(s => s.Key == PendingJobsKey).ExecuteDeleteAsync(cancellationToken);
        return jobs.Count;
    }

    private async Task<(int WithoutSecrets, string? Problem)> ImportChannelsAsync(IReadOnlyList<ChannelExport> channels, SecretBox? box, CancellationToken cancellationToken)
    {
        var withoutSecrets = 0;
        var ids = channels.Select(x => x.Id).ToList();
        var existing = await db.Channels.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var export in channels)
        {
            if (!Enum.TryParse<ChannelKind>(export.Kind, out var kind)) return (0, $"Channel {export.Name}: '{export.Kind}' is not a channel kind.");
            if (SettingsProblem(kind, export.Settings) is { } badSettings) return (0, $"Channel {export.Name}: {badSettings}");

            if (!existing.TryGetValue(export.Id, out var channel))
            {
                db.Channels.Add(channel = new Channel { Id = export.Id, CreatedAt = now });
            }

            // A file without secrets imported where the channel already is (this instance's own
            // export, read back) leaves it the secrets it holds: they are for the same kind of
            // channel, and only while it still sends to the same place (a file pointing it at
            // another host must not take the password there).
            var before = channel.ProtectedSecrets is not null && channel.Kind == kind ? serializer.Read(channel) : null;

            channel.Name = export.Name;
            channel.Kind = kind;
            channel.SettingsJson = export.Settings.ToJsonString();
            var holdsItsSecrets = before is not null && ChannelDestination.Changed(before, serializer.Read(channel)).Count == 0;
            channel.UpdatedAt = now;
            channel.Version++;
            var secrets = export.Secrets is { } sealedValue ? box?.TryUnseal(sealedValue) : null;
            if (export.Secrets is not null && secrets is null) return (0, $"Channel {export.Name}: its secrets were altered and cannot be opened.");

            if (secrets is not null || export.HasSecrets == false)
            {
                if (secrets is null) channel.ProtectedSecrets = null; // it has none
                else serializer.ImportSecrets(channel, secrets);
                channel.Enabled = export.Enabled;
                channel.IsHealthy = true;
                channel.LastError = null;
                channel.LastErrorAt = null;
            }
            else if (holdsItsSecrets)
            {
                channel.Enabled = export.Enabled;
            }
            else
            {
                withoutSecrets++;
                channel.ProtectedSecrets = null; // another kind's, or for another destination
                channel.Enabled = false;
                channel.IsHealthy = false;
                channel.LastError = "Imported without its secrets: enter them on the channel's page, then enable it.";
            }
        }

        return (withoutSecrets, null);
    }

    /// <summary>
    /// The channel form's rules for what the file holds (a host name, a port, an address), in words;
    /// its secrets are not in the file's settings, and their absence is not a problem here.
    /// </summary>
    private static string? SettingsProblem(ChannelKind kind, JsonObject settings)
    {
        ChannelSettings read;
        try
        {
            read = ChannelSettingsSerializer.FromEditJson(kind, settings);
        }
        catch (JsonException exception)
        {
            return $"its settings cannot be read: {Unreadable(exception)}.";
        }

        var secrets = ChannelSettingsSerializer.SecretProperties(read.GetType()).Select(p => $"Settings.{p.Name}").ToHashSet();
        return ChannelStore.CheckSettings(read).FirstOrDefault(p => !secrets.Contains(p.Field)) is { } problem
            ? $"{problem.Field["Settings.".Length..]}: {problem.Message}"
            : null;
    }

    private async Task ImportSettingsAsync(ConfigurationDocument document, CancellationToken cancellationToken)
    {
        var keys = document.Settings.Select(s => s.Key).ToList();
        var existing = await db.AppSettings.Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, cancellationToken);
        foreach (var setting in document.Settings.Where(s => s.Key != PendingJobsKey))
        {
            if (!existing.TryGetValue(setting.Key, out var row)) db.AppSettings.Add(row = new AppSetting { Key = setting.Key });
            row.ValueJson = setting.Value?.ToJsonString() ?? "null";
            row.UpdatedAt = time.GetUtcNow();
        }
    }

    private async Task<int> ImportKeysAsync(IReadOnlyList<IngestKeyExport> keys, CancellationToken cancellationToken)
    {
        var ids = keys.Select(k => k.Id).ToList();
        var known = (await db.IngestKeys.Where(k => ids.Contains(k.Id)).Select(k => k.Id).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var key in keys.Where(k => !known.Contains(k.Id)))
        {
            db.IngestKeys.Add(new IngestKey
            {
                Id = key.Id, Name = key.Name, ServerName = key.Server, JobName = key.Job, KeyHash = key.Hash, Prefix = key.Prefix,
                CreatedAt = key.CreatedAt, CreatedBy = "configuration import", RevokedAt = key.RevokedAt,
            });
        }

        return keys.Count - known.Count;
    }

    private async Task<(HashSet<string> Created, string? Problem)> ImportUsersAsync(IReadOnlyList<UserExport> people, CancellationToken cancellationToken)
    {
        var created = new HashSet<string>();
        foreach (var person in people)
        {
            if (await users.FindByEmailAsync(person.Email) is not null || await users.FindByIdAsync(person.Id) is not null) continue;
            var user = new AppUser
            {
                Id = person.Id, UserName = person.Email, Email = person.Email, EmailConfirmed = true,
                DisplayName = person.DisplayName, IsDisabled = person.Disabled, CreatedAt = time.GetUtcNow(),
            };
            var result = await users.CreateAsync(user); // no password: an admin sets one
            if (result.Succeeded) result = await users.AddToRoleAsync(user, person.Role == Roles.Admin ? Roles.Admin : Roles.Member);
            if (!result.Succeeded) return (created, $"User {person.Email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            created.Add(person.Id);

            // A new user has no grain yet: its row is written here, as the grain would write it.
            var state = new GrainStateRow<UserState>(person.Id);
            var timeZone = TimeZones.IsKnown(person.TimeZone) ? person.TimeZone : "UTC";
            try
            {
                UserTransitions.ApplyPreferences(state.State, new NotificationPreferences(timeZone, person.EmailOnOwnLogin, person.QuietHours, person.Summary), time.GetUtcNow());
                UserTransitions.SetSubscriptions(state.State, person.Subscriptions ?? [], time.GetUtcNow());
            }
            catch (ArgumentException exception)
            {
                return (created, $"User {person.Email}: {exception.Message}");
            }

            state.StageWrite(db);
            await db.SaveChangesAsync(cancellationToken);
        }

        return (created, null);
    }

    /// <summary>
    /// Each job's name and settings, and the default escalation every job without its own follows,
    /// by the rules the API and the console keep; the first that breaks one, in words.
    /// </summary>
    private static string? CheckJobs(ConfigurationDocument document)
    {
        if (document.Settings.FirstOrDefault(s => s.Key == AppSetting.DefaultEscalationKey)?.Value is { } policy)
        {
            try
            {
                var steps = policy.Deserialize<List<EscalationStep>>(JobDefaults.Json) ?? [];
                if (new JobSettings([], Escalation: steps).Check() is { } bad) return $"The default escalation: {bad.Message}";
            }
            catch (JsonException exception)
            {
                return $"The default escalation cannot be read: {Unreadable(exception)}.";
            }
        }

        foreach (var job in document.Jobs)
        {
            var name = $"Job {job.Server}/{job.Job}";
            if (JobKey.Check(job.Server, job.Job) is { } badName) return $"{name}: {badName.Message}";
            JobSettings settings;
            try
            {
                settings = ReadJobSettings(job);
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException or ArgumentException or FormatException)
            {
                return $"{name}: its settings cannot be read: {Unreadable(exception)}.";
            }

            if (settings.Check() is { } bad) return $"{name}: {bad.Field}: {bad.Message}";
        }

        return null;
    }

    /// <summary>
    /// Which value could not be read, in words: System.Text.Json's own message names .NET types
    /// ("could not be converted to NotifyOrleans.Domain.Schedules.JobSchedule. Path: $.schedule.every | LineNumber: 16 …").
    /// </summary>
    private static string Unreadable(Exception exception) => exception is JsonException { Path: { Length: > 1 } path }
        ? $"the value at {path.TrimStart('$').TrimStart('.')} is not one it can hold"
        : exception.Message.TrimEnd('.');

    /// <summary>A second import before the first start replaces the jobs the first one left.</summary>
    private async Task StagePendingJobsAsync(IReadOnlyList<JobExport> jobs, CancellationToken cancellationToken)
    {
        var row = await db.AppSettings.SingleOrDefaultAsync(s => s.Key == PendingJobsKey, cancellationToken);
        if (row is null) db.AppSettings.Add(row = new AppSetting { Key = PendingJobsKey });
        row.ValueJson = JsonSerializer.Serialize(jobs, ConfigurationDocument.Json);
        row.UpdatedAt = time.GetUtcNow();
    }

    private static JobSettings ReadJobSettings(JobExport job) =>
        job.Settings.Deserialize<JobSettings>(ConfigurationDocument.Json) ?? throw new JsonException($"Job {job.Server}/{job.Job} has no settings.");

    private async Task ApplyJobAsync(string server, string job, JobSettings settings, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IBackupJobGrain>(JobKey.Of(server, job).Value);
        if (!await grain.PrepareAsync(server, job, settings, cancellationToken)) await grain.ChangeSettingsAsync(settings, cancellationToken: cancellationToken);
    }
}
