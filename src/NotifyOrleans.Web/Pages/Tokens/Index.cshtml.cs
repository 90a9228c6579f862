using System.ComponentModel.DataAnnotations;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Web.Pages.Shared.Toasts;

namespace NotifyOrleans.Web.Pages.Tokens;

/// <summary>API tokens for the management API: created (shown once), listed with their last use, revoked.</summary>
public sealed class IndexModel(ApiTokens tokens) : PageModel
{
    [BindProperty] public TokenInput Input { get; set; } = new();

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    /// <summary>The token just created: shown once.</summary>
    public (string Token, ApiToken Row)? Created { get; private set; }

    public sealed class TokenInput
    {
        [Required(ErrorMessage = "Give the token a name, e.g. the script or tool that uses it.")]
        [StringLength(ApiTokens.NameMaxLength, ErrorMessage = "A name is at most 100 characters.")]
        public string Name { get; set; } = "";

        /// <summary>The safe choice is the default: a token that can change things is asked for on purpose.</summary>
        public bool ReadOnly { get; set; } = true;
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!string.IsNullOrWhiteSpace(Input.Name) && await tokens.ActiveNamedAsync(Input.Name, HttpContext.RequestAborted) is { } existing)
            ModelState.AddModelError("Input.Name", ApiTokens.NameTaken(existing));
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        Created = await tokens.CreateAsync(Input.Name, Input.ReadOnly ? ApiAccess.ReadOnly : ApiAccess.ReadWrite, User.Identity?.Name, HttpContext.RequestAborted);
        Input = new TokenInput();
        ModelState.Clear();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        if (await tokens.RevokeAsync(id, HttpContext.RequestAborted)) Response.Htmx(h => h.WithToast("Token revoked: requests using it are now refused."));
        await LoadAsync();
        return Request.IsHtmx() ? Partial("_TokenTable", this) : RedirectToPage();
    }

    public string BaseUrl => $"{Request.Scheme}://{Request.Host}";

    private async Task LoadAsync() => Tokens = await tokens.ListAsync(HttpContext.RequestAborted);
}
