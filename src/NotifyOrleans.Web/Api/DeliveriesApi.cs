using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.Api;

/// <summary>The delivery log, newest first and paged, with Retry now and Cancel (as on the Delivery log page).</summary>
public static class DeliveriesApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static RouteGroupBuilder MapDeliveriesApi(this RouteGroupBuilder api)
    {
        var deliveries = api.MapGroup("/deliveries").WithTags("Deliveries");
        deliveries.MapGet("", ListAsync).RequireAuthorization(ApiAuthentication.Read).ReadsQuery("status", "channel", "job", "from", "to", "page", "pageSize");
        // {id} takes any word, so that one that is no number hears that no delivery has it, not "No such API route".
        deliveries.MapGet("/{id}", GetAsync).RequireAuthorization(ApiAuthentication.Read);
        deliveries.MapPost("/{id}/retry", RetryAsync).RequireAuthorization(ApiAuthentication.Write).ProducesProblem(StatusCodes.Status409Conflict);
        deliveries.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(ApiAuthentication.Write).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <param name="status">pending, sent, dead, cancelled, held (for quiet hours) or digested (sent in a digest).</param>
    /// <param name="job">Part of a job id (server/job).</param>
    /// <param name="channel">A channel's id, or its name.</param>
    /// <param name="from">Queued at or after this time (ISO 8601).</param>
    /// <param name="to">Queued before this time (ISO 8601).</param>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 500; 50 unless given.</param>
    private static async Task<Results<Ok<DeliveryPageView>, ProblemHttpResult>> ListAsync(DeliveryLog log, AppDbContext db, TimeProvider time, CancellationToken cancellationToken,
        string? status = null, string? channel = null, string? job = null, string? from = null, string? to = null, string? page = null, string? pageSize = null)
    {
        var problems = new List<(string, string)>();
        var filter = new DeliveryFilter(
            Parse(status, "status", s => Enum.GetValues<OutboxStatus>().Cast<OutboxStatus?>().FirstOrDefault(v => v.ToString()!.Equals(s, StringComparison.OrdinalIgnoreCase)),
                $"status is one of {string.Join(", ", Enum.GetNames<OutboxStatus>().Select(n => n.ToLowerInvariant()))}.", problems),
            // An id as it is (a deleted channel's rows stay in the log); otherwise a channel's name.
            Guid.TryParse(channel, out var channelId) ? channelId
                : channel is null ? null : (await KnownChannels.LoadAsync(db, cancellationToken)).Read(channel, "channel", problems),
            job,
            Parse(from, "from", Time, TimeAdvice("from"), problems),
            Parse(to, "to", Time, TimeAdvice("to"), problems));
        var pageNumber = Parse(page, "page", s => int.TryParse(s, out var v) && v >= 1 ? v : (int?)null, "page is a number from 1.", problems) ?? 1;
        var size = Parse(pageSize, "pageSize", s => int.TryParse(s, out var v) && v is >= 1 and <= MaxPageSize ? v : (int?)null, $"pageSize is from 1 to {MaxPageSize}.", problems) ?? DefaultPageSize;
        var skip = (long)(pageNumber - 1) * size;
        if (skip > int.MaxValue) problems.Add(("page", "page is far past the end: total in the answer says how many there are."));
        if (problems.Count > 0) return ApiRequests.Invalid(problems);

        var rows = await log.PageAsync(filter, (int)skip, size, cancellationToken);
        var channels = await ChannelsAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new DeliveryPageView(await log.CountAsync(filter, cancellationToken), pageNumber, size, rows.Select(r => Describe(r, channels, now)).ToList()));
    }

    /// <param name="id">A delivery's id: a number.</param>
    private static async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> GetAsync(string id, DeliveryLog log, AppDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        Number(id) is { } number && await log.FindAsync(number, cancellationToken) is { } row
            ? TypedResults.Ok(Describe(row, await ChannelsAsync(db, cancellationToken), time.GetUtcNow())) : Missing(id);

    /// <summary>Sends a waiting or dead delivery now; 409 for one already sent or cancelled, or whose channel was deleted.</summary>
    private static async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> RetryAsync(string id, DeliveryLog log, AppDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        Number(id) is not { } number ? Missing(id) : await log.RetryAsync(number, cancellationToken) switch
        {
            DeliveryChange.NotFound => Missing(id),
            DeliveryChange.NotApplicable => ApiRequests.Conflict($"Delivery {id} {await StateAsync(number, log, cancellationToken)}: only waiting and dead deliveries can be retried."),
            DeliveryChange.ChannelDeleted => ApiRequests.Conflict($"Delivery {id} was for a channel that has been deleted since: there is nowhere to send it."),
            _ => await GetAsync(id, log, db, time, cancellationToken),
        };

    /// <summary>Stops a waiting or held delivery; 409 for one already sent, dead or cancelled.</summary>
    private static async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> CancelAsync(string id, ClaimsPrincipal user, DeliveryLog log, AppDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        Number(id) is not { } number ? Missing(id) : await log.CancelAsync(number, user.Actor(), cancellationToken) switch
        {
            DeliveryChange.NotFound => Missing(id),
            DeliveryChange.NotApplicable => ApiRequests.Conflict($"Delivery {id} {await StateAsync(number, log, cancellationToken)}: only waiting and held deliveries can be cancelled."),
            _ => await GetAsync(id, log, db, time, cancellationToken),
        };

    /// <summary>What a delivery that a retry or a cancel does not apply to is, in words.</summary>
    private static async Task<string> StateAsync(long id, DeliveryLog log, CancellationToken cancellationToken) =>
        (await log.FindAsync(id, cancellationToken))?.Status switch
        {
            OutboxStatus.Sent => "was already sent",
            OutboxStatus.Cancelled => "was cancelled",
            OutboxStatus.Dead => "was given up (dead)",
            OutboxStatus.Held => "is held by quiet hours for their digest, and goes when they end (cancel it, or change the quiet hours)",
            OutboxStatus.Digested => "went out inside a quiet hours' digest",
            _ => "is being sent right now",
        };

    private static T? Parse<T>(string? text, string field, Func<string, T?> parse, string message, List<(string, string)> problems) where T : struct
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = parse(text.Trim());
        if (value is null) problems.Add((field, message));
        return value;
    }

    private static string TimeAdvice(string field) =>
        $"{field} must be an ISO 8601 time, like 2026-11-30T06:00:00Z (UTC when no offset is given). In a URL an offset's + is written %2B.";

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static async Task<Dictionary<Guid, Channel>> ChannelsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);

    /// <summary>A row as the API shows it; a pending row's next attempt and last error tell its channel's wait (<see cref="ChannelWaits"/>).</summary>
    private static DeliveryView Describe(OutboxMessage row, IReadOnlyDictionary<Guid, Channel> channels, DateTimeOffset now)
    {
        var channel = channels.GetValueOrDefault(row.ChannelId);
        var nextAttempt = row.Status switch
        {
            OutboxStatus.Pending => ChannelWaits.NextAttempt(row, channel),
            OutboxStatus.Held or OutboxStatus.Digested => row.NextAttemptAt,
            _ => (DateTimeOffset?)null,
        };
        return new(row.Id, row.ChannelId, channel?.Name, row.Recipient.Length > 0 ? row.Recipient : null, row.EventType, row.Title, row.JobKey,
            row.Status, row.Attempts, row.CreatedAt, nextAttempt, row.LastAttemptAt, row.SentAt, row.GiveUpAt, ChannelWaits.LastError(row, channel, now), row.SentTogether);
    }

    private static long? Number(string id) => long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;

    private static ProblemHttpResult Missing(string id) => ApiRequests.NotFound("delivery", $"No delivery has the id {id}. GET /api/v1/deliveries lists them.");
}
