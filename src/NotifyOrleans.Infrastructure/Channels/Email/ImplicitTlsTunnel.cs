using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace NotifyOrleans.Infrastructure.Channels.Email;

/// <summary>
/// System.Net.Mail speaks only plain SMTP or STARTTLS; for implicit TLS (port 465) it needs a
/// relay. This one opens the TLS connection to the server first (so TLS errors surface as such),
/// then accepts exactly one plain connection from SmtpClient on a loopback port and pipes the two.
/// </summary>
public sealed class ImplicitTlsTunnel : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TcpClient _upstream = new();
    private SslStream? _tls;
    private Task? _pump;
    private readonly CancellationTokenSource _stop = new();

    public int LocalPort => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static async Task<ImplicitTlsTunnel> OpenAsync(string host, int port, RemoteCertificateValidationCallback validate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tunnel = new ImplicitTlsTunnel();
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(timeout);
            await tunnel._upstream.ConnectAsync(host, port, connectTimeout.Token);
            tunnel._tls = new SslStream(tunnel._upstream.GetStream(), leaveInnerStreamOpen: false, validate);
            await tunnel._tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, connectTimeout.Token);
            tunnel._listener.Start(backlog: 1);
            tunnel._pump = tunnel.PumpAsync();
            return tunnel;
        }
        catch
        {
            await tunnel.DisposeAsync();
            throw;
        }
    }

    private async Task PumpAsync()
    {
        using var local = await _listener.AcceptTcpClientAsync(_stop.Token);
        _listener.Stop();
        var plain = local.GetStream();
        var toServer = plain.CopyToAsync(_tls!, _stop.Token);
        var toClient = _tls!.CopyToAsync(plain, _stop.Token);
        await Task.WhenAny(toServer, toClient);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pump is not null)
        {
            try { await _pump; } catch (Exception) { /* the pipe ends with an error when either side closes */ }
        }

        _listener.Stop();
        if (_tls is not null) await _tls.DisposeAsync();
        _upstream.Dispose();
        _stop.Dispose();
    }
}
