namespace NotifyOrleans.Web.Identity;

/// <summary>Identity's password rules (digit, upper, lower, symbol) with a longer minimum length.</summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 10;

    /// <summary>What every password field says of a password shorter than <see cref="MinimumLength"/>.</summary>
    public const string TooShort = "A password has at least 10 characters.";
}
