using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace NotifyOrleans.Web.Users;

public static class ModelStateExtensions
{
    /// <summary>Puts each account error next to its field (<c>prefix.Field</c>), or at the top when it has none.</summary>
    public static void AddAccountErrors(this ModelStateDictionary modelState, AccountResult result, string prefix = "Input")
    {
        foreach (var (field, message) in result.Errors)
            modelState.AddModelError(field.Length == 0 ? string.Empty : $"{prefix}.{field}", message);
    }
}
