namespace NotifyOrleans.Web.Identity;

/// <summary>Identity's password rules (digit, upper, lower, symbol) with a longer minimum length.</summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 10;
}
