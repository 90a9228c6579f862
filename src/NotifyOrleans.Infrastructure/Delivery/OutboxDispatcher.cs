using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.SystemEvents;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Infrastructure.SystemEvents;

namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// Delivers the outbox. Every node runs one. Each channel with due rows gets a worker of its own
/// (up to <see cref="DeliveryOptions.MaxConcurrentChannels"/> at once), so a slow, dead or
/// rate-limited destination delays only its own messages. A worker claims a batch of its
/// channel's rows (a lease, see <see cref="OutboxClaimer"/>), lets the transport pack what fits
/// into one send, sends, and marks the rows at the end of the batch (or sooner, see
/// <see cref="DeliveryOptions.MarkInterval"/>). A node that dies between send and mark leaves
/// leased rows that another node re-sends when the lease ends: delivery is at least once, and a
/// duplicate can only come from that window, one batch at most. A live node keeps its lease for
/// as long as its batch takes (<see cref="BatchLease"/>).
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    ChannelTransports transports,
    ChannelSettingsSerializer serializer,
    TimeProvider time,
    IOptions<DeliveryOptions> options,
    OutboxSignal signal,
    FaultReporter faults,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, ChannelWorker> _workers = new();

    /// <summary>
    /// How long a rate limit makes the channel and its rows wait: as asked, but at least a second
    /// ("Retry-After: 0", or a date already past, had the worker ask again every few milliseconds).
    /// </summary>
    private static TimeSpan WaitOf(DeliveryResult.RetryAfter retry) => retry.Delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retry.Delay;

    /// <summary>
    /// Rows refused in a call packed with others (a Discord 400 for one embed refuses the call):
    /// each goes again on its own, so that only the one refused dies. Kept in memory: after a
    /// restart they are packed again, refused again, and come back here.
    /// </summary>
    private readonly ConcurrentDictionary<long, byte> _sendAlone = new();

    /// <summary>
    /// Channels this node found waiting (rate limit, backoff, disabled, failed), and until when.
    /// Rows enqueued for them meanwhile are left where they are, and the poll passes such a channel
    /// by (<see cref="ChannelWaits"/>): waking the channel's worker for each report's row cost two
    /// writes per report while a destination was down.
    /// </summary>
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _waitingUntil = new();

    private DeliveryOptions Options => options.Value;

    /// <summary>One channel's worker; <see cref="Again"/> says rows came for it while it worked.</summary>
    private sealed class ChannelWorker
    {
        public volatile bool Again;
        public Task Work = Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.DispatcherEnabled) return;
        var (polledAt, timedOut, recheckedAt) = (DateTimeOffset.MinValue, true, DateTimeOffset.MinValue);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The query for due channels runs once per poll interval (for retries that came due
                // and rows other nodes enqueued) and when asked to look everywhere. Rows enqueued on
                // this node name their channel, which needs no query: under a stream of reports it
                // had run after every commit. A channel that waits is passed by until its wait ends.
                // Less often, the poll looks at the waiting channels too, for rows whose give-up time
                // has come, and for rows left for a deleted channel (that look reads every waiting row's entry).
                var (everywhere, named) = signal.Take();
                var polling = timedOut || time.GetUtcNow() - polledAt >= Options.PollInterval;
                if (polling) polledAt = time.GetUtcNow();
                var recheck = polling && time.GetUtcNow() - recheckedAt >= Options.HeldChannelRecheck;
                if (recheck) recheckedAt = time.GetUtcNow();
                if (everywhere || polling) StartWorkers((await DueChannelsAsync(recheck, stoppingToken)).Where(id => polling || IsNotWaiting(id)), stoppingToken);
                else StartWorkers(named.Where(IsNotWaiting), stoppingToken);

                await faults.DatabaseAnsweredAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await faults.ReportAsync("Looking for notifications to deliver", exception, stoppingToken);
            }

            try { timedOut = !await signal.WaitAsync(Options.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }

        await Task.WhenAll(_workers.Values.Select(w => w.Work));
    }

    private bool IsNotWaiting(Guid channelId) => WaitLeft(channelId) is null;

    private TimeSpan? WaitLeft(Guid channelId) =>
        _waitingUntil.TryGetValue(channelId, out var until) && until - time.GetUtcNow() is { Ticks: > 0 } left ? left : null;

    /// <summary>Starts a worker for each channel that has none on this node yet, and tells the others to look again.</summary>
    private void StartWorkers(IEnumerable<Guid> channelIds, CancellationToken stoppingToken)
    {
        foreach (var channelId in channelIds)
        {
            if (_workers.TryGetValue(channelId, out var running))
            {
                running.Again = true;
                continue;
            }

            if (_workers.Count >= Options.MaxConcurrentChannels) return;
            var worker = new ChannelWorker();
            _workers[channelId] = worker;
            worker.Work = Task.Run(() => WorkChannelAsync(channelId, worker, stoppingToken), CancellationToken.None);
        }
    }

    /// <summary>Works through one channel's due rows, batch after batch, until none are left and none came.</summary>
    private async Task WorkChannelAsync(Guid channelId, ChannelWorker worker, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                worker.Again = false;
                var claimed = await DispatchChannelAsync(channelId, stoppingToken);
                if (WaitLeft(channelId) is { } wait)
                {
                    // A short wait (a rate limit's cool-down) is waited out here. A long one is left
                    // to the poll, and the worker's slot to other channels.
                    if (wait > Options.PollInterval) break;
                    await Task.Delay(wait, stoppingToken);
                    continue;
                }

                if (claimed == 0 && !worker.Again) break;
                // Caught up with a stream of rows: let the next batch gather for a moment instead of
                // claiming, loading and marking a few rows at a time (that capped delivery at 150
                // sends/s while 16 clients reported on PostgreSQL).
                if (claimed < Options.BatchSize) await Task.Delay(Options.Gather, stoppingToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            await faults.ReportAsync($"Delivering to channel {channelId}", exception, stoppingToken);
        }
        finally
        {
            _workers.TryRemove(channelId, out _);
            // A worker slot is free, and rows may have come just as this worker stopped: look everywhere.
            signal.NotifyEverywhere();
        }
    }

    /// <summary>
    /// One round for every channel with due rows, side by side, the waiting ones rechecked (tests
    /// and tools drive delivery with it); returns how many rows were claimed or given up.
    /// </summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        var claimed = await Task.WhenAll((await DueChannelsAsync(recheck: true, cancellationToken)).Select(id => DispatchChannelAsync(id, cancellationToken)));
        return claimed.Sum();
    }

    /// <summary>
    /// The channels that take rows and have some due; for a <paramref name="recheck"/>, also the
    /// waiting channels with rows due and the deleted channels whose rows are due (their worker gives
    /// up what ran out of time, or everything of a deleted channel).
    /// </summary>
    private async Task<List<Guid>> DueChannelsAsync(bool recheck, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var (claimer, now) = (new OutboxClaimer(scope.ServiceProvider.GetRequiredService<AppDbContext>()), time.GetUtcNow());
        var due = await claimer.DueChannelsAsync(now, waitingToo: recheck, cancellationToken);
        return recheck ? [.. due, .. await claimer.DeletedChannelsAsync(now, cancellationToken)] : due;
    }

    /// <summary>Claims and works through one batch of one channel; returns how many rows it claimed.</summary>
    private async Task<int> DispatchChannelAsync(Guid channelId, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var events = scope.ServiceProvider.GetRequiredService<SystemEventRecorder>();
        var now = time.GetUtcNow();
        var channel = await db.Channels.FindAsync([channelId], cancellationToken);
        if (channel is not null && WaitFor(channel, now) is var (until, reason))
            return await GiveUpRunningOutAsync(db, events, channel, now, until, reason, cancellationToken) + await MovePeopleMailIfBrokenAsync(db, channel, cancellationToken);

        var ids = await new OutboxClaimer(db).ClaimAsync(channelId, now, now + Options.Lease, Options.BatchSize, cancellationToken);
        if (ids.Count == 0) return 0;

        var rows = await db.Outbox.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var lease = new BatchLease(rows, Options.Lease);
        var groups = rows
            .GroupBy(r => r.Recipient)
            .OrderBy(g => g.Min(r => r.Priority))
            .Select(g => g.OrderBy(r => r.Priority).ThenBy(r => r.NextAttemptAt).ThenBy(r => r.Id).ToList());
        foreach (var group in groups.TakeWhile(_ => !lease.Lost))
        {
            await DeliverGroupAsync(db, events, channel, group, lease, cancellationToken);
        }

        return rows.Count + (channel is null ? 0 : await MovePeopleMailIfBrokenAsync(db, channel, cancellationToken));
    }

    /// <summary>
    /// People's mail waiting in an Email channel that failed or stopped answering goes on through a
    /// working one (the admin's own mail server may be the one down). After the batch is saved: its
    /// rows are this worker's until then. Returns how many moved.
    /// </summary>
    private async Task<int> MovePeopleMailIfBrokenAsync(AppDbContext db, Channel channel, CancellationToken cancellationToken)
    {
        if (!EmailChannels.CannotCarryMail(channel)) return 0;
        var moved = await EmailChannels.MovePeopleMailAsync(db, channel.Id, toWorkingOnly: true, time.GetUtcNow(), cancellationToken);
        if (moved > 0)
        {
            logger.LogInformation("Moved {Count} emails to people from the broken channel {Channel} to a working Email channel", moved, channel.Name);
            signal.NotifyEverywhere();
        }

        return moved;
    }

    /// <summary>
    /// Until when a channel's rows must wait (for a channel that waits for somebody, until the next
    /// recheck), and why, if they must (<see cref="ChannelWaits.Reason"/>).
    /// </summary>
    private (DateTimeOffset Until, string Reason)? WaitFor(Channel channel, DateTimeOffset now) =>
        ChannelWaits.Reason(channel, now) is { } reason
            ? (channel.WaitsForSomebody ? now + Options.HeldChannelRecheck : channel.BlockedUntil!.Value, reason)
            : null;

    /// <summary>
    /// A waiting channel's rows are left as they are, without claiming or sending; those whose
    /// give-up time comes before the wait ends are given up, a batch at a time, and somebody hears of
    /// it. Returns how many rows were given up.
    /// </summary>
    private async Task<int> GiveUpRunningOutAsync(AppDbContext db, SystemEventRecorder events, Channel channel, DateTimeOffset now, DateTimeOffset until, string reason,
        CancellationToken cancellationToken)
    {
        _waitingUntil[channel.Id] = until;
        var runningOut = await new OutboxClaimer(db).DueRows(now)
            .Where(r => r.ChannelId == channel.Id && r.GiveUpAt < until).OrderBy(r => r.Id).Take(Options.BatchSize).ToListAsync(cancellationToken);
        RaiseIfGaveUp(events, channel, Release(runningOut, until, reason, now));
        await db.SaveChangesAsync(cancellationToken);
        return runningOut.Count;
    }

    private async Task DeliverGroupAsync(AppDbContext db, SystemEventRecorder events, Channel? channel, List<OutboxMessage> rows, BatchLease lease,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (channel is null)
        {
            foreach (var row in rows) Finish(row, OutboxStatus.Dead, now, "The channel was deleted.");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        // An earlier group of this batch can have made the channel wait.
        if (WaitFor(channel, now) is var (until, reason))
        {
            _waitingUntil[channel.Id] = until;
            RaiseIfGaveUp(events, channel, Release(rows, until, reason, now));
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        if (channel.ConsecutiveFailures > 0) rows = ProbeFirst(rows);
        var transport = transports.For(channel.Kind);
        var settings = serializer.Read(channel);
        var recipient = rows[0].Recipient is { Length: > 0 } to ? to : null;
        var (messages, unreadable) = Read(rows, channel.Kind); // messages[i] is rows[i]'s, in this channel's wording
        if (unreadable.Count > 0)
        {
            foreach (var (row, error) in unreadable) Finish(row, OutboxStatus.Dead, now, $"The message could not be read: {error}");
            RaiseSystemError(events, $"message-rejected:{channel.Id}", $"A notification for channel '{channel.Name}' could not be read: {unreadable[0].Error}");
            await db.SaveChangesAsync(cancellationToken);
            rows = [.. rows.Except(unreadable.Select(u => u.Row))];
            if (rows.Count == 0) return;
        }

        var inFlight = new Dictionary<Task<DeliveryResult>, Range>();
        var next = 0; // the first row whose send has not started
        var stopped = false; // a result said the channel must wait: the rows not started wait with it
        var markedAt = time.GetTimestamp();
        while (true)
        {
            // A channel back from failing gets one send to try it; the others once it went through.
            // Four sends at once into a destination still down were four failures, and a backoff
            // four steps longer, where one would have told.
            var slots = channel.ConsecutiveFailures > 0 ? 1 : transport.ParallelSends;
            if (!stopped && next < rows.Count && !await lease.KeepAsync(db, time.GetUtcNow(), cancellationToken)) stopped = true; // another node has them
            if (!stopped) next = StartSends(transport, rows, messages, next, slots, inFlight, row => _sendAlone.ContainsKey(row.Id), range => SendAsync(transport, settings, messages[range], recipient, cancellationToken));
            if (inFlight.Count == 0) break;
            var done = await Task.WhenAny(inFlight.Keys);
            var chunk = inFlight[done];
            inFlight.Remove(done);
            var result = await done;
            now = time.GetUtcNow();
            var itsOwn = result is DeliveryResult.TransientFailure && FailsOnItsOwn(rows[chunk], channel);
            var together = result is DeliveryResult.Rejected && chunk.GetOffsetAndLength(rows.Count).Length > 1;
            var gaveUp = together ? SendAloneNextTime(rows[chunk], (DeliveryResult.Rejected)result, now) : Record(rows[chunk], result, now);
            if (itsOwn) foreach (var row in rows[chunk].Where(row => row.Status == OutboxStatus.Pending)) row.LastError = WaitingRows.FailsOnItsOwn + row.LastError;
            var recovered = result is DeliveryResult.Sent && channel.ConsecutiveFailures > 0;
            if (!itsOwn && !together && await ApplyToChannelAsync(db, channel, result, events, now, cancellationToken) is var (holdUntil, holdReason))
            {
                _waitingUntil[channel.Id] = holdUntil;
                if (!stopped) gaveUp.AddRange(Release(rows[next..], holdUntil, holdReason, now)); // the sends under way finish
                stopped = true;
            }
            else if (!stopped || recovered) _waitingUntil.TryRemove(channel.Id, out _);

            RaiseIfGaveUp(events, channel, gaveUp);

            // Marked at the end of the batch, after a send that did not go through, and at least
            // every MarkInterval: one commit per send took a writer's turn per notification from
            // the reports (SQLite has one writer). A crash re-sends at most what was sent since.
            var last = inFlight.Count == 0 && (stopped || next == rows.Count);
            if (last || result is not DeliveryResult.Sent || time.GetElapsedTime(markedAt) >= Options.MarkInterval)
            {
                await db.SaveChangesAsync(cancellationToken);
                markedAt = time.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// Each row's message in the channel's wording; a row whose stored message cannot be read (its
    /// JSON damaged) is set apart. Thrown here, it ended the channel's worker, and the batch came back
    /// to it with every lease, never sent and never given up.
    /// </summary>
    private static (List<NotificationMessage> Messages, List<(OutboxMessage Row, string Error)> Unreadable) Read(List<OutboxMessage> rows, ChannelKind kind)
    {
        var (messages, unreadable) = (new List<NotificationMessage>(), new List<(OutboxMessage, string)>());
        foreach (var row in rows)
        {
            try { messages.Add(NotificationOutbox.Read(row).For(kind)); }
            catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                unreadable.Add((row, exception.Message));
            }
        }

        return (messages, unreadable);
    }

    /// <summary>
    /// A transport's send, with what it throws made a result: an address the mail library cannot
    /// parse (a person's, accepted by a laxer check) ended the worker, and its rows came back to
    /// the same fault every lease, never recorded and never given up.
    /// </summary>
    private async Task<DeliveryResult> SendAsync(IChannelTransport transport, ChannelSettings settings, IReadOnlyList<NotificationMessage> messages, string? recipient, CancellationToken cancellationToken)
    {
        DeliveryResult result;
        try
        {
            result = await transport.SendAsync(settings, messages, recipient, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "A {Kind} send failed unexpectedly", transport.Kind);
            result = new DeliveryResult.Rejected($"The message could not be sent: {exception.Message}");
        }

        return result.WithErrorText(text => SecretsInErrors.Scrub(text, settings)); // before it is stored, logged or sent on
    }

    /// <summary>
    /// Starts the next sends in order, as ranges of the rows, until <paramref name="slots"/> sends
    /// (the transport's <see cref="IChannelTransport.ParallelSends"/>) are under way: each as many messages as fit into
    /// one send, never two of one job's messages at once, so each job's messages arrive in order.
    /// A send starts as soon as another ends: started in waves, every slot waited for the slowest
    /// send of its wave, so one message that hung (up to the HTTP timeout) held up the channel's
    /// messages for other jobs. (One send at a time had kept up with only 190 sends/s on
    /// PostgreSQL.) Returns the first row not started.
    /// </summary>
    private static int StartSends(IChannelTransport transport, List<OutboxMessage> rows, List<NotificationMessage> messages, int next, int slots,
        Dictionary<Task<DeliveryResult>, Range> inFlight, Func<OutboxMessage, bool> sendAlone, Func<Range, Task<DeliveryResult>> send)
    {
        while (next < rows.Count && inFlight.Count < slots)
        {
            // A row to be sent alone goes alone, and is not packed behind another either.
            var fit = Math.Clamp(transport.HowManyFit(messages[next..]), 1, rows.Count - next);
            var count = sendAlone(rows[next]) ? 1 : rows.Skip(next).Take(fit).TakeWhile(row => !sendAlone(row)).Count();
            var chunk = next..(next + count);
            var busy = inFlight.Values.SelectMany(range => rows[range]).Select(row => row.JobKey).ToHashSet();
            if (rows[chunk].Any(row => busy.Contains(row.JobKey))) break;
            inFlight[send(chunk)] = chunk;
            next += count;
        }

        return next;
    }

    /// <summary>
    /// A channel back from failing is tried with one send (<see cref="DeliverGroupAsync"/>): the
    /// message tried least often goes first, the others keep their order. The oldest, tried at every
    /// probe, could be one the destination fails on by itself, and the channel went on waiting.
    /// </summary>
    private static List<OutboxMessage> ProbeFirst(List<OutboxMessage> rows)
    {
        var probe = rows.MinBy(row => row.Attempts)!;
        return [probe, .. rows.Where(row => row != probe)];
    }

    /// <summary>
    /// True when the rows of a send that failed had failed before and the channel has delivered
    /// other messages since: the destination works, and chokes on these (a receiver that answers
    /// 500 to one payload). They retry on their own backoff, and the channel goes on. Counted
    /// against the channel, such a message made it back off, and each success after that woke
    /// every waiting row, the message too: it was sent again every 15 s all day, and the others
    /// waited 15 s behind it each time. Once told apart so, a message stays so (its last error says
    /// it): with no other traffic beside it, its next failure would otherwise count against the channel again.
    /// </summary>
    private static bool FailsOnItsOwn(IEnumerable<OutboxMessage> chunk, Channel channel) =>
        chunk.All(row => row.LastError?.StartsWith(WaitingRows.FailsOnItsOwn, StringComparison.Ordinal) == true || row.Attempts > 0 && row.LastAttemptAt <= channel.LastSuccessAt);

    /// <summary>Updates the channel from a result; returns until when the rest of the group must wait, if it must.</summary>
    private async Task<(DateTimeOffset, string)?> ApplyToChannelAsync(AppDbContext db, Channel channel, DeliveryResult result, SystemEventRecorder events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case DeliveryResult.Sent sent:
                if (channel.ConsecutiveFailures >= Channel.FailuresBeforeFlagged)
                    // The outage was a warning of the log (and a System Error, often sent through this very channel): its end is said too.
                    logger.LogInformation("Channel {Channel} answers again, after {Failures} failed attempts in a row (its last success before them: {LastSuccess})",
                        channel.Name, channel.ConsecutiveFailures, channel.LastSuccessAt is { } last ? $"{last.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "none");
                channel.LastSuccessAt = now;
                if (channel.ConsecutiveFailures > 0)
                {
                    // Back from an outage: what waited out its backoff goes now, packed with the rest.
                    // The backoff goes with the failures: kept, it held the channel's rows as if
                    // rate-limited (and the log said so) after a send beside the failed one went through.
                    channel.ConsecutiveFailures = 0;
                    channel.BlockedUntil = null;
                    await WaitingRows.WakeAsync(db, channel.Id, now, cancellationToken);
                }

                if (sent.CoolDown is { } coolDown)
                {
                    channel.BlockedUntil = now + coolDown;
                    return WaitFor(channel, now);
                }

                return null;
            case DeliveryResult.RetryAfter retry:
                channel.BlockedUntil = now + WaitOf(retry);
                return WaitFor(channel, now);
            case DeliveryResult.Rejected rejected:
                // This message is dead; the channel answered and goes on with the others. Somebody must hear of it.
                RaiseSystemError(events, $"message-rejected:{channel.Id}", $"Channel '{channel.Name}' refused a notification: {rejected.Error}");
                logger.LogWarning("Channel {Channel} refused a notification: {Error}", channel.Name, rejected.Error);
                return null;
            case DeliveryResult.PermanentFailure permanent:
                channel.IsHealthy = false;
                channel.LastError = permanent.Error;
                channel.LastErrorAt = now;
                RaiseSystemError(events, $"channel-failed:{channel.Id}", $"Channel '{channel.Name}' failed and was paused: {permanent.Error}");
                logger.LogWarning("Channel {Channel} failed permanently: {Error}", channel.Name, permanent.Error);
                return WaitFor(channel, now);
            default:
                // The whole channel backs off, longer after each failure in a row: a destination that
                // keeps timing out costs one attempt per backoff, not one per waiting message.
                channel.ConsecutiveFailures++;
                channel.LastError = result.ErrorText;
                channel.LastErrorAt = now;
                channel.BlockedUntil = now + RetrySchedule.Delay(channel.ConsecutiveFailures, Options.FirstRetryDelay, Options.MaxRetryDelay);
                if (channel.ConsecutiveFailures == Channel.FailuresBeforeFlagged)
                {
                    RaiseSystemError(events, $"channel-not-answering:{channel.Id}", $"Channel '{channel.Name}' is not answering ({channel.ConsecutiveFailures} failures in a row): {result.ErrorText}");
                    logger.LogWarning("Channel {Channel} is not answering: {Error}", channel.Name, result.ErrorText);
                }
                else // each one, at most one a backoff: the log showed nothing before the third in a row
                    logger.LogInformation("Channel {Channel} did not answer ({Error}); its notifications wait until {Until:HH:mm:ss} UTC", channel.Name, result.ErrorText, channel.BlockedUntil.Value.UtcDateTime);

                return WaitFor(channel, now);
        }
    }

    /// <summary>Recorded with every fault; the router sends one per fault and throttle window, counting the repeats.</summary>
    private static void RaiseSystemError(SystemEventRecorder events, string faultKey, string text) =>
        events.Stage(new SystemEvent { Type = SystemEventType.SystemError, FaultKey = faultKey, Summary = text }, EventOrigin.None);

    /// <summary>The dispatcher gave up on notifications: nobody got them, so somebody must hear of it.</summary>
    private static void RaiseIfGaveUp(SystemEventRecorder events, Channel channel, List<OutboxMessage> gaveUp)
    {
        if (gaveUp.Count == 0) return;
        RaiseSystemError(events, $"gave-up:{channel.Id}",
            $"Gave up delivering {Counts.Of(gaveUp.Count, "notification")} to channel '{channel.Name}' (\"{gaveUp[0].Title}\"): {gaveUp[0].LastError}");
    }

    /// <returns>The rows given up on (their give-up time had come).</returns>
    private List<OutboxMessage> SendAloneNextTime(List<OutboxMessage> chunk, DeliveryResult.Rejected rejected, DateTimeOffset now)
    {
        var gaveUp = new List<OutboxMessage>();
        foreach (var row in chunk)
        {
            _sendAlone.TryAdd(row.Id, 0);
            row.Attempts++;
            row.LastAttemptAt = now;
            if (!Reschedule(row, now, $"Refused in one call with {Counts.Of(chunk.Count - 1, "other")}, each is sent again on its own: {rejected.Error}", now)) gaveUp.Add(row);
        }

        return gaveUp;
    }

    /// <returns>The rows given up on.</returns>
    private List<OutboxMessage> Record(IReadOnlyList<OutboxMessage> chunk, DeliveryResult result, DateTimeOffset now)
    {
        var gaveUp = new List<OutboxMessage>();
        foreach (var row in chunk)
        {
            if (result is not (DeliveryResult.TransientFailure or DeliveryResult.RetryAfter)) _sendAlone.TryRemove(row.Id, out _);
            row.Attempts++;
            row.LastAttemptAt = now;
            switch (result)
            {
                case DeliveryResult.Sent:
                    Finish(row, OutboxStatus.Sent, now, null);
                    row.SentAt = now;
                    row.SentTogether = chunk.Count;
                    break;
                case DeliveryResult.PermanentFailure or DeliveryResult.Rejected:
                    Finish(row, OutboxStatus.Dead, now, result.ErrorText);
                    break;
                case DeliveryResult.RetryAfter retry:
                    if (!Reschedule(row, now + WaitOf(retry), retry.Error, now)) gaveUp.Add(row);
                    break;
                default:
                    if (!Reschedule(row, now + RetrySchedule.Delay(row.Attempts, Options.FirstRetryDelay, Options.MaxRetryDelay), result.ErrorText!, now)) gaveUp.Add(row);
                    break;
            }
        }

        return gaveUp;
    }

    /// <summary>
    /// Lets go of rows not sent because their channel must wait until <paramref name="until"/>: they
    /// stay due as they were, and go once the channel takes rows again, unless their give-up time
    /// comes first: then they are given up now.
    /// </summary>
    /// <returns>The rows given up on.</returns>
    private static List<OutboxMessage> Release(IEnumerable<OutboxMessage> rows, DateTimeOffset until, string reason, DateTimeOffset now)
    {
        var gaveUp = new List<OutboxMessage>();
        foreach (var row in rows)
        {
            row.ClaimedUntil = null;
            if (GaveUp(row, until, reason, now)) gaveUp.Add(row);
        }

        return gaveUp;
    }

    /// <returns>False when the row is given up instead: the next attempt would come after its give-up time.</returns>
    private static bool Reschedule(OutboxMessage row, DateTimeOffset at, string error, DateTimeOffset now)
    {
        if (GaveUp(row, at, error, now)) return false;
        row.NextAttemptAt = at;
        row.ClaimedUntil = null;
        row.LastError = error;
        return true;
    }

    /// <summary>Gives the row up if its next attempt, at <paramref name="at"/>, would come after its give-up time; returns whether it did.</summary>
    private static bool GaveUp(OutboxMessage row, DateTimeOffset at, string error, DateTimeOffset now)
    {
        if (at <= row.GiveUpAt) return false;
        Finish(row, OutboxStatus.Dead, now, $"Gave up after {Counts.Of(row.Attempts, "attempt")}: {error}");
        return true;
    }

    private static void Finish(OutboxMessage row, OutboxStatus status, DateTimeOffset now, string? error)
    {
        row.Status = status;
        row.ClaimedUntil = null;
        row.LastError = error;
        if (status != OutboxStatus.Sent) row.NextAttemptAt = now;
    }
}
