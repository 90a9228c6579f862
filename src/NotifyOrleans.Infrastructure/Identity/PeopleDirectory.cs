using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Infrastructure.Identity;

/// <summary>An account as a rule names it: kept by id, written and shown by its email address (which is also its user name).</summary>
public sealed record Person(string Id, string Email, string DisplayName, bool IsDisabled)
{
    /// <summary>How the console lists the account.</summary>
    public string Label => string.IsNullOrWhiteSpace(DisplayName) ? Email : $"{DisplayName} ({Email})";
}

/// <summary>
/// The accounts a rule can name (an escalation step's users). Rules keep ids, so a changed
/// address keeps its rules; people write the address.
/// </summary>
public sealed class PeopleDirectory(IReadOnlyList<Person> people)
{
    public static readonly PeopleDirectory Empty = new([]);

    public IReadOnlyList<Person> People => people;

    /// <summary>How a person is named to a reader who may not know addresses (an ingest key).</summary>
    public const string Someone = "a person";

    /// <summary>The same people, each named <see cref="Someone"/>: a dashboard sees that a step emails two people, not whom.</summary>
    public PeopleDirectory Anonymous() => new(people.Select(p => p with { Email = Someone, DisplayName = "" }).ToList());

    public static async Task<PeopleDirectory> LoadAsync(AppDbContext db, CancellationToken cancellationToken) => new(
        await db.Users.AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new Person(u.Id, u.Email ?? u.UserName ?? u.Id, u.DisplayName, u.IsDisabled))
            .ToListAsync(cancellationToken));

    /// <summary>The account with this email address (in any case) or id.</summary>
    public Person? Find(string emailOrId) => people.FirstOrDefault(p =>
        p.Id == emailOrId || string.Equals(p.Email, emailOrId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// <paramref name="text"/> with each account's address replaced by its display name ("a person"
    /// without one): for a Member reading lines written with addresses ("Acknowledged by
    /// ada@example.com", "Could not email … to …", a mail server's refusal of a mailbox).
    /// </summary>
    public string NamesInsteadOfAddresses(string text) =>
        EachAddress(text, person => string.IsNullOrWhiteSpace(person.DisplayName) ? Someone : person.DisplayName);

    /// <summary>
    /// <paramref name="text"/> with each account's address given its display name too, as the console
    /// lists accounts ("Ada Admin (ada@example.com)"): for an admin, who may read addresses but knows
    /// colleagues by name ("Monitoring paused by ada@example.com" was their own pause).
    /// </summary>
    public string NamesWithAddresses(string text) => EachAddress(text, person => person.Label);

    private string EachAddress(string text, Func<Person, string> shown)
    {
        foreach (var person in people)
            if (person.Email.Length > 0 && text.Contains(person.Email, StringComparison.OrdinalIgnoreCase))
                text = WholeAddress(person.Email).Replace(text, shown(person).Replace("$", "$$"));
        return text;
    }

    /// <summary>The address where it stands whole: al@example.com is not inside val@example.com or al@example.com.au.</summary>
    private static Regex WholeAddress(string email) =>
        new($@"(?<![\w.%+-]){Regex.Escape(email)}(?![\w-]|\.\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The email addresses of these ids; an account deleted since is left out.</summary>
    public IReadOnlyList<string> EmailsOf(IEnumerable<string> ids) =>
        ids.Select(id => people.FirstOrDefault(p => p.Id == id)?.Email).OfType<string>().ToList();
}
