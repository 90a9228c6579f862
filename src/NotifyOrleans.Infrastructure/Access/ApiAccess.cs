namespace NotifyOrleans.Infrastructure.Access;

/// <summary>What an API token may do: read everything, or read and change everything.</summary>
public enum ApiAccess
{
    ReadOnly,
    ReadWrite,
}
