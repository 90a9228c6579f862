namespace NotifyOrleans.Web.Users;

/// <summary>One person, as the Users table and <c>users list</c> show them.</summary>
public sealed record UserRow(string Id, string Email, string DisplayName, string Role, bool IsDisabled,
    bool IsLockedOut, bool TwoFactorEnabled, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt, bool IsYou);
