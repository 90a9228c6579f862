namespace NotifyOrleans.Infrastructure.Clustering;

/// <summary>One silo of an Orleans cluster (table ClusterMembers), as Orleans' membership protocol keeps it.</summary>
public sealed class SiloRecord
{
    public string ClusterId { get; set; } = "";

    /// <summary><c>SiloAddress.ToParsableString()</c>: address, port and generation.</summary>
    public string SiloAddress { get; set; } = "";
    public string SiloName { get; set; } = "";
    public string HostName { get; set; } = "";
    public int Status { get; set; }
    public int ProxyPort { get; set; }

    /// <summary>Who suspects this silo and since when: "address@ticks" pairs separated by '|'.</summary>
    public string SuspectTimes { get; set; } = "";
    public DateTimeOffset StartTime { get; set; }
    public DateTimeOffset IAmAliveTime { get; set; }
    public string ETag { get; set; } = "";
}

/// <summary>The membership table's version (table ClusterVersions): bumped by every change of membership.</summary>
public sealed class MembershipVersionRecord
{
    public string ClusterId { get; set; } = "";
    public int Version { get; set; }
    public string ETag { get; set; } = "";
}
