using System.ComponentModel.DataAnnotations;
using NotifyOrleans.Domain;

namespace NotifyOrleans.Web.Pages.Shared.Forms;

/// <summary>
/// A form's time zone field: one of the IANA ids this machine knows (<see cref="TimeZones.IsKnown"/>).
/// An empty field is <c>[Required]</c>'s to name, as with every validation attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KnownTimeZoneAttribute() : ValidationAttribute("Choose a time zone from the list.")
{
    public override bool IsValid(object? value) => value is not string { Length: > 0 } id || TimeZones.IsKnown(id);
}
