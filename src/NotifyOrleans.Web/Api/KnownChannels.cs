using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// The channels a request may name: by id, or by name (case aside) as the Channels page shows it,
/// so that a script need not look an id up first (Healthchecks' API takes names too). Names are
/// unique, case aside (<see cref="Infrastructure.Channels.ChannelStore"/>); should two rows share
/// one all the same, it names neither and the request is refused, asking for the id.
/// </summary>
public sealed class KnownChannels(IEnumerable<(Guid Id, string Name)> channels)
{
    private readonly IReadOnlyDictionary<Guid, string> _names = channels.ToDictionary(c => c.Id, c => c.Name);

    public static async Task<KnownChannels> LoadAsync(AppDbContext db, CancellationToken cancellationToken) =>
        new((await db.Channels.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken)).Select(c => (c.Id, c.Name)));

    public IReadOnlySet<Guid> Ids => _names.Keys.ToHashSet();

    /// <summary>The channel a body's entry names: see <see cref="Read(string?, string, List{ValueTuple{string, string}})"/>.</summary>
    public Guid? Read(JsonNode? node, string field, List<(string, string)> problems) =>
        Read(node is JsonValue value && value.TryGetValue(out string? written) ? written : null, field, problems);

    /// <summary>The channel <paramref name="text"/> names (its id or its name); null, with a problem naming <paramref name="field"/>, when it names none or several.</summary>
    public Guid? Read(string? text, string field, List<(string, string)> problems)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problems.Add((field, $"{field} must be a channel's id or name (GET /api/v1/channels lists them)."));
            return null;
        }

        var (id, problem) = Find(text);
        if (problem is not null) problems.Add((field, $"{field}: {problem}"));
        return id;
    }

    /// <summary>The channel <paramref name="text"/> names (its id or its name, case aside), or why it names none: "no channel is named Opps (…)".</summary>
    public (Guid? Id, string? Problem) Find(string text)
    {
        text = text.Trim();
        if (Guid.TryParse(text, out var id))
            return _names.ContainsKey(id) ? (id, null) : (null, $"no channel has the id {id}.");

        var named = _names.Where(c => string.Equals(c.Value.Trim(), text, StringComparison.OrdinalIgnoreCase)).Select(c => c.Key).ToList();
        return named.Count switch
        {
            1 => (named[0], null),
            0 => (null, $"no channel is named {text} (GET /api/v1/channels lists them)."),
            _ => (null, $"{named.Count} channels are named {text}: give the id of the one you mean."),
        };
    }
}
