using System.Net;
using System.Net.Sockets;

namespace NotifyOrleans.Web.Hosting;

internal static class Ports
{
    /// <summary>
    /// Whether another process listens on <paramref name="endpoint"/>. Binding would not tell on its
    /// own: Orleans' listener asks for SO_REUSEADDR, which .NET on Linux sets with SO_REUSEPORT, and a
    /// second silo on a taken port started without a word and shared it, each node then taking some of
    /// the other's messages. Linux's rules: the only ones this is written for.
    /// </summary>
    public static bool IsListenedOn(IPEndPoint endpoint)
    {
        if (!OperatingSystem.IsLinux()) return false;
        using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // SO_REUSEADDR alone (SOL_SOCKET 1, option 2; .NET's ReuseAddress would add SO_REUSEPORT): the
        // connections of a node that just stopped (TIME_WAIT) do not hold the port, a listener does.
        probe.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
        try
        {
            probe.Bind(endpoint);
            return false;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
