using Htmx;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using NotifyOrleans.Web.Pages.Shared.Toasts;

namespace NotifyOrleans.Web.Pages.Shared.Toasts;

/// <summary>
/// What a change says in the corner of the page it leads to (the layout's #toasts, read out by
/// screen readers): a confirmation in green, or, when the change did nothing or reaches nobody yet
/// ("Nothing to acknowledge…", "…so nobody hears of it"), a warning in yellow, which stays longer.
/// A plain string is a confirmation.
/// </summary>
public sealed record Toast(string Text, bool Warns = false)
{
    public static Toast Warning(string text) => new(text, Warns: true);

    public static implicit operator Toast(string text) => new(text);
}

/// <summary>A toast in an htmx answer (HX-Trigger "toast", which app.js shows).</summary>
public static class ToastHtmx
{
    public static HtmxResponseHeaders WithToast(this HtmxResponseHeaders headers, Toast toast) =>
        headers.WithTrigger("toast", new { value = toast.Text, warns = toast.Warns });
}

/// <summary>A toast kept in TempData for the page after a form's redirect, which the layout shows.</summary>
public static class ToastTempData
{
    private const string TextKey = "Toast";
    private const string WarnsKey = "ToastWarns";

    public static void Show(this ITempDataDictionary data, Toast toast)
    {
        data[TextKey] = toast.Text;
        data[WarnsKey] = toast.Warns;
    }

    /// <summary>The toast kept for this page, if any (read once).</summary>
    public static Toast? TakeToast(this ITempDataDictionary data) =>
        data[TextKey] is string text ? new Toast(text, data[WarnsKey] is true) : null;
}
