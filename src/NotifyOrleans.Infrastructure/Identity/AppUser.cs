using Microsoft.AspNetCore.Identity;

namespace NotifyOrleans.Infrastructure.Identity;

/// <summary>A console login. Notification preferences live in the user's grain, not here.</summary>
public sealed class AppUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = "";

    /// <summary>A disabled user keeps their history but cannot sign in.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
