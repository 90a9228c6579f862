using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>
/// The Apprise API's stateful <c>POST /notify/{key}</c>, as its README's response codes and its
/// views answer a client that does not ask for JSON (plain text): 200 when every service of the key's
/// configuration took the notice; 204 for a key nothing is saved under (nothing was sent); 400 "Payload lacks minimum requirements" without a body or with a type
/// other than info, success, warning or failure; 424 "One or more notification could not be sent"
/// when a service behind it failed (<see cref="FailingKey"/>).
/// </summary>
public sealed class FakeApprise : FakeServer
{
    public const string Key = "backups";
    public const string FailingKey = "pushover-down";

    private static readonly string[] Types = ["info", "success", "warning", "failure"];

    public List<JsonElement> Notices { get; } = [];

    public string NotifyUrl(string key = Key) => $"{BaseUrl}/notify/{key}";

    protected override void Map(WebApplication app) => app.MapPost("/notify/{key}", async (string key, HttpContext context) =>
    {
        JsonElement notice;
        try { notice = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone(); }
        catch (JsonException) { return Text(400, "Payload lacks minimum requirements"); }
        // Its view writes "There was no configuration found" too, which a 204 cannot carry: Kestrel sends none.
        if (key != Key && key != FailingKey) return Results.StatusCode(204);
        var body = notice.TryGetProperty("body", out var text) ? text.GetString() : null;
        var type = notice.TryGetProperty("type", out var given) ? given.GetString() : "info";
        if (string.IsNullOrEmpty(body) || !Types.Contains(type)) return Text(400, "Payload lacks minimum requirements");
        if (key == FailingKey) return Text(424, "One or more notification could not be sent");
        lock (Notices) Notices.Add(notice);
        return Text(200, "Notification(s) sent.");
    });

    private static IResult Text(int status, string text) => Results.Text(text, "text/plain", statusCode: status);
}
