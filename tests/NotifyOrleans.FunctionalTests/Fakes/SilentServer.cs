using System.Net;
using System.Net.Sockets;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>A destination that accepts connections and reads requests, and never answers.</summary>
public sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private int _accepted;

    public SilentServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections accepted so far (each one a send that waited for nothing).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                lock (_connections) _connections.Add(client);
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections) _connections.ForEach(c => c.Dispose());
    }
}
