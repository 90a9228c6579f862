using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using NotifyOrleans.Domain;
using NotifyOrleans.Domain.Notifications;
using Polly.Timeout;

namespace NotifyOrleans.Infrastructure.Channels;

/// <summary>
/// What every HTTP transport shares: sending, timeouts, and the decision between retry-after,
/// transient and permanent from a status code or a network error (as Healthchecks' transports do).
/// </summary>
public abstract class HttpTransportBase(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "channels";

    protected async Task<DeliveryResult> SendAsync(HttpRequestMessage request, Func<HttpResponseMessage, Task<DeliveryResult?>>? interpret, CancellationToken cancellationToken)
    {
        var target = Shown(request.RequestUri!);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (interpret is not null && await interpret(response) is { } specific) return specific;
            if (response.IsSuccessStatusCode) return DeliveryResult.Success;
            if (Redirect(response, target) is { } redirect) return redirect;
            var detail = await ErrorDetailAsync(response, cancellationToken);
            return Classify(response, $"{target} answered {(int)response.StatusCode} {response.ReasonPhrase}{detail}");
        }
        catch (HttpRequestException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return new DeliveryResult.TransientFailure($"Connection refused by {target}");
        }
        catch (HttpRequestException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData })
        {
            return new DeliveryResult.TransientFailure($"Host not found: {request.RequestUri!.Host}");
        }
        catch (HttpRequestException exception) when (exception.InnerException is AuthenticationException)
        {
            var reason = Reason(exception);
            return new DeliveryResult.TransientFailure($"TLS with {target} failed: {reason}{TlsAdvice(reason, request.RequestUri!.Host)}");
        }
        catch (HttpRequestException exception)
        {
            return new DeliveryResult.TransientFailure($"Could not reach {target}: {Reason(exception)}");
        }
        catch (TimeoutRejectedException timeout)
        {
            return new DeliveryResult.TransientFailure($"No answer from {target} within {timeout.Timeout.TotalSeconds:0.#} s");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult.TransientFailure($"No answer from {target} in time");
        }
    }

    /// <summary>
    /// What went wrong, in the words of the exceptions that know: HttpClient's own says only "The SSL
    /// connection could not be established, see inner exception" (an untrusted or expired certificate)
    /// or "An error occurred while sending the request" (a connection reset), which told a user nothing.
    /// </summary>
    private static string Reason(Exception exception)
    {
        var reasons = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current.Message.Contains("inner exception", StringComparison.OrdinalIgnoreCase) || current.Message.StartsWith("An error occurred while sending the request", StringComparison.Ordinal)) continue;
            if (!reasons.Contains(current.Message)) reasons.Add(current.Message.TrimEnd('.'));
        }

        return reasons.Count == 0 ? exception.Message : string.Join(": ", reasons);
    }

    /// <summary>
    /// What to do about the certificate errors people meet: a self-hosted ntfy or webhook receiver
    /// behind a self-signed certificate or a private CA, a name the certificate does not carry, an
    /// expired certificate. .NET names the causes with its enums' names (<c>UntrustedRoot</c>, or
    /// <c>RemoteCertificateChainErrors</c> beside another cause; <c>RemoteCertificateNameMismatch</c>,
    /// <c>NotTimeValid</c>), which read as code to most admins. Each cause named gets its sentence.
    /// </summary>
    internal static string TlsAdvice(string reason, string host)
    {
        bool Says(params string[] names) => names.Any(name => reason.Contains(name, StringComparison.Ordinal));
        var advice = new List<string>();
        if (Says("UntrustedRoot", "PartialChain", "RemoteCertificateChainErrors"))
            advice.Add("The certificate is self-signed or from a CA this machine does not trust: add that CA to the system's trust store (Debian: copy it to /usr/local/share/ca-certificates/ as a file ending in .crt, then run update-ca-certificates), or give the receiver a certificate from a public CA.");
        if (Says("RemoteCertificateNameMismatch"))
            advice.Add($"The certificate is not for {host}: put a name it carries in the channel's URL, or give the receiver a certificate for {host}.");
        if (Says("NotTimeValid"))
            advice.Add("The certificate has expired or is not valid yet: renew it on the receiver, or check this machine's clock.");
        return advice.Count == 0 ? "" : ". " + string.Join(" ", advice);
    }

    /// <summary>
    /// A 3xx: the URL is not where the service is (http for https, a moved endpoint, a sign-in page
    /// in front of it). Permanent until someone sets the URL: the channel pauses and says where it
    /// points, by scheme and host only (the path of a webhook URL is often its token).
    /// </summary>
    private static DeliveryResult? Redirect(HttpResponseMessage response, string target)
    {
        if ((int)response.StatusCode is < 300 or >= 400) return null;
        var to = response.Headers.Location is { } location
            ? Shown(location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location))
            : null;
        return new DeliveryResult.PermanentFailure($"{target} answered {(int)response.StatusCode} {response.ReasonPhrase}, a redirect{(to is null ? "" : $" to {to}")}: "
            + "redirects are not followed (a POST would arrive as a GET, without the message). Set the channel's URL to the address it redirects to.");
    }

    /// <summary>
    /// How an address is named in an error: scheme, host and port. Never the user:password a URL may
    /// carry, nor its path, which is often the secret (a webhook's token, an Apprise key): the text is
    /// shown and stored.
    /// </summary>
    protected static string Shown(Uri address) => address.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    /// <summary>A JSON body with its Content-Length (some receivers refuse chunked bodies).</summary>
    protected static HttpContent JsonBody<T>(T payload, JsonSerializerOptions options) =>
        new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, options))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
        };

    /// <summary>
    /// 5xx, 408 and network errors are transient; 429 waits as told; 400, 413 and 422 refuse this
    /// message (its body), not the channel; other 4xx (401, 403, 404: the address or its key) are permanent.
    /// </summary>
    protected static DeliveryResult Classify(HttpResponseMessage response, string error) => (int)response.StatusCode switch
    {
        429 => new DeliveryResult.RetryAfter(RetryAfterHeader(response) ?? TimeSpan.FromSeconds(30), error),
        408 or >= 500 => new DeliveryResult.TransientFailure(error),
        400 or 413 or 422 => new DeliveryResult.Rejected(error),
        _ => new DeliveryResult.PermanentFailure(error),
    };

    protected static TimeSpan? RetryAfterHeader(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    protected static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        // Many receivers echo the path they were called at ("Cannot POST /hooks/T0KEN"): a webhook's
        // path is often its token, and this text is stored, shown and sent on in System Errors.
        if (response.RequestMessage?.RequestUri is { } called && called.PathAndQuery.Length > 1)
        {
            body = body.Replace(called.PathAndQuery, "/…", StringComparison.Ordinal);
            if (called.AbsolutePath.Length > 1) body = body.Replace(called.AbsolutePath, "/…", StringComparison.Ordinal);
        }

        body = new string(body.Where(c => c != '\0').ToArray());
        if (body.Length > 300) body = StoredText.Cut(body, 300) + "…";
        return body.Length == 0 ? "" : $": {body}";
    }

    protected static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));

    protected static bool Is(HttpResponseMessage response, HttpStatusCode status) => response.StatusCode == status;
}
