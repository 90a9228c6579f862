using System.Net;
using System.Net.Sockets;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>Where things are in the checkout, and free loopback ports, for tests that run real processes.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The web app as `dotnet build` left it, for tests that start it as its own process.</summary>
    public static string WebDll => Path.Combine(Root, "src", "NotifyOrleans.Web", "bin", "Debug", "net10.0", "NotifyOrleans.Web.dll");

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int _nextListenPort = 20_000 + Environment.ProcessId % 500 * 20;

    /// <summary>
    /// A port for a server that binds later (an Orleans silo). Taken below Linux's ephemeral range
    /// (32768+), where outgoing connections take theirs, and never twice in this process: a port
    /// from <see cref="FreePort"/> can be handed to a client socket before the silo binds it.
    /// </summary>
    public static int ListenPort()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _nextListenPort);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken by another process: try the next one
            }
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NotifyOrleans.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
