using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.ConfigurationBackups;
using NotifyOrleans.Web.Pages.Shared.Toasts;

namespace NotifyOrleans.Web.Pages.ConfigurationBackup;

/// <summary>Configuration backup: the export files (download, back up now) and the import of one.</summary>
public sealed class IndexModel(ConfigurationExporter exporter, ConfigurationImporter importer, IOptions<ConfigurationBackupOptions> options) : PageModel
{
    /// <summary>An export of a large installation is well under this; anything bigger is not one.</summary>
    public const long MaxImportBytes = 20 * 1024 * 1024;

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Passphrase { get; set; }

    public ConfigurationBackupOptions Options => options.Value;
    public string Folder => exporter.Folder;
    public IReadOnlyList<ConfigurationBackupFile> Files { get; private set; } = [];

    public void OnGet() => Files = exporter.List();

    public async Task<IActionResult> OnPostExportAsync()
    {
        var file = await exporter.ExportAsync(User.Identity?.Name ?? "an admin", HttpContext.RequestAborted);
        TempData.Show($"Saved {file.Name}.");
        return RedirectToPage();
    }

    public IActionResult OnGetDownload(string? name) =>
        name is not null && exporter.PathOf(name) is { } path ? PhysicalFile(path, "application/json", name) : NotFound();

    public async Task<IActionResult> OnPostImportAsync()
    {
        Files = exporter.List();
        if (Upload is not { Length: > 0 })
        {
            ModelState.AddModelError(nameof(Upload), "Choose an export file (notifyorleans-config-….json).");
            return Page();
        }

        if (Upload.Length > MaxImportBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"This file is {Upload.Length / 1024 / 1024} MB; an export is far smaller. Is it the right file?");
            return Page();
        }

        await using var stream = Upload.OpenReadStream();
        var (summary, problem) = await importer.ImportAsync(stream, Passphrase, grainsRunning: true, HttpContext.RequestAborted);
        if (problem is not null)
        {
            ModelState.AddModelError(problem.Contains("passphrase", StringComparison.OrdinalIgnoreCase) ? nameof(Passphrase) : nameof(Upload), problem);
            return Page();
        }

        TempData.Show(summary!.ToString());
        return RedirectToPage();
    }
}
