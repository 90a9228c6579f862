using System.ComponentModel.DataAnnotations;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>
/// An absolute http or https URL that can actually be called. <see cref="UrlAttribute"/> only looks
/// at the prefix: it passes <c>ftp://x</c>, which no channel can send to, and
/// <c>http://host:99999/</c>, which is no URL at all, and both were saved to fail at every send.
/// Empty passes: <see cref="RequiredAttribute"/> says when a value is needed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HttpUrlAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not string text || text.Length == 0 || IsHttpUrl(text);

    public static bool IsHttpUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
}
