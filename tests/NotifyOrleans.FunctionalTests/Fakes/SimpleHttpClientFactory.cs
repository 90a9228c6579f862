namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>For transport tests without a host: every name gets a plain client that, like the app's, follows no redirect.</summary>
public sealed class SimpleHttpClientFactory : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
}
