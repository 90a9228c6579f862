using System.Text.Json.Nodes;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Delivery;

namespace NotifyOrleans.Web.Api;

// What the management API answers. Records (not anonymous objects) so the OpenAPI document
// describes them; times are ISO 8601 (DateTimeOffset), durations ISO 8601 strings ("PT12M").

public sealed record ChannelHealthView(bool Healthy, bool NotAnswering, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? BlockedUntil);

/// <param name="Settings">The kind's settings without secrets (see docs/api.md for each kind).</param>
/// <param name="SecretsSet">Which secret settings have a value; the values are never returned.</param>
public sealed record ChannelView(Guid Id, string Name, ChannelKind Kind, bool Enabled, JsonObject Settings, IReadOnlyList<string> SecretsSet,
    string Summary, ChannelHealthView Health, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A channel to create: the kind, and its settings as on the form (secrets included).</summary>
public sealed record ChannelCreate(string Name, ChannelKind Kind, JsonObject Settings, bool Enabled = true);

/// <summary>A partial edit: what is left out stays, secrets included.</summary>
public sealed record ChannelPatch(string? Name = null, bool? Enabled = null, JsonObject? Settings = null);

/// <param name="Ok">True when the channel took the message.</param>
/// <param name="Outcome">sent, permanent (fix the settings), transient (try later) or rate-limited.</param>
/// <param name="Message">What the console's Test button says.</param>
public sealed record ChannelTestView(bool Ok, string Outcome, string Message);

/// <summary>One channel on a job's list: when it hears (failure, warning, success), and whether the assignment is on.</summary>
public sealed record AssignmentView(Guid Channel, IReadOnlyList<string> When, bool Enabled = true);

public sealed record RunCountsView(int Total, int Success, int Warning, int Failure);

/// <summary>An interval (<c>every</c>, optional <c>days</c> and <c>at</c>) or a <c>cron</c> expression.</summary>
public sealed record ScheduleView(string? Every, IReadOnlyList<string>? Days, string? At, string? Cron);

/// <param name="Monitoring">none (no schedule), on-time, late (past the expected time, within the grace), overdue, or paused.</param>
/// <param name="Paused">Who paused the job's monitoring, since when, and until when (null: until it reports again); null while monitored.</param>
/// <param name="LastSuccessAt">When the newest run that made its backup ended (a success, or one with warnings); null: none yet.</param>
/// <param name="Notes">What whoever is told of a problem should know or do first; on the failure, warning, overdue and escalation notices. Null for an ingest key.</param>
/// <param name="SizeDropPercent">A good run whose size or file count fell by more than this share below its last good run's is a warning; null: the configured default; 0: never.</param>
public sealed record JobView(string Id, string Server, string Job, string Status, DateTimeOffset? LastRunAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? NextExpectedAt,
    string? LastDuration, double? LastDurationSeconds, long? LastSizeBytes, long? LastFileCount, string? LastError, RunCountsView Runs,
    IReadOnlyList<AssignmentView> Assignments, bool WarningsAreFailures,
    ScheduleView? Schedule, string ScheduleText, string TimeZone, string? Grace, string? OverdueRepeat,
    string Monitoring, DateTimeOffset? OverdueAt, DateTimeOffset? OverdueSince, AcknowledgementView? Acknowledged, PauseView? Paused,
    int FailuresBeforeAlert, string? FailureRepeat, bool OnlyFirstFailure, string? MaxDuration, IReadOnlyList<EscalationStepView>? Escalation,
    DateTimeOffset? IncidentSince, DateTimeOffset? FailingSince, int ConsecutiveFailures, DateTimeOffset? RunningSince, string? Notes, string? Badge, int? SizeDropPercent,
    string SettingsVersion);

/// <summary>
/// A line of a job's timeline: overdue, failing, repeat, escalated, acknowledged, recovered, closed (an incident whose cause went away:
/// the schedule removed, a pause), paused, resumed, schedule. The
/// first line of a wake-up (the deadline passed, a repeat, an escalation step) has <c>told</c>: who
/// could have been told and what was decided, as for a run; empty for the others.
/// </summary>
public sealed record TimelineView(DateTimeOffset At, string Kind, string Text, IReadOnlyList<RouteView> Told);

/// <summary>A run of the job, and who was told of it (<c>told</c>: every channel and person that could have been, with the decision and why).</summary>
/// <param name="Message">What the tool or script said of the run: a ping's log (a successful run's too), the runs API's <c>message</c>.</param>
public sealed record RunView(string RunId, string Operation, string Status, DateTimeOffset? StartedAt, DateTimeOffset EndedAt, string? Duration,
    long? SizeBytes, long? FileCount, string? Error, IReadOnlyList<RouteView> Told, string? Message);

/// <summary>
/// One channel (or person, by email) and what the rules decided for a run: <c>told</c> true with
/// the notice and its delivery (id in /api/v1/deliveries, status, error), or false and why not.
/// For a person, <c>channel</c> is the Email channel their message went through.
/// </summary>
public sealed record RouteView(Guid? Channel, string? ChannelName, string? User, string Condition, bool Told, string Why, string? EventType, RouteDeliveryView? Delivery);

public sealed record RouteDeliveryView(long Id, string Status, string? Error);

/// <summary>An escalation step: after a time (ISO 8601) or a number of failures in a row, these channels and users (by their accounts' email addresses), this priority.</summary>
public sealed record EscalationStepView(string? After, int? AfterFailures, IReadOnlyList<Guid> Channels, IReadOnlyList<string> Users, string Priority);


/// <summary>Who took the open incident on, when, and what they said.</summary>
public sealed record AcknowledgementView(string By, DateTimeOffset At, string? Comment);

/// <summary>Who paused the job's monitoring, when, and until when (null: until the job reports again).</summary>
public sealed record PauseView(string By, DateTimeOffset Since, DateTimeOffset? Until);

/// <summary>A pause: <c>until</c> an instant, or <c>for</c> a duration (30m, 2h, 7D, PT2H); neither: until the job reports again.</summary>
public sealed record PauseRequest(DateTimeOffset? Until = null, string? For = null);

/// <summary>A server's jobs that a pause or a resume changed: how many.</summary>
public sealed record ServerJobsView(string Server, int Jobs);

/// <summary>An acknowledgement: a comment is optional.</summary>
public sealed record AcknowledgeRequest(string? Comment = null);

public sealed record JobListView(int Total, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<JobView> Jobs);

/// <summary>A partial edit of a job's settings; what is left out stays.</summary>
public sealed record JobPatch(IReadOnlyList<AssignmentView>? Assignments = null, bool? WarningsAreFailures = null,
    ScheduleView? Schedule = null, string? TimeZone = null, string? Grace = null, string? OverdueRepeat = null,
    int? FailuresBeforeAlert = null, string? FailureRepeat = null, bool? OnlyFirstFailure = null, string? MaxDuration = null, IReadOnlyList<EscalationStepView>? Escalation = null,
    string? Notes = null, int? SizeDropPercent = null);

/// <summary>What jobs get from the global settings: new jobs' assignments, and the escalation policy of jobs without their own.</summary>
public sealed record JobDefaultsView(IReadOnlyList<AssignmentView> Assignments, IReadOnlyList<EscalationStepView> Escalation, bool ApplyDetectedSchedules, bool OnlyFirstFailure);

/// <summary>A schedule read from the job's runs: as PATCH takes it, in words, and the evidence.</summary>
public sealed record ScheduleSuggestionView(ScheduleView Schedule, string TimeZone, string ScheduleText, string Evidence, int Runs);

public sealed record DeliveryView(long Id, Guid Channel, string? ChannelName, string? Recipient, string Event, string Title, string? Job,
    OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? LastAttemptAt,
    DateTimeOffset? SentAt, DateTimeOffset GiveUpAt, string? LastError, int? SentTogether);

public sealed record DeliveryPageView(int Total, int Page, int PageSize, IReadOnlyList<DeliveryView> Deliveries);

public sealed record IngestKeyView(Guid Id, string Name, string Prefix, string? Server, string? Job, DateTimeOffset CreatedAt, string? CreatedBy,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public sealed record IngestKeyCreate(string Name, string? Server = null, string? Job = null);

/// <param name="Key">The key itself: shown this once, stored only as a hash.</param>
public sealed record IngestKeyCreatedView(string Key, IngestKeyView IngestKey);

/// <summary>Settings → System notifications.</summary>
/// <param name="LoginThrottle">One User Login notification per user and address per this long (ISO 8601).</param>
/// <param name="Events">By event: user-login, user-created, restore-completed, restore-failed, configuration-backup, system-error.</param>
public sealed record SystemNotificationsView(IReadOnlyList<Guid> GlobalChannels, string LoginThrottle, IReadOnlyDictionary<string, SystemEventSettingsView> Events);

/// <param name="Channels">The event's own channels, or null when it uses the global ones.</param>
/// <param name="CustomChannels">True when <paramref name="Channels"/> overrides the global channels.</param>
/// <param name="EffectiveChannels">The channels it is actually sent to.</param>
/// <param name="NotifyUser">disabled, adminAndUser or userOnly; only User Login and User Created have it.</param>
public sealed record SystemEventSettingsView(bool Enabled, IReadOnlyList<Guid>? Channels, bool CustomChannels, IReadOnlyList<Guid> EffectiveChannels, string? NotifyUser);

public sealed record SystemEventTestView(IReadOnlyList<SystemEventTestOutcomeView> Outcomes, IReadOnlyList<string> NotTold);

/// <param name="Outcome">As a channel's Test says it: sent, permanent, rate-limited or transient.</param>
public sealed record SystemEventTestOutcomeView(string ChannelName, Guid Channel, string? Recipient, string Outcome, string? Error);
