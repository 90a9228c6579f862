using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Notifications.Templates;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Pages.Shared.Toasts;

namespace NotifyOrleans.Web.Pages.Templates;

/// <summary>
/// One event type's template, for all channels or as one kind of channel's own wording
/// (<c>?channel=email</c>): edit with a live preview per channel kind (htmx), save (only what
/// passes the checks), the history of versions with their differences, restore one, reset (to
/// the built-in template, or a kind back to the shared one), and a Test that sends the preview
/// through a channel.
/// </summary>
public sealed class EditModel(TemplateEditor editor, TemplateStore store, TemplateRenderer renderer, AppDbContext db, ChannelTester tester, IncidentLinks links, TimeProvider time) : PageModel
{
    /// <summary>Nullable, so an empty field is <see cref="TemplateCheck"/>'s to name (once), not model binding's too.</summary>
    public sealed class TemplateInput
    {
        public string? Title { get; set; } = "";
        public string? Body { get; set; } = "";
        public int Priority { get; set; } = 3;
        public string? Tags { get; set; } = "";
        public string? HtmlBody { get; set; } = "";
        public string? Fields { get; set; } = "";

        public TemplateDraft ToDraft() => new(Title ?? "", Body ?? "", Priority, Tags ?? "", HtmlBody ?? "", Fields ?? "");

        public static TemplateInput Of(TemplateDraft draft) => new()
        {
            Title = draft.Title, Body = draft.Body, Priority = draft.Priority, Tags = draft.Tags, HtmlBody = draft.HtmlBody, Fields = draft.Fields,
        };
    }

    /// <summary>A version and how it differs from the one before it (lines of title and body).</summary>
    public sealed record HistoryEntry(TemplateVersion Version, IReadOnlyList<DiffPiece> Changes);

    [BindProperty(SupportsGet = true)] public string? Type { get; set; }

    /// <summary>The kind of channel whose own wording is edited (email, discord, ntfy, webhook); none for all channels.</summary>
    [BindProperty(SupportsGet = true, Name = "channel")] public string? ChannelName { get; set; }
    [BindProperty] public TemplateInput Input { get; set; } = new();
    [BindProperty] public Guid? TestChannel { get; set; }

    /// <summary>The preview's tab the person was looking at: a redraw of the preview keeps it.</summary>
    [BindProperty] public ChannelKind? PreviewTab { get; set; }

    public string EventType { get; private set; } = "";
    public ChannelKind? Channel { get; private set; }

    /// <summary>The kinds that have their own wording now (the tabs say so).</summary>
    public IReadOnlyCollection<ChannelKind> Worded { get; private set; } = [];

    public TemplateVersion? InUse { get; private set; }
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name, ChannelKind Kind)> Channels { get; private set; } = [];
    public TemplatePreview Preview { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        // A kind without its own wording yet starts from the shared one.
        Input = TemplateInput.Of(InUse?.ToDraft() ?? TemplateDraft.Of(store.For(EventType)));
        Preview = PreviewOfInput();
        return Page();
    }

    /// <summary>htmx, as the admin types: the preview of what the form holds now, or what is wrong with it. Nothing is saved.</summary>
    public IActionResult OnPostPreview()
    {
        if (!IsKnown()) return NotFound();
        Response.Htmx(h => h.WithVary());
        return Partial("_Preview", PreviewOfInput());
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var (problems, unchanged) = await editor.SaveAsync(EventType, Channel, Input.ToDraft(), Who, HttpContext.RequestAborted);
        if (problems.Count > 0)
        {
            foreach (var (field, message) in problems) ModelState.AddModelError($"Input.{char.ToUpperInvariant(field[0])}{field[1..]}", message);
            Preview = PreviewOfInput();
            return Page(); // nothing saved: each message at its field
        }

        TempData.Show(unchanged ? $"{Heading}: nothing changed, so no new version was saved." : $"{Heading}: template saved.");
        return RedirectToPage(new { type = EventType, channel = ChannelName });
    }

    public async Task<IActionResult> OnPostResetAsync()
    {
        if (!IsKnown()) return NotFound();
        await editor.ResetAsync(EventType, Channel, Who, HttpContext.RequestAborted);
        TempData.Show(Channel is null ? $"{Heading}: the built-in template is in use again." : $"{Heading}: the template for all channels is in use again.");
        return RedirectToPage(new { type = EventType, channel = ChannelName });
    }

    public async Task<IActionResult> OnPostRestoreAsync(int version)
    {
        if (!IsKnown()) return NotFound();
        if (!await editor.RestoreAsync(EventType, version, Who, HttpContext.RequestAborted)) return NotFound();
        TempData.Show($"{Heading}: version {version} restored.");
        return RedirectToPage(new { type = EventType, channel = ChannelName });
    }

    /// <summary>htmx: sends the preview of what the form holds now through the chosen channel, and says what happened.</summary>
    public async Task<IActionResult> OnPostTestAsync()
    {
        if (!IsKnown()) return NotFound();
        Response.Htmx(h => h.WithVary());
        var preview = PreviewOfInput();
        if (preview.Message is null) return Partial("_TestOutcome", "Fix the template first: " + string.Join(" ", preview.Problems.Select(p => p.Message)));
        var channel = TestChannel is { } id ? await db.Channels.SingleOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted) : null;
        if (channel is null) return Partial("_TestOutcome", "Choose a channel to send the test through.");
        var result = await tester.SendNowAsync(channel, preview.Message.AsTest(), recipient: null, HttpContext.RequestAborted);
        return Partial("_TestOutcome", result is DeliveryResult.Sent ? $"Sent through {channel.Name}." : $"Not sent through {channel.Name}: {result.ErrorText}");
    }

    private string Who => User.Identity?.Name ?? "an admin";

    /// <summary>The event's name, and the kind of channel when a kind's wording is edited: "Backup failed, for Discord".</summary>
    public string Heading => Channel is { } kind ? $"{TemplateNames.Of(EventType)}, for {TemplateNames.Of(kind)}" : TemplateNames.Of(EventType);

    private bool IsKnown()
    {
        if (Type is null || !DefaultTemplates.ByEventType.ContainsKey(Type)) return false;
        EventType = Type;
        if (string.IsNullOrEmpty(ChannelName)) return true;
        if (!Enum.TryParse<ChannelKind>(ChannelName, ignoreCase: true, out var kind) || !TemplateParts.Kinds.Contains(kind)) return false;
        (Channel, ChannelName) = (kind, kind.ToString().ToLowerInvariant());
        return true;
    }

    private async Task<bool> LoadAsync()
    {
        if (!IsKnown()) return false;
        InUse = store.Saved(EventType, Channel);
        Worded = store.Wordings(EventType).Keys.ToList();
        var versions = await editor.HistoryAsync(EventType, Channel, HttpContext.RequestAborted);
        // A kind's first wording starts from the template for all channels of its day (an admin's, or the
        // built-in one): against the built-in one, an Email-only HTML body showed the shared title's edit as its own.
        var start = Channel is null || versions.Count == 0 ? null
            : (await editor.HistoryAsync(EventType, null, HttpContext.RequestAborted)).FirstOrDefault(v => v.Version < versions[^1].Version);
        History = versions.Select((version, i) => new HistoryEntry(version, Changes(i + 1 < versions.Count ? versions[i + 1] : start, version))).ToList();
        Channels = (await db.Channels.AsNoTracking().Where(c => c.Enabled).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.Kind }).ToListAsync(HttpContext.RequestAborted))
            .Select(c => (c.Id, c.Name, c.Kind)).ToList();
        return true;
    }

    /// <summary>The lines that changed from the version before (before the first, the template it started from; else the built-in one).</summary>
    private IReadOnlyList<DiffPiece> Changes(TemplateVersion? before, TemplateVersion after)
    {
        var old = before?.ToDraft() ?? TemplateDraft.Of(DefaultTemplates.ByEventType[EventType]);
        var diff = InlineDiffBuilder.Diff(Text(old), Text(after.ToDraft()));
        return diff.Lines.Where(line => line.Type is ChangeType.Inserted or ChangeType.Deleted).ToList();
    }

    /// <summary>The parts this wording has, a line each, so the diff shows which part changed.</summary>
    private string Text(TemplateDraft draft)
    {
        var text = $"Title: {draft.Title}\n";
        if (TemplateParts.HasPriorityAndTags(Channel)) text += $"Priority: {draft.Priority}\nTags: {string.Join(", ", draft.TagList)}\n";
        text += draft.Body + "\n";
        if (TemplateParts.HasHtmlBody(Channel)) text += Part("HTML body", draft.HtmlBody);
        if (TemplateParts.HasFields(Channel)) text += Part("Fields", draft.Fields);
        return text;

        static string Part(string name, string value) => value.Length == 0 ? $"{name}: none\n" : $"{name}:\n{value}\n";
    }

    /// <summary>What was typed, rendered on sample data whose links point at this console (<c>Links:PublicUrl</c>), or at an example one.</summary>
    private TemplatePreview PreviewOfInput() =>
        TemplatePreview.Of(EventType, Channel, Input.ToDraft(), renderer, time.GetUtcNow(), links.Console() ?? TemplateSamples.ExampleConsole)
            with { Focus = PreviewTab ?? Channel };
}
