using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.Domain.Schedules;
using NotifyOrleans.Web.Pages.Jobs;
using NotifyOrleans.Web.Pages.Shared.Jobs;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// Jobs: read by dashboards (Homepage-style widgets, with an API token or an ingest key, which
/// sees only its own server) and configured by scripts (a read-write token). Every change goes
/// through the job's grain, like the console's.
/// </summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("", ListAsync).RequireAuthorization(ApiAuthentication.ReadJobs).ReadsQuery("status", "server", "search", "monitoring");
        jobs.MapGet("/{server}/{**job}", GetAsync).RequireAuthorization(ApiAuthentication.ReadJobs);
        jobs.MapPost("/{server}/{job}/acknowledge", AcknowledgeAsync).RequireAuthorization(ApiAuthentication.Write).Accepts<AcknowledgeRequest>("application/json")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapPost("/{server}/{job}/accept-size", AcceptSizeAsync).RequireAuthorization(ApiAuthentication.Write)
            .Produces<JobView>().ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapPost("/{server}/{job}/pause", PauseAsync).RequireAuthorization(ApiAuthentication.Write).Accepts<PauseRequest>("application/json")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status400BadRequest);
        jobs.MapPost("/{server}/{job}/resume", ResumeAsync).RequireAuthorization(ApiAuthentication.Write)
            .Produces<JobView>().ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapGet("/{server}/{job}/schedule-suggestion", SuggestionAsync).RequireAuthorization(ApiAuthentication.ReadJobs).Produces<ScheduleSuggestionView>();
        // Who was told, by address, and what each delivery answered: for API tokens, not for an
        // ingest key, which sits in a crontab or a Duplicati command line.
        jobs.MapGet("/{server}/{job}/timeline", TimelineAsync).RequireAuthorization(ApiAuthentication.Read).Produces<IReadOnlyList<TimelineView>>().DocumentsLimit();
        jobs.MapGet("/{server}/{job}/runs", RunsAsync).RequireAuthorization(ApiAuthentication.Read).Produces<IReadOnlyList<RunView>>().DocumentsLimit();
        jobs.MapPatch("/{server}/{**job}", PatchAsync).RequireAuthorization(ApiAuthentication.Write).Accepts<JobPatch>("application/json")
            .Produces<JobView>().Produces<JobView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapDelete("/{server}/{**job}", DeleteAsync).RequireAuthorization(ApiAuthentication.Write).ProducesProblem(StatusCodes.Status409Conflict);

        var defaults = api.MapGroup("/settings/job-defaults").WithTags("Jobs");
        defaults.MapGet("", GetDefaultsAsync).RequireAuthorization(ApiAuthentication.Read);
        defaults.MapPut("", PutDefaultsAsync).RequireAuthorization(ApiAuthentication.Write).Accepts<JobDefaultsView>("application/json").Produces<JobDefaultsView>();
        return api;
    }

    /// <param name="status">unknown, success, warning or failure.</param>
    /// <param name="server">Only this server's jobs (any case).</param>
    /// <param name="search">Part of a server or job name (any case).</param>
    /// <param name="monitoring">overdue, failing, paused or unacknowledged.</param>
    private static async Task<Results<Ok<JobListView>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, JobQueries jobs, AppDbContext db, BadgeLinks badges, TimeProvider time, CancellationToken cancellationToken,
        string? status = null, string? server = null, string? search = null, string? monitoring = null)
    {
        MonitoringFilter? standing = null;
        if (!string.IsNullOrEmpty(monitoring))
        {
            if (!Enum.TryParse<MonitoringFilter>(monitoring, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return ApiRequests.Invalid("monitoring", "monitoring is overdue, failing, paused or unacknowledged.");
            standing = parsed;
        }

        RunStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return ApiRequests.Invalid("status", "status is one of unknown, success, warning, failure.");
            filter = parsed;
        }

        // A key for one server reads that server's jobs, whatever the query asks for.
        var scope = user.ServerScope();
        var list = scope is not null && server is not null && !string.Equals(scope, server.Trim(), StringComparison.OrdinalIgnoreCase)
            ? []
            : await jobs.ListAsync(scope ?? server, filter, search, standing, cancellationToken);
        return TypedResults.Ok(new JobListView(
            list.Count,
            Enum.GetValues<RunStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => list.Count(j => j.Status == s)),
            (await DescribeAsync(db, badges, list, time.GetUtcNow(), cancellationToken, user.IsIngestKey()))));
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetAsync(string server, string? job, HttpContext context, JobQueries jobs, AppDbContext db, BadgeLinks badges, TimeProvider time)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        var found = await FindAsync(server, job, context.User, jobs, context.RequestAborted);
        if (found is null) return Missing(server, job);
        context.Response.Headers.ETag = ApiRequests.ETag(found.SettingsVersion);
        return TypedResults.Ok((await DescribeAsync(db, badges, [found], time.GetUtcNow(), context.RequestAborted, context.User.IsIngestKey()))[0]);
    }

    /// <summary>
    /// Changes a job's settings (what is left out stays). A job that has not reported yet is set
    /// up in advance (201): it keeps these settings when its first report comes.
    /// </summary>
    private static async Task<IResult> PatchAsync(string server, string? job, HttpContext context, JobQueries jobs, JobDefaults defaults, AppDbContext db, BadgeLinks badges, IGrainFactory grains, TimeProvider time,
        IOptions<MonitoringOptions> monitoring)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        if (job.Length == 0) return Missing(server, job);
        var found = await jobs.FindAsync($"{server}/{job}".ToLowerInvariant(), context.RequestAborted);
        if (found is null && JobKey.Problems(server, job).ToList() is { Count: > 0 } badNames) return ApiRequests.Invalid(badNames);
        if (ApiRequests.IfMatchProblem(context.Request, found?.SettingsVersion) is { } ifMatch) return ifMatch;
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request);
        if (body is null) return unreadable!;

        var problems = new List<(string, string)>();
        ApiRequests.RefuseUnknown(body, ["assignments", "warningsAreFailures", "notes", .. ScheduleJson.Fields, .. IncidentJson.Fields], problems);
        var current = found?.Settings ?? await defaults.ForNewJobAsync(context.RequestAborted);
        var channels = await KnownChannels.LoadAsync(db, context.RequestAborted);
        var people = await PeopleDirectory.LoadAsync(db, context.RequestAborted);
        var settings = IncidentJson.Apply(body, ScheduleJson.Apply(body, current, monitoring.Value.MinimumRepeat, problems), channels, people, monitoring.Value.MinimumRepeat, problems) with
        {
            WarningsAreFailures = ApiRequests.GetBool(body, "warningsAreFailures", problems) ?? current.WarningsAreFailures,
            Assignments = body.ContainsKey("assignments") ? AssignmentsJson.Parse(body["assignments"], "assignments", channels, problems) : current.Assignments,
            Notes = NotesOf(body, current.Notes, problems),
        };
        if (problems.Count > 0) return ApiRequests.Invalid(problems);

        var key = JobKey.Of(server, job).Value;
        var grain = grains.GetGrain<IBackupJobGrain>(key);
        var created = found is null && await grain.PrepareAsync(server, job, settings, context.RequestAborted);
        // With If-Match, the version it named is checked again inside the grain's turn, against a concurrent change.
        var expected = context.Request.Headers.IfMatch.Count > 0 ? found?.SettingsVersion : null;
        if (!created && !await grain.ChangeSettingsAsync(settings, expected, context.RequestAborted))
            return ApiRequests.Conflict(ApiRequests.StaleVersion);

        var saved = (await jobs.FindAsync(key, context.RequestAborted))!;
        context.Response.Headers.ETag = ApiRequests.ETag(saved.SettingsVersion);
        var view = (await DescribeAsync(db, badges, [saved], time.GetUtcNow(), context.RequestAborted))[0];
        return created ? TypedResults.Created($"/api/v1/jobs/{Uri.EscapeDataString(saved.ServerName)}/{Uri.EscapeDataString(saved.JobName)}", view) : TypedResults.Ok(view);
    }

    /// <summary><c>notes</c>: text, or null (or an empty text) for none; left out, the job's notes stay.</summary>
    private static string? NotesOf(JsonObject body, string? current, List<(string, string)> problems)
    {
        if (!body.ContainsKey("notes")) return current;
        if (!ApiRequests.TryGetString(body, "notes", problems, out var notes)) return null; // null, or not a string (said)
        if (JobSettings.CheckNotes(notes) is { } tooLong) problems.Add(("notes", tooLong));
        return notes; // trimmed, and blank made none, where settings are applied (JobSettings.ApplyTo)
    }

    /// <summary>Takes the job's open overdue incident on: its repeats stop until the job recovers. 409 when nothing is open.</summary>
    private static async Task<IResult> AcknowledgeAsync(string server, string job, HttpContext context, JobQueries jobs, AppDbContext db, BadgeLinks badges, IGrainFactory grains, TimeProvider time)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        var found = await jobs.FindAsync($"{server}/{job}".ToLowerInvariant(), context.RequestAborted);
        if (found is null) return Missing(server, job);
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request, optional: true);
        if (body is null) return unreadable!;
        var problems = new List<(string, string)>();
        ApiRequests.RefuseUnknown(body, ["comment"], problems);
        ApiRequests.TryGetString(body, "comment", problems, out var comment);
        if (comment?.Length > Incidents.CommentMaxLength) problems.Add(("comment", $"A comment is at most {Incidents.CommentMaxLength} characters."));
        if (problems.Count > 0) return ApiRequests.Invalid(problems);

        if (!await grains.GetGrain<IBackupJobGrain>(found.Key).AcknowledgeAsync(context.User.Actor(), comment, cancellationToken: context.RequestAborted))
            return ApiRequests.Conflict(found.IncidentSince is not null ? "The incident was acknowledged already." : "The job is neither overdue nor failing: there is nothing to acknowledge.",
                title: "Nothing to acknowledge");
        return await CurrentAsync(found.Key, jobs, db, badges, time, context.RequestAborted);
    }

    /// <summary>Takes the last run's size and file count as the job's (its source really shrank): later runs are compared with them. 409 when they did not fall.</summary>
    private static async Task<IResult> AcceptSizeAsync(string server, string job, HttpContext context, JobQueries jobs, AppDbContext db, BadgeLinks badges, IGrainFactory grains, TimeProvider time)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        var found = await jobs.FindAsync($"{server}/{job}".ToLowerInvariant(), context.RequestAborted);
        if (found is null) return Missing(server, job);
        if (!await grains.GetGrain<IBackupJobGrain>(found.Key).AcceptSizeAsync(context.User.Actor(), context.RequestAborted))
            return ApiRequests.Conflict("The job's last run did not fall below its last good run's size or file count: there is nothing to take.", title: "Nothing to take");
        return await CurrentAsync(found.Key, jobs, db, badges, time, context.RequestAborted);
    }

    /// <summary>
    /// Pauses the job's monitoring (no Overdue notice, repeat or escalation) <c>until</c> an instant or
    /// <c>for</c> a duration; with neither, until the job reports again. Pausing a paused job sets its new end.
    /// </summary>
    private static async Task<IResult> PauseAsync(string server, string job, HttpContext context, JobQueries jobs, AppDbContext db, BadgeLinks badges, IGrainFactory grains, TimeProvider time)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        var found = await jobs.FindAsync($"{server}/{job}".ToLowerInvariant(), context.RequestAborted);
        if (found is null) return Missing(server, job);
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request, optional: true);
        if (body is null) return unreadable!;
        var problems = new List<(string, string)>();
        var until = PauseJson.ReadUntil(body, time.GetUtcNow(), problems);
        if (problems.Count > 0) return ApiRequests.Invalid(problems);

        await grains.GetGrain<IBackupJobGrain>(found.Key).PauseAsync(context.User.Actor(), until, context.RequestAborted);
        return await CurrentAsync(found.Key, jobs, db, badges, time, context.RequestAborted);
    }

    /// <summary>Resumes a paused job's monitoring now; its next deadline counts from now. 409 when it was not paused.</summary>
    private static async Task<IResult> ResumeAsync(string server, string job, HttpContext context, JobQueries jobs, AppDbContext db, BadgeLinks badges, IGrainFactory grains, TimeProvider time)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        var found = await jobs.FindAsync($"{server}/{job}".ToLowerInvariant(), context.RequestAborted);
        if (found is null) return Missing(server, job);
        if (await ApiRequests.RefuseAnyBodyAsync(context.Request) is { } refused) return refused;
        if (!await grains.GetGrain<IBackupJobGrain>(found.Key).ResumeAsync(context.User.Actor(), context.RequestAborted))
            return ApiRequests.Conflict("The job's monitoring is not paused: there is nothing to resume.", title: "Not paused");
        return await CurrentAsync(found.Key, jobs, db, badges, time, context.RequestAborted);
    }

    /// <summary>The job as it is after a change its grain made, as the API shows it.</summary>
    private static async Task<IResult> CurrentAsync(string key, JobQueries jobs, AppDbContext db, BadgeLinks badges, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok((await DescribeAsync(db, badges, [(await jobs.FindAsync(key, cancellationToken))!], time.GetUtcNow(), cancellationToken))[0]);

    /// <summary>The schedule the job's runs show, with the evidence; 404 while they show none clearly. Apply it with PATCH.</summary>
    private static async Task<IResult> SuggestionAsync(string server, string job, HttpContext context, JobQueries jobs)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        var found = await FindAsync(server, job, context.User, jobs, context.RequestAborted);
        if (found is null) return Missing(server, job);
        var zone = found.Settings.Schedule is { Kind: not ScheduleKind.None } current ? current.TimeZone : TimeZones.Server;
        if (await jobs.ProposeScheduleAsync(found.Key, zone, context.RequestAborted) is not { } proposal)
            return ApiRequests.NotFound("schedule", $"The runs of {found.ServerName}/{found.JobName} show no clear schedule yet ({ScheduleDetection.MinimumRuns} runs at least, most of them at one time of day or a steady interval apart).");
        return TypedResults.Ok(new ScheduleSuggestionView(ScheduleJson.Describe(proposal.Schedule)!, zone, ScheduleMath.Describe(proposal.Schedule), proposal.Evidence, proposal.Runs));
    }

    /// <summary>What happened to the job's incidents (overdue, failing, escalated, acknowledged, recovered), newest first.</summary>
    private static async Task<IResult> TimelineAsync(string server, string job, HttpContext context, JobQueries jobs, AppDbContext db, string? limit = null)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        var found = await FindAsync(server, job, context.User, jobs, context.RequestAborted);
        if (found is null) return Missing(server, job);
        if (Limit(limit) is not { } count) return ApiRequests.Invalid("limit", $"limit is 1 to {MaxLimit}.");
        var entries = await jobs.TimelineAsync(found.Key, count, context.RequestAborted);
        var channels = await ChannelNamesAsync(db, context.RequestAborted);
        var routeOf = await RunRouteView.ForTimelineAsync(db, found.Key, entries, channels, await PeopleDirectory.LoadAsync(db, context.RequestAborted), context.RequestAborted);
        return TypedResults.Ok(entries.Select(e => new TimelineView(e.At, e.Kind, e.Text, Told(routeOf(e)))).ToList());
    }

    /// <summary>
    /// The job's last runs, newest first, each with who could have been told, what was decided and
    /// why, and what became of each message. <c>before</c> (a run id) reads on from that run; the
    /// <c>Link</c> header's <c>next</c> is the next page's address while older runs are kept.
    /// </summary>
    private static async Task<IResult> RunsAsync(string server, string job, HttpContext context, JobQueries jobs, AppDbContext db, string? limit = null, string? before = null)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        var found = await FindAsync(server, job, context.User, jobs, context.RequestAborted);
        if (found is null) return Missing(server, job);
        if (Limit(limit) is not { } count) return ApiRequests.Invalid("limit", $"limit is 1 to {MaxLimit}.");
        if (await jobs.HistoryPageAsync(found.Key, count, before, context.RequestAborted) is not { } page)
            return ApiRequests.Invalid("before", $"{found.ServerName}/{found.JobName} has no run '{before}' (any more): before takes the runId of one of its runs, as the last page listed it.");
        var runs = page.Runs;
        if (page.HasOlder)
            context.Response.Headers.Link = $"<{context.Request.PathBase}/api/v1/jobs/{Uri.EscapeDataString(found.ServerName)}/{Uri.EscapeDataString(found.JobName)}/runs?limit={count}&before={Uri.EscapeDataString(runs[^1].RunId)}>; rel=\"next\"";
        var channels = await ChannelNamesAsync(db, context.RequestAborted);
        var routeOf = await RunRouteView.ForRunsAsync(db, found.Key, runs, channels, await PeopleDirectory.LoadAsync(db, context.RequestAborted), context.RequestAborted);
        return TypedResults.Ok(runs.Select(run => new RunView(run.RunId, run.Operation.ToString().ToLowerInvariant(), run.Status.ToString().ToLowerInvariant(), run.StartedAt, run.EndedAt,
            run.DurationMs is { } ms ? XmlConvert.ToString(TimeSpan.FromMilliseconds(ms)) : null, run.SizeBytes, run.FileCount, run.ErrorDetails, Told(routeOf(run)), run.Message)).ToList());
    }

    /// <summary>How many, newest first: 50 unless given. Read here, not bound as an int, so that "abc" is named as the limit.</summary>
    private static int? Limit(string? text) => text is null ? DefaultLimit : int.TryParse(text, out var n) && n is >= 1 and <= MaxLimit ? n : null;

    private const int DefaultLimit = 50, MaxLimit = 500;

    /// <summary>The OpenAPI document says what <see cref="Limit"/> reads: a whole number, 1 to 500, 50 unless given (the handler takes it as text to name it when it is not one).</summary>
    private static RouteHandlerBuilder DocumentsLimit(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == "limit") is OpenApiParameter limit)
                limit.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = $"{MaxLimit}", Default = DefaultLimit };
            return Task.CompletedTask;
        });

    private static async Task<List<(Guid Id, string Name)>> ChannelNamesAsync(AppDbContext db, CancellationToken cancellationToken) =>
        (await db.Channels.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken)).Select(c => (c.Id, c.Name)).ToList();

    /// <summary>Every channel and person that could have been told, with the decision, why, and what became of the message.</summary>
    private static List<RouteView> Told(RunRouteView route) => route.Entries.Select(e => new RouteView(
        e.ChannelId ?? route.Through(e)?.Id, e.ChannelId is null ? route.Through(e)?.Name : route.NameOf(e), e.UserId is null ? null : route.NameOf(e),
        e.Condition, e.Told, e.Why, e.EventType, route.MessageFor(e) is { } m ? new RouteDeliveryView(m.Id, m.Status.ToString().ToLowerInvariant(), m.LastError) : null)).ToList();

    /// <summary>
    /// Route values keep an escaped slash (<c>%2F</c>) as it came; a script that escapes names
    /// (jq's @uri) means a slash, and must reach the job its reports name.
    /// </summary>
    private static async Task<Ok<JobDefaultsView>> GetDefaultsAsync(JobDefaults defaults, AppDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DescribeDefaultsAsync(defaults, await ChannelIdsAsync(db, cancellationToken), await PeopleDirectory.LoadAsync(db, cancellationToken), cancellationToken));

    /// <summary>
    /// Sets what jobs get from the global settings: the assignments every new job starts with and
    /// whether they hear of each failed run (jobs that exist keep theirs), the escalation policy of every job without its own, and whether a
    /// job without a schedule takes the one its runs show. A field left out stays.
    /// </summary>
    private static async Task<IResult> PutDefaultsAsync(HttpContext context, JobDefaults defaults, DefaultEscalationPolicy defaultPolicy, AppDbContext db)
    {
        var (body, unreadable) = await ApiRequests.ReadObjectAsync(context.Request);
        if (body is null) return unreadable!;
        var problems = new List<(string, string)>();
        ApiRequests.RefuseUnknown(body, ["assignments", "onlyFirstFailure", "escalation", "applyDetectedSchedules"], problems);
        var channels = await KnownChannels.LoadAsync(db, context.RequestAborted);
        var assignments = body.ContainsKey("assignments") ? AssignmentsJson.Parse(body["assignments"], "assignments", channels, problems) : null;
        var people = await PeopleDirectory.LoadAsync(db, context.RequestAborted);
        var escalation = body.ContainsKey("escalation") ? IncidentJson.ReadPolicy(body["escalation"], "escalation", channels, people, problems) : null;
        var applyDetected = ApiRequests.GetBool(body, "applyDetectedSchedules", problems);
        var onlyFirstFailure = ApiRequests.GetBool(body, "onlyFirstFailure", problems);
        if (problems.Count > 0) return ApiRequests.Invalid(problems);
        if (assignments is not null) await defaults.SetAsync(assignments, context.RequestAborted);
        if (onlyFirstFailure is { } onlyFirst) await defaults.SetOnlyFirstFailureAsync(onlyFirst, context.RequestAborted);
        if (applyDetected is { } apply) await defaults.SetApplyDetectedSchedulesAsync(apply, context.RequestAborted);
        if (escalation is not null) await defaultPolicy.SetAsync(escalation, context.RequestAborted);
        return TypedResults.Ok(await DescribeDefaultsAsync(defaults, channels.Ids, people, context.RequestAborted));
    }

    private static async Task<JobDefaultsView> DescribeDefaultsAsync(JobDefaults defaults, IReadOnlySet<Guid> channels, PeopleDirectory people, CancellationToken cancellationToken) => new(
        AssignmentsJson.Describe(await defaults.GetAsync(cancellationToken), channels),
        IncidentJson.Describe(await defaults.GetEscalationAsync(cancellationToken), people)!,
        await defaults.GetApplyDetectedSchedulesAsync(cancellationToken),
        await defaults.GetOnlyFirstFailureAsync(cancellationToken));

    private static async Task<BackupJobSnapshot?> FindAsync(string server, string job, ClaimsPrincipal user, JobQueries jobs, CancellationToken cancellationToken)
    {
        if (user.ServerScope() is { } scope && !string.Equals(scope, server.Trim(), StringComparison.OrdinalIgnoreCase)) return null;
        return await jobs.FindAsync($"{server}/{job}".ToLowerInvariant(), cancellationToken);
    }

    private static async Task<IReadOnlySet<Guid>> ChannelIdsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        (await db.Channels.Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();


    /// <summary>Jobs as the API shows them, with the channels and (only when a step names someone) the people their rules name.</summary>
    /// <param name="anonymous">For an ingest key: people are not named by address (escalation steps, who acknowledged or paused).</param>
    private static async Task<List<JobView>> DescribeAsync(AppDbContext db, BadgeLinks badges, IReadOnlyList<BackupJobSnapshot> jobs, DateTimeOffset now, CancellationToken cancellationToken, bool anonymous = false)
    {
        var namesPeople = jobs.Any(j => j.Settings.Escalation?.Any(step => step.People.Count > 0) == true);
        var people = namesPeople ? await PeopleDirectory.LoadAsync(db, cancellationToken) : PeopleDirectory.Empty;
        // The badge's address is for people with the job's settings in hand, not for a backup server's key.
        var badgePaths = new Dictionary<string, string>();
        if (!anonymous)
            foreach (var job in jobs) badgePaths[job.Key] = await badges.PathAsync(job.Key, "svg", cancellationToken);
        return Describe(jobs, await ChannelIdsAsync(db, cancellationToken), anonymous ? people.Anonymous() : people, now, anonymous, badgePaths);
    }

    private static List<JobView> Describe(IEnumerable<BackupJobSnapshot> jobs, IReadOnlySet<Guid> channels, PeopleDirectory people, DateTimeOffset now, bool anonymous,
        IReadOnlyDictionary<string, string> badgePaths) => jobs.Select(job => new JobView(
        job.Key, job.ServerName, job.JobName, job.Status.ToString().ToLowerInvariant(), job.LastRunAt, job.LastSuccessAt, job.NextExpectedAt,
        job.LastDuration is { } duration ? XmlConvert.ToString(duration) : null, job.LastDuration?.TotalSeconds,
        job.LastSizeBytes, job.LastFileCount, job.LastError,
        new RunCountsView(job.RunCount, job.SuccessCount, job.WarningCount, job.FailureCount),
        AssignmentsJson.Describe(job.Assignments, channels), job.WarningsAreFailures,
        ScheduleJson.Describe(job.Settings.Schedule), ScheduleMath.Describe(job.Settings.Schedule ?? JobSchedule.None),
        job.Settings.Schedule?.TimeZone ?? TimeZones.Server, ScheduleJson.Iso(job.Settings.Grace), ScheduleJson.Iso(job.Settings.OverdueRepeat),
        JobFormat.Monitoring(job, now), job.OverdueAt, job.OverdueSince,
        job.AcknowledgedAt is { } at ? new AcknowledgementView(anonymous ? PeopleDirectory.Someone : job.AcknowledgedBy ?? "", at, job.AcknowledgeComment) : null,
        job.PausedAt is { } pausedAt ? new PauseView(anonymous ? PeopleDirectory.Someone : job.PausedBy ?? "", pausedAt, job.PausedUntil) : null,
        job.Settings.FailuresBeforeAlert, ScheduleJson.Iso(job.Settings.FailureRepeat), job.Settings.OnlyFirstFailure, ScheduleJson.Iso(job.Settings.MaxDuration),
        IncidentJson.Describe(job.Settings.Escalation, people), job.IncidentSince, job.FailingSince, job.ConsecutiveFailures, job.RunningSince,
        anonymous ? null : job.Settings.Notes, // they may name people and numbers: not for an ingest key
        badgePaths.GetValueOrDefault(job.Key),
        job.Settings.SizeDropPercent,
        job.SettingsVersion)).ToList();

    /// <summary>
    /// Deletes a job with its run history and timeline (204); a later report starts it afresh.
    /// With If-Match, only the version read (409 otherwise), checked again inside the grain's turn.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string server, string? job, HttpContext context, JobQueries jobs, IGrainFactory grains)
    {
        (server, job) = JobRouteNames.Read(context.Request, server, job);
        var found = await jobs.FindAsync($"{server}/{job}".ToLowerInvariant(), context.RequestAborted);
        if (found is null) return Missing(server, job);
        if (ApiRequests.IfMatchProblem(context.Request, found.SettingsVersion) is { } ifMatch) return ifMatch;
        var expected = context.Request.Headers.IfMatch.Count > 0 ? found.SettingsVersion : null;
        if (await grains.GetGrain<IBackupJobGrain>(found.Key).DeleteAsync(context.User.Actor(), expected, context.RequestAborted)) return TypedResults.NoContent();
        return await jobs.FindAsync(found.Key, context.RequestAborted) is null ? Missing(server, job) : ApiRequests.Conflict(ApiRequests.StaleVersion);
    }

    private static ProblemHttpResult Missing(string server, string job) =>
        ApiRequests.NotFound("job", $"No job '{server}/{job}'. Jobs are addressed as /api/v1/jobs/{{server}}/{{job}}, as GET /api/v1/jobs lists them.");
}
