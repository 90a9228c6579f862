using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Pages.Shared.Toasts;

namespace NotifyOrleans.Web.Pages.Channels;

/// <summary>
/// Adds or edits a channel of any kind. The kind's settings class carries the validation; secret
/// fields are never sent to the browser: left empty they keep the saved value.
/// </summary>
public sealed class EditModel(AppDbContext db, ChannelSettingsSerializer serializer, ChannelStore store) : PageModel
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
        var leftBehind = new List<ChannelProblem>();
        if (channel is not null)
        {
            var given = ChannelSettingsSerializer.SecretProperties(type).Where(s => !string.IsNullOrEmpty((string?)s.GetValue(Settings))).Select(s => s.Name).ToList();
            store.KeepSavedSecrets(channel, Settings, ClearSecrets);
            foreach (var secret in ChannelSettingsSerializer.SecretProperties(type)) ModelState.Remove($"Settings.{secret.Name}");
            leftBehind.AddRange(store.SecretsLeftBehind(channel, Settings, given));
        }

        Name = (Name ?? "").Trim();
        // Binding has checked the attributes already; the store's list adds the rest (one message per field).
        foreach (var problem in leftBehind.Concat(await store.CheckAsync(Id, Name, Settings, HttpContext.RequestAborted)))
        {
            if (ModelState.GetFieldValidationState(problem.Field) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
                ModelState.AddModelError(problem.Field, problem.Message);
        }

        if (!ModelState.IsValid) return RedisplayWithSecretsToRetype(type);

        try
        {
            channel = await store.SaveAsync(channel, Name, Enabled, Settings, HttpContext.RequestAborted);
        }
        catch (ChannelEditConflict conflict)
        {
            ModelState.AddModelError(nameof(Name), conflict.Message);
            return Page();
        }

        TempData.Show(channel.Enabled ? $"Channel {channel.Name} saved. Press Test to check it."
            : Toast.Warning($"Channel {channel.Name} saved, disabled: its job notices wait until it is enabled again, and system events are not sent to it."));
        return Redirect("/Channels");
    }

    /// <summary>
    /// The form again, after a refusal. A secret typed into it is not sent back to the page: its field
    /// says to enter it again. Without that, a new one was lost without a word: the next Save said
    /// "Enter the URL", or (a saved one showing "(saved)") kept the old webhook URL and said "saved".
    /// A secret refused itself says so too, after its own message: under an empty field, the message
    /// read as if nothing had been typed, or (beside "(saved)") as if the refused value had been saved.
    /// </summary>
    private PageResult RedisplayWithSecretsToRetype(Type settingsType)
    {
        foreach (var secret in ChannelSettingsSerializer.SecretProperties(settingsType))
        {
            var field = $"Settings.{secret.Name}";
            if (string.IsNullOrEmpty(Request.Form[field])) continue;
            ModelState.AddModelError(field, ModelState.GetFieldValidationState(field) == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
                ? "Nothing was saved, and what was typed is not sent back to the page: enter it again, corrected."
                : "Enter it again: what is typed here is not sent back to the page.");
        }

        return Page();
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
}
