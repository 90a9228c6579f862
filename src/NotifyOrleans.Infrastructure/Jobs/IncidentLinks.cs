using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace NotifyOrleans.Infrastructure.Jobs;

/// <summary>Bound to the <c>Links</c> section: where notifications point people.</summary>
public sealed class LinkOptions
{
    public const string Section = "Links";

    /// <summary>The console's address as people reach it (https://backups.example.com); without it, notifications carry no links.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>How long an Acknowledge link in a notification works.</summary>
    public TimeSpan AcknowledgeLinkLifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// The links a notification carries: the job's page, and a signed, expiring link that acknowledges
/// one incident without a login (the signature is the credential; it names the job and the
/// incident, so it cannot acknowledge another job, or a later incident of the same one).
/// Signed with ASP.NET Core Data Protection, whose keys every node shares through the database.
/// </summary>
public sealed class IncidentLinks(IDataProtectionProvider protection, IOptions<LinkOptions> options, TimeProvider time)
{
    public const string AcknowledgePath = "/ack/";

    /// <summary>The token of the Acknowledge link in test messages and previews: its page says what a real one does.</summary>
    public const string SampleToken = "sample-link";

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("NotifyOrleans.IncidentLinks.Acknowledge.v1").ToTimeLimitedDataProtector();

    private string? Base => string.IsNullOrWhiteSpace(options.Value.PublicUrl) ? null : options.Value.PublicUrl.TrimEnd('/');

    /// <summary>The console's page of a job, as a path.</summary>
    public static string JobPath(string jobKey) => "/Jobs/Details?id=" + Uri.EscapeDataString(jobKey);

    public string? JobPage(string jobKey) => Base is { } root ? root + JobPath(jobKey) : null;

    /// <summary>The console's front page: where a new user logs in.</summary>
    public string? Console() => Base is { } root ? root + "/" : null;

    public string? Acknowledge(string jobKey, DateTimeOffset incident) => Base is { } root
        ? root + AcknowledgePath + _protector.Protect($"{jobKey}\n{incident.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}", time.GetUtcNow() + options.Value.AcknowledgeLinkLifetime)
        : null;

    /// <summary>The job and incident a link names; null when it was not made here, was altered, or has expired.</summary>
    public (string JobKey, DateTimeOffset Incident)? Read(string token)
    {
        try
        {
            var parts = _protector.Unprotect(token, out var expires).Split('\n');
            if (expires < time.GetUtcNow() || parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)) return null;
            return (parts[0], DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
