using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NotifyOrleans.Web.Pages;

/// <summary>Shown for unhandled exceptions and, re-executed, for 403 and 404 responses (keeping their status).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; } = 500;

    public string Heading => Status switch
    {
        403 => "You don't have access to this page",
        404 => "Page not found",
        _ => "Something went wrong",
    };

    public string Explanation => Status switch
    {
        403 => "This page is for admins. Ask an admin if you need it.",
        404 => "The address may be mistyped, or the item was deleted.",
        _ => "The error was logged. Try again, and tell your admin if it keeps happening.",
    };

    public void OnGet(int? code) => Status = code ?? (Response.StatusCode >= 400 ? Response.StatusCode : 500);

    public void OnPost(int? code) => OnGet(code);
}
