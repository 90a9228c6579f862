using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.FunctionalTests.Api;

/// <summary>An HTTP client of the management API with one credential, as a script would hold it.</summary>
public sealed class ApiClient(HttpClient http, string? credential)
{
    public HttpClient Http => http;

    public static async Task<string> CreateTokenAsync(AppFactory app, ApiAccess access, string name = "script")
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(name, access, "tests")).Token;
    }

    public static async Task<string> CreateIngestKeyAsync(AppFactory app, string? server = null)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("reporter", server, null, "tests")).Key;
    }

    /// <summary>A key for one job's pings (/ping/{key}, /ping/{key}/start).</summary>
    public static async Task<string> CreatePingKeyAsync(AppFactory app, string server, string job)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IngestKeys>().CreateAsync("pinger", server, job, "tests")).Key;
    }

    public Task<HttpResponseMessage> SendAsync(string method, string path, string? json = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (credential is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return http.SendAsync(request);
    }

    /// <summary>Sends and reads the JSON answer, whatever its status (problems are JSON too).</summary>
    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> JsonAsync(string method, string path, string? json = null, string? ifMatch = null)
    {
        var response = await SendAsync(method, path, json, ifMatch);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }
}
