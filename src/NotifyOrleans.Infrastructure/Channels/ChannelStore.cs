using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>Something wrong with a channel edit, keyed like the form ("Name", "Settings.WebhookUrl").</summary>
/// <param name="IsConflict">The edit is fine in itself but clashes with another channel (its name).</param>
public sealed record ChannelProblem(string Field, string Message, bool IsConflict = false);

/// <summary>
/// Checks, saves and deletes channels: the one place the channel form and the API go through, so
/// both check the same rules and a save does the same things (health reset, waiting rows woken).
/// </summary>
public sealed class ChannelStore(AppDbContext db, ChannelSettingsSerializer serializer, ChannelTester tester, TimeProvider time)
{
    /// <summary>Every rule a channel must meet: the settings' attributes and own checks, and a unique name.</summary>
    public async Task<IReadOnlyList<ChannelProblem>> CheckAsync(Guid? id, string name, ChannelSettings settings, CancellationToken cancellationToken)
    {
        var problems = new List<ChannelProblem>();
        name = name.Trim();
        if (name.Length == 0) problems.Add(new("Name", "Give the channel a name."));
        else if (name.Length > Channel.NameMaxLength) problems.Add(new("Name", "A name is at most 100 characters."));
        else if (name.Any(char.IsControl)) problems.Add(new("Name", "A name is one line of text, without control characters."));
        // Scripts name a channel by its id or its name (the API's routes, assignments): a name that reads as an id
        // would name another channel, or none.
        else if (Guid.TryParse(name, out _)) problems.Add(new("Name", "A name that reads as a channel id cannot be told from one: give it words."));
        else if (await NameTakenAsync(id, name, cancellationToken))
            problems.Add(new("Name", "Another channel already has this name.", IsConflict: true));

        problems.AddRange(CheckSettings(settings));
        return problems;
    }

    /// <summary>The settings' own rules (their attributes and checks), each problem at <c>Settings.{property}</c>.</summary>
    public static IEnumerable<ChannelProblem> CheckSettings(ChannelSettings settings)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames.Select(member => new ChannelProblem($"Settings.{member}", r.ErrorMessage ?? "Not valid.")))
            .Concat(settings.Validate().Select(p => new ChannelProblem($"Settings.{p.Property}", p.Message)));
    }

    /// <summary>Names differ in more than case: "ops discord" beside "Ops Discord" would be one channel to a reader.</summary>
    public Task<bool> NameTakenAsync(Guid? id, string name, CancellationToken cancellationToken)
    {
        var lower = name.Trim().ToLower();
        return db.Channels.AnyAsync(c => c.Name.ToLower() == lower && c.Id != id, cancellationToken);
    }

    /// <summary>
    /// Saves a checked edit (a new channel when <paramref name="channel"/> is null). Saving is the
    /// admin's fix for a failing channel: what waited is tried again, whether the settings changed
    /// or it was saved as it was to try again. A rename or a switch on or off alone fixes nothing,
    /// and keeps the channel's health: a renamed channel that was not answering showed "No success
    /// yet", and the Dashboard stopped counting it as failing. The version goes up only when
    /// something changed, so an empty edit does not make other clients' copies stale.
    /// </summary>
    /// <exception cref="ChannelEditConflict">Another edit of this channel was saved since it was read, or another channel took the name.</exception>
    public async Task<Channel> SaveAsync(Channel? channel, string name, bool enabled, ChannelSettings settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fixesNothing = channel is not null && serializer.Holds(channel, settings) && (channel.Name != name.Trim() || channel.Enabled != enabled);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (channel is null)
        {
            channel = new Channel { Id = Guid.NewGuid(), CreatedAt = now, Version = 1 };
            db.Channels.Add(channel);
        }
        else if (channel.Name != name.Trim() || channel.Enabled != enabled || !serializer.Holds(channel, settings))
        {
            // The version read is claimed in the database: of two edits of one version, one wins.
            // (Not an EF concurrency token: the dispatcher's health updates must not conflict with edits.)
            var read = channel.Version;
            if (await db.Channels.Where(c => c.Id == channel.Id && c.Version == read).ExecuteUpdateAsync(set => set.SetProperty(c => c.Version, read + 1), cancellationToken) == 0)
                throw new ChannelEditConflict("It was changed since you read it. Read it again and re-apply your change.");
            // What the database holds now, as both values: not written again, and the answer shows it.
            // (IsModified = false would put the read version back: the PATCH answered the old ETag.)
            var version = db.Entry(channel).Property(c => c.Version);
            version.OriginalValue = version.CurrentValue = read + 1;
        }

        channel.Name = name.Trim();
        channel.Enabled = enabled;
        channel.UpdatedAt = now;
        serializer.Write(channel, settings);
        if (!fixesNothing) await tester.MarkHealthyAsync(channel, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index refused the name: a request that ran alongside this one saved it first.
            await transaction.RollbackAsync(CancellationToken.None);
            if (await NameTakenAsync(channel.Id, channel.Name, CancellationToken.None)) throw new ChannelEditConflict("Another channel already has this name.");
            throw;
        }

        return channel;
    }

    /// <summary>
    /// Deletes the channel and cancels what was still waiting to go to it (the log keeps those rows).
    /// Emails to people (escalation steps, subscriptions, their quiet hours' digests) went through
    /// whichever Email channel was first then; they move to the first other one, if there is one: an
    /// admin replacing the mail server deleted the old channel, and everyone's waiting mail with it.
    /// </summary>
    public async Task DeleteAsync(Channel channel, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (channel.Kind == ChannelKind.Email) await EmailChannels.MovePeopleMailAsync(db, channel.Id, toWorkingOnly: false, time.GetUtcNow(), cancellationToken);

        await db.Outbox.Where(r => r.ChannelId == channel.Id && (r.Status == OutboxStatus.Pending || r.Status == OutboxStatus.Held))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, OutboxStatus.Cancelled)
                .SetProperty(r => r.LastError, "The channel was deleted.").SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
        db.Channels.Remove(channel);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The saved secrets an edit keeps without giving them again while it points the channel
    /// somewhere else (another host, URL or connection security): whoever edits a channel cannot
    /// read its password or token, and must not be able to send it to a server of their own.
    /// </summary>
    /// <param name="given">The secrets the edit gives values for (by property name).</param>
    public IReadOnlyList<ChannelProblem> SecretsLeftBehind(Channel saved, ChannelSettings edit, IReadOnlyCollection<string> given)
    {
        var current = serializer.Read(saved);
        var moved = ChannelDestination.Changed(current, edit);
        if (moved.Count == 0) return [];
        return ChannelSettingsSerializer.SecretProperties(edit.GetType())
            .Where(secret => !moved.Contains(secret.Name) && !given.Contains(secret.Name)
                && !string.IsNullOrEmpty((string?)secret.GetValue(current)) && Equals(secret.GetValue(edit), secret.GetValue(current)))
            .Select(secret => new ChannelProblem($"Settings.{secret.Name}",
                $"Enter the {Words(secret.Name)} again (or clear it): the {Words(moved[0])} changed, and a saved secret does not follow the channel somewhere else."))
            .ToList();
    }

    /// <summary>"AccessToken" → "access token", "ServerUrl" → "server URL".</summary>
    private static string Words(string property) =>
        System.Text.RegularExpressions.Regex.Replace(property, "(?<!^)([A-Z])", " $1").ToLowerInvariant().Replace("url", "URL", StringComparison.Ordinal);

    /// <summary>The saved value of every secret the edit left empty: a secret is only replaced by a new value, or cleared on purpose.</summary>
    public void KeepSavedSecrets(Channel saved, ChannelSettings edit, IReadOnlyCollection<string> cleared)
    {
        var current = serializer.Read(saved);
        foreach (var secret in ChannelSettingsSerializer.SecretProperties(edit.GetType()))
        {
            if (!string.IsNullOrEmpty((string?)secret.GetValue(edit)) || cleared.Contains(secret.Name)) continue;
            secret.SetValue(edit, secret.GetValue(current));
        }
    }
}

/// <summary>A channel edit that lost to another: the name was taken meanwhile, or the version read is no longer current.</summary>
public sealed class ChannelEditConflict(string message) : Exception(message);
