namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>For transport tests without a host: every name gets a plain client.</summary>
public sealed class SimpleHttpClientFactory : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(10) };
}
