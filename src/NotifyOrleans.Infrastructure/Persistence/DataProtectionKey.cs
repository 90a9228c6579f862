namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// One ASP.NET Data Protection key ring entry. Keys live in the database so every node can read
/// cookies, antiforgery tokens and encrypted channel secrets written by any other node.
/// </summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
}
