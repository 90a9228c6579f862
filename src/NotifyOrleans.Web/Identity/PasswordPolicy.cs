namespace NotifyOrleans.Web.Identity;

/// <summary>Identity's password rules (digit, upper, lower, symbol) with a longer minimum length.</summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 10;

    /// <summary>What every password field says of a password shorter than <see cref="MinimumLength"/>.</summary>
    public const string TooShort = "A password has at least 10 characters.";

    /// <summary>The rule, as every form that sets a password states it beside the field.</summary>
    public const string Rule = "At least 10 characters, with upper- and lower-case letters, a digit and a symbol.";

    /// <summary>
    /// What Identity's password validator found missing, in one sentence ("The password needs a
    /// symbol and an upper-case letter."), instead of its "Passwords must have at least one
    /// non alphanumeric character. Passwords must have at least one uppercase ('A'-'Z')." Null
    /// when no code is one of the rule's.
    /// </summary>
    public static string? Missing(IEnumerable<string> errorCodes)
    {
        var missing = errorCodes.Select(NeedOf).OfType<string>().ToList();
        return missing.Count switch
        {
            0 => null,
            1 => $"The password needs {missing[0]}.",
            _ => $"The password needs {string.Join(", ", missing[..^1])} and {missing[^1]}.",
        };
    }

    /// <summary>Whether an Identity error code is one of the rule's (said by <see cref="Missing"/>, not on its own).</summary>
    public static bool IsRuleCode(string code) => NeedOf(code) is not null;

    private static string? NeedOf(string code) => code switch
    {
        "PasswordTooShort" => "10 characters",
        "PasswordRequiresLower" => "a lower-case letter",
        "PasswordRequiresUpper" => "an upper-case letter",
        "PasswordRequiresDigit" => "a digit",
        "PasswordRequiresNonAlphanumeric" => "a symbol",
        "PasswordRequiresUniqueChars" => "more different characters",
        _ => null,
    };
}
