namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>
/// What a delivery's error says to whom. A destination's answer names what only admins configure
/// (an SMTP server's host and port, a webhook's address, a proxy): admins and API tokens read it
/// whole; a Member reads that it failed and where the reason is.
/// </summary>
public static class DeliveryErrors
{
    public const string ForMembers = "Sending failed (no answer, or an error from the destination); an admin can read why.";

    private const string OwnReason = "Not sent: ";

    /// <summary>
    /// Why the app itself ended a row that no channel was tried for (the account it was for was
    /// disabled or deleted): it names nothing only admins configure, so whoever reads the row reads it.
    /// </summary>
    public static string NotSent(string why) => OwnReason + why;

    public static string AsReadBy(string error, bool readsDetails) =>
        readsDetails || error.StartsWith(OwnReason, StringComparison.Ordinal) ? error : ForMembers;
}
