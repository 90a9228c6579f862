namespace NotifyOrleans.Web.Pages.Users;

/// <summary>One line of the Users table.</summary>
public sealed record UserRow(string Id, string Email, string DisplayName, string Role, bool IsDisabled,
    bool IsLockedOut, bool TwoFactorEnabled, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt, bool IsYou);
