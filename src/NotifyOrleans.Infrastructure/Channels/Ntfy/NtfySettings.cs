using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using NotifyOrleans.Domain.Notifications;

namespace NotifyOrleans.Infrastructure.Channels.Ntfy;

public sealed partial class NtfySettings : ChannelSettings
{
    public const int MaxActions = 3;

    public override ChannelKind Kind => ChannelKind.Ntfy;

    [Destination]
    [Required(ErrorMessage = "Enter the ntfy server URL.")]
    [HttpUrl(ErrorMessage = "Enter a full http(s) URL, like https://ntfy.sh.")]
    [StringLength(500)]
    public string ServerUrl { get; set; } = "https://ntfy.sh";

    [Required(ErrorMessage = "Enter a topic.")]
    [RegularExpression("^[-_A-Za-z0-9]{1,64}$", ErrorMessage = "A topic is 1–64 letters, digits, '-' or '_'.")]
    public string Topic { get; set; } = "";

    /// <summary>1–5 to always use this priority; empty to use each event's own.</summary>
    [Range(1, 5, ErrorMessage = "Priority is 1 (min) to 5 (max).")]
    public int? Priority { get; set; }

    /// <summary>Extra tags (emoji short codes or words), comma-separated.</summary>
    [StringLength(200)]
    public string? Tags { get; set; }

    [HttpUrl(ErrorMessage = "Enter a full http(s) URL to open on click.")]
    [StringLength(500)]
    public string? ClickUrl { get; set; }

    /// <summary>Up to three "view" buttons, one per line: <c>Label, https://url</c>.</summary>
    [StringLength(1500)]
    public string? Actions { get; set; }

    [StringLength(255)]
    public string? Username { get; set; }

    [Secret]
    [StringLength(500)]
    public string? Password { get; set; }

    [Secret]
    [StringLength(500)]
    public string? AccessToken { get; set; }

    public override string Summary => $"{(ServerUrl ?? "").TrimEnd('/')}/{Topic}";

    /// <summary>Also the login as its Basic header carries it (base64 of user:password), which an echoing proxy repeats.</summary>
    public override IEnumerable<string> SecretValues() =>
        Username is { Length: > 0 } user && Password is { Length: > 0 } password
            ? [.. base.SecretValues(), Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"))]
            : base.SecretValues();

    public IReadOnlyList<(string Label, string Url)> ParsedActions =>
        (Actions ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(',', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2)
            .Select(parts => (parts[0], parts[1]))
            .ToList();

    public override IEnumerable<(string Property, string Message)> Validate()
    {
        if (Uri.TryCreate(ServerUrl, UriKind.Absolute, out var server) && server.UserInfo.Length > 0)
            yield return (nameof(ServerUrl), "Put the user name and password in their own fields, not in the server URL (the URL is shown; they are kept secret).");
        var lines = (Actions ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > MaxActions) yield return (nameof(Actions), "ntfy allows at most 3 action buttons.");
        foreach (var line in lines)
        {
            var parts = line.Split(',', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || !Uri.TryCreate(parts[1], UriKind.Absolute, out _))
                yield return (nameof(Actions), $"'{line}' is not 'Label, https://url'.");
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrWhiteSpace(Username))
            yield return (nameof(Username), "Enter the user name that goes with the password.");
        // ntfy accounts have passwords: a user name alone was sent with an empty one, and refused at every message.
        if (string.IsNullOrEmpty(Password) && !string.IsNullOrWhiteSpace(Username))
            yield return (nameof(Password), "Enter the password of this user.");
        // Only one is sent (the token); the other was kept without a word.
        if (!string.IsNullOrWhiteSpace(AccessToken) && !string.IsNullOrWhiteSpace(Username))
            yield return (nameof(AccessToken), "Give an access token or a user name and password, not both: ntfy takes one.");
    }
}
