using System.Text.Json;

namespace NotifyOrleans.Web.Htmx;

public static class HtmxExtensions
{
    /// <summary>True when htmx made the request (it sends HX-Request: true), so a fragment is wanted.</summary>
    public static bool IsHtmx(this HttpRequest request) => request.Headers["HX-Request"] == "true";

    /// <summary>Fragments and full pages share URLs; caches must keep them apart.</summary>
    public static void VaryOnHtmx(this HttpResponse response) => response.Headers.Append("Vary", "HX-Request");

    /// <summary>Shows a toast in the browser after the swap (js/app.js listens for it).</summary>
    public static void TriggerToast(this HttpResponse response, string message) =>
        response.Headers["HX-Trigger"] = JsonSerializer.Serialize(new { toast = message });
}
