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

    /// <summary>
    /// The account's errors for the fields that passed the form's own checks, said with theirs in the
    /// same round: a taken address beside a missing name, not on the next submit.
    /// </summary>
    public static void AddAccountErrorsBesideTheFormsOwn(this ModelStateDictionary modelState, AccountResult result, string prefix = "Input") =>
        modelState.AddAccountErrors(new AccountResult(result.Errors
            .Where(error => error.Key.Length == 0 || modelState.GetFieldValidationState($"{prefix}.{error.Key}") != ModelValidationState.Invalid)
            .ToDictionary()), prefix);
}
