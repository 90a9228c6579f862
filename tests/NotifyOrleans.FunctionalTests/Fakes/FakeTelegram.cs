using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NotifyOrleans.FunctionalTests.Fakes;

/// <summary>
/// Telegram's Bot API as <c>sendMessage</c> answers: every answer is JSON with <c>ok</c>, and a
/// failure has <c>error_code</c> (the HTTP status) and <c>description</c>: 401 "Unauthorized" for a
/// token it does not know, 404 "Not Found" for another method, 400 "Bad Request: chat not found",
/// "message text is empty" or "message is too long" (over 4,096 characters).
/// </summary>
public sealed class FakeTelegram : FakeServer
{
    public const string Token = "123456:AAE-fake-bot-token";
    public const string ChatId = "-1001234567890";

    public List<JsonElement> Messages { get; } = [];

    /// <summary>The URL a bot posts messages to: the token is in its path.</summary>
    public string SendMessageUrl => $"{BaseUrl}/bot{Token}/sendMessage";

    // Not a route of "bot{token}": ASP.NET Core finds such a segment's literal from the right, in the token itself.
    protected override void Map(WebApplication app) => app.MapPost("/{bot}/{method}", async (string bot, string method, HttpContext context) =>
    {
        if (bot != "bot" + Token) return Failure(bot.StartsWith("bot", StringComparison.Ordinal) ? 401 : 404, bot.StartsWith("bot", StringComparison.Ordinal) ? "Unauthorized" : "Not Found");
        if (method != "sendMessage") return Failure(404, "Not Found");
        JsonElement message;
        try { message = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone(); }
        catch (JsonException) { return Failure(400, "Bad Request: can't parse JSON object"); }
        var chat = message.TryGetProperty("chat_id", out var id) ? id.ToString() : "";
        var text = message.TryGetProperty("text", out var value) ? value.GetString() ?? "" : "";
        if (chat.Length == 0) return Failure(400, "Bad Request: chat_id is empty");
        if (chat != ChatId) return Failure(400, "Bad Request: chat not found");
        if (text.Trim().Length == 0) return Failure(400, "Bad Request: message text is empty");
        if (text.Length > 4096) return Failure(400, "Bad Request: message is too long");
        lock (Messages) Messages.Add(message);
        return Results.Json(new { ok = true, result = new { message_id = Messages.Count, chat = new { id = long.Parse(ChatId) }, date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), text } });
    });

    private static IResult Failure(int status, string description) =>
        Results.Json(new { ok = false, error_code = status, description }, statusCode: status);
}
