namespace NotifyOrleans.Web.Users;

/// <summary>
/// What a person is called when no display name is given: the email address's part before the @,
/// as people are often called at work. One rule for Setup, Add user, Edit user, the Profile page
/// and <c>./run.sh users create</c>, so no form refuses a blank that another fills in. Applied where
/// the name is stored: <see cref="UserAccounts"/> for new and edited accounts, the Profile page for one's own.
/// </summary>
public static class DisplayNames
{
    /// <summary>What the forms say beside the field.</summary>
    public const string Help = "Optional: left empty, it is the part of the email address before the @.";

    public static string OrEmailName(string? displayName, string email) =>
        string.IsNullOrWhiteSpace(displayName) ? email.Trim().Split('@')[0] : displayName.Trim();
}
