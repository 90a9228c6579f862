using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Notifications.Templates;

namespace NotifyOrleans.Web.Pages.Templates;

/// <summary>Every event type's template: built-in, or an admin's version; and the kinds of channel with their own wording.</summary>
public sealed class IndexModel(TemplateStore store) : PageModel
{
    public sealed record Row(string EventType, string Name, string Title, TemplateVersion? Saved, IReadOnlyCollection<ChannelKind> Worded);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public void OnGet() => Rows = DefaultTemplates.ByEventType.Keys
        .Select(type => new Row(type, TemplateNames.Of(type), store.For(type).Title, store.Saved(type), TemplateParts.Kinds.Where(store.Wordings(type).ContainsKey).ToList()))
        .ToList();
}
