using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.Web.Pages.Channels;

/// <summary>
/// Adds or edits a channel of any kind. The kind's settings class carries the validation; secret
/// fields are never sent to the browser: left empty they keep the saved value.
/// </summary>
public sealed class EditModel(AppDbContext db, ChannelSettingsSerializer serializer, ChannelTester tester, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public ChannelKind Kind { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Give the channel a name.")]
    [StringLength(Channel.NameMaxLength, ErrorMessage = "A name is at most 100 characters.")]
    public string Name { get; set; } = "";

    [BindProperty] public bool Enabled { get; set; } = true;

    /// <summary>Secret fields the admin asked to clear (an optional password that is no longer needed).</summary>
    [BindProperty] public List<string> ClearSecrets { get; set; } = [];

    public Guid? Id { get; private set; }
    public ChannelSettings Settings { get; private set; } = null!;
    public IReadOnlySet<string> SecretsSet { get; private set; } = new HashSet<string>();

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is { } existingId)
        {
            var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == existingId);
            if (channel is null) return NotFound();
            Load(channel);
        }
        else
        {
            Settings = (ChannelSettings)Activator.CreateInstance(ChannelSettingsSerializer.SettingsTypeFor(Kind))!;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        var channel = id is { } existingId ? await db.Channels.SingleOrDefaultAsync(c => c.Id == existingId) : null;
        if (id is not null && channel is null) return NotFound();
        if (channel is not null)
        {
            Kind = channel.Kind;
            Id = channel.Id;
            SecretsSet = serializer.SecretsSet(channel);
        }

        var type = ChannelSettingsSerializer.SettingsTypeFor(Kind);
        Settings = (ChannelSettings)Activator.CreateInstance(type)!;
        await TryUpdateModelAsync(Settings, type, "Settings");
        KeepSecretsLeftEmpty(channel);
        foreach (var (property, message) in Settings.Validate()) ModelState.AddModelError($"Settings.{property}", message);
        Name = (Name ?? "").Trim();
        if (Name.Length > 0 && await db.Channels.AnyAsync(c => c.Name == Name && c.Id != Id))
            ModelState.AddModelError(nameof(Name), "Another channel already has this name.");
        if (!ModelState.IsValid) return Page();

        var now = time.GetUtcNow();
        if (channel is null)
        {
            channel = new Channel { Id = Guid.NewGuid(), CreatedAt = now };
            db.Channels.Add(channel);
        }

        channel.Name = Name;
        channel.Enabled = Enabled;
        channel.UpdatedAt = now;
        serializer.Write(channel, Settings);
        // Saving is the admin's fix for a failing channel: try again with what waited.
        await tester.MarkHealthyAsync(channel, now, HttpContext.RequestAborted);
        await db.SaveChangesAsync();
        TempData["Toast"] = $"Channel {channel.Name} saved. Press Test to check it.";
        return Redirect("/Channels");
    }

    private void Load(Channel channel)
    {
        Id = channel.Id;
        Kind = channel.Kind;
        Name = channel.Name;
        Enabled = channel.Enabled;
        Settings = serializer.Read(channel);
        SecretsSet = serializer.SecretsSet(channel);
        foreach (var secret in ChannelSettingsSerializer.SecretProperties(Settings.GetType())) secret.SetValue(Settings, null);
    }

    /// <summary>An empty secret field means "keep what is saved", unless the admin ticked Clear.</summary>
    private void KeepSecretsLeftEmpty(Channel? channel)
    {
        if (channel is null) return;
        var saved = serializer.Read(channel);
        foreach (var secret in ChannelSettingsSerializer.SecretProperties(Settings.GetType()))
        {
            if (!string.IsNullOrEmpty((string?)secret.GetValue(Settings)) || ClearSecrets.Contains(secret.Name)) continue;
            secret.SetValue(Settings, secret.GetValue(saved));
            ModelState.Remove($"Settings.{secret.Name}");
        }
    }
}
