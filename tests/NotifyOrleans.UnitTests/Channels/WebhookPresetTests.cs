using System.Text.Json;
using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Channels.Webhook;

namespace NotifyOrleans.UnitTests.Channels;

/// <summary>
/// The webhook form's ready-made bodies: each is accepted by the template check, and what it renders
/// from a hostile notice (quotes, a Slack mention, a 10,000-character log) is what its service takes.
/// </summary>
public sealed class WebhookPresetTests
{
    private static readonly NotificationMessage Hostile = new("backup.failure", NotificationKind.Failure,
        "Backup \"Documents\" on nas-01 <!channel> & co failed",
        "The backup failed: disk full.\n\n" + string.Join("\n", Enumerable.Range(1, 400).Select(i => $"line {i}: C:\\Data\\file {i} 🔔 <ok>")) + "\nError: disk full at the end",
        null, [new MessageField("Error", "disk full")],
        [new MessageLink("Open the job", "https://hub.example/Jobs/Details?id=nas-01%2Fdocs"), new MessageLink("Acknowledge", "https://hub.example/ack/abc", Acts: true)],
        new DateTimeOffset(2026, 12, 5, 1, 4, 0, TimeSpan.Zero), Priority: 5);

    public static TheoryData<string> Ids() => [.. WebhookPresets.All.Select(preset => preset.Id)];

    private static WebhookPreset Preset(string id) => WebhookPresets.All.Single(preset => preset.Id == id);

    private static JsonElement Rendered(string id) => JsonDocument.Parse(WebhookBody.Render(Hostile, Preset(id).Template)).RootElement;

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_is_accepted_by_the_check_and_renders_JSON_from_a_hostile_notice(string id)
    {
        var preset = Preset(id);
        if (preset.Template.Length > 0) Assert.Null(WebhookBody.Check(preset.Template));
        Assert.Equal(JsonValueKind.Object, Rendered(id).ValueKind);
    }

    [Fact]
    public void Slack_gets_its_markup_characters_escaped_a_shortened_log_and_links()
    {
        var text = Rendered("slack").GetProperty("text").GetString()!;

        Assert.StartsWith("*Backup \"Documents\" on nas-01 &lt;!channel&gt; &amp; co failed*\nThe backup failed: disk full.\n\n[…]\n", text);
        Assert.DoesNotContain("<!channel>", text);
        Assert.Contains("Error: disk full at the end", text); // the end of the log, where the error is
        Assert.Contains("\n<https://hub.example/Jobs/Details?id=nas-01%2Fdocs|Open the job>", text);
        Assert.True(text.Length < 4000, $"{text.Length} characters"); // 3,000 shortened, then longer by the escapes
    }

    [Fact]
    public void Telegram_stays_under_its_4096_characters_with_the_chat_to_fill_in()
    {
        var body = Rendered("telegram");
        var text = body.GetProperty("text").GetString()!;

        Assert.Equal("CHAT ID", body.GetProperty("chat_id").GetString());
        Assert.InRange(text.Length, 1000, 4096);
        Assert.StartsWith("Backup \"Documents\" on nas-01 <!channel> & co failed\n\nThe backup failed", text);
        Assert.EndsWith("Acknowledge: https://hub.example/ack/abc", text);
        Assert.True(body.GetProperty("link_preview_options").GetProperty("is_disabled").GetBoolean());
    }

    [Fact]
    public void Teams_gets_an_adaptive_card_with_a_button_per_link()
    {
        var attachment = Rendered("teams").GetProperty("attachments")[0];
        var card = attachment.GetProperty("content");

        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("Backup \"Documents\" on nas-01 <!channel> & co failed", card.GetProperty("body")[0].GetProperty("text").GetString());
        var actions = card.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(["Open the job", "Acknowledge"], actions.Select(a => a.GetProperty("title").GetString()));
        Assert.All(actions, action => Assert.Equal("Action.OpenUrl", action.GetProperty("type").GetString()));
        // Markdown runs lines with one break between them together: each of the log's lines is a paragraph.
        var text = card.GetProperty("body")[1].GetProperty("text").GetString()!;
        Assert.StartsWith("The backup failed: disk full.\n\n[…]\n\nline ", text); // shortened: its first paragraph and its end
        Assert.Contains("🔔 <ok>\n\nline ", text);
        Assert.EndsWith("\n\nError: disk full at the end", text);
        Assert.DoesNotContain("\n\n\n", text);
    }

    [Fact]
    public void Teams_without_links_has_an_empty_list_of_actions()
    {
        var body = WebhookBody.Render(Hostile with { Links = [] }, Preset("teams").Template);

        Assert.Equal(0, JsonDocument.Parse(body).RootElement.GetProperty("attachments")[0].GetProperty("content").GetProperty("actions").GetArrayLength());
    }

    [Fact]
    public void Gotify_gets_the_priority_as_a_number_and_plain_text()
    {
        var body = Rendered("gotify");

        Assert.Equal(5, body.GetProperty("priority").GetInt32());
        Assert.Equal(Hostile.Title, body.GetProperty("title").GetString());
        Assert.StartsWith(Hostile.Body, body.GetProperty("message").GetString()); // Gotify takes long messages whole
        Assert.Equal("text/plain", body.GetProperty("extras").GetProperty("client::display").GetProperty("contentType").GetString());
        Assert.Equal("X-Gotify-Key", Preset("gotify").Headers!.Split(':')[0]);
    }

    [Theory]
    [InlineData(NotificationKind.Failure, "failure")]
    [InlineData(NotificationKind.Warning, "warning")]
    [InlineData(NotificationKind.Success, "success")]
    [InlineData(NotificationKind.Info, "info")]
    [InlineData(NotificationKind.System, "info")] // Apprise has no "system": it refuses a type it does not know
    public void Apprise_gets_each_kind_as_one_of_its_four_types(NotificationKind kind, string type)
    {
        var body = JsonDocument.Parse(WebhookBody.Render(Hostile with { Kind = kind }, Preset("apprise").Template)).RootElement;

        Assert.Equal(type, body.GetProperty("type").GetString());
        Assert.Equal(("text", Hostile.Title), (body.GetProperty("format").GetString(), body.GetProperty("title").GetString()));
        Assert.StartsWith(Hostile.Body, body.GetProperty("body").GetString());
        Assert.EndsWith("Acknowledge: https://hub.example/ack/abc", body.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("google-chat", 3500)]
    [InlineData("mattermost", 4000)]
    public void Chat_services_get_one_text_with_the_log_shortened(string id, int room)
    {
        var text = Rendered(id).GetProperty("text").GetString()!;

        Assert.Contains("Error: disk full at the end", text);
        Assert.InRange(text.Length, room - 200, room + 300);
        Assert.Contains("https://hub.example/ack/abc", text);
        Assert.Contains("\n```\nThe backup failed: disk full.", text); // in a code block: a mention in a log is not obeyed
    }

    [Theory]
    [InlineData("google-chat")]
    [InlineData("mattermost")]
    public void Chat_services_without_an_escape_get_mentions_and_code_fences_that_do_nothing(string id)
    {
        var notice = Hostile with { Title = "Backup of web-<users/all> failed @channel", Body = "step 1\n```\n@channel @all <users/all> look here\n```\nend" };

        var text = JsonDocument.Parse(WebhookBody.Render(notice, Preset(id).Template)).RootElement.GetProperty("text").GetString()!;

        Assert.DoesNotMatch("@(channel|all|here)|<users/all>", text);
        Assert.Equal(2, text.Split("```").Length - 1); // only the preset's own fence, opened and closed
        Assert.Contains("@\u200Bchannel", text);
    }

    [Theory]
    [InlineData("""{"t": "{{shorten body}}"}""", "shorten takes a value and a number")]
    [InlineData("""{"t": "{{shorten body "many"}}"}""", "shorten takes a value and a number")]
    [InlineData("""{"t": "{{escapeSlack title body}}"}""", "escapeSlack takes one value")]
    [InlineData("""{"t": "{{paragraphs}}"}""", "paragraphs takes one value")]
    [InlineData("""{"t": "{{noMentions title body}}"}""", "noMentions takes one value")]
    [InlineData("""{"t": "{{map kind}}"}""", "map takes a value and what to write")]
    [InlineData("""{"t": "{{map kind title system="info"}}"}""", "map takes a value and what to write")]
    public void A_helper_used_wrongly_is_refused_with_how_to_use_it(string template, string expected) =>
        Assert.Contains(expected, WebhookBody.Check(template));

    [Fact]
    public void A_misspelt_variable_is_told_the_helpers_too() =>
        Assert.Contains("{{shorten body 3000}}", WebhookBody.Check("""{"t": "{{bdy}}"}"""));

    [Theory]
    [InlineData("CHAT ID", true)]
    [InlineData("-1001234567890", true)]
    [InlineData("@backups", true)]
    [InlineData("a\" , \"b", false)]
    public void Telegrams_body_is_known_with_its_chat_filled_in_or_not(string chat, bool known) =>
        Assert.Equal(known, Preset("telegram").Fills(Preset("telegram").Template.Replace("CHAT ID", chat).Replace("\n", "\r\n")));

    [Fact]
    public void A_body_edited_beyond_its_placeholder_is_no_longer_the_services()
    {
        Assert.False(Preset("telegram").Fills(Preset("telegram").Template.Replace("link_preview_options", "x")));
        Assert.False(Preset("slack").Fills(Preset("slack").Template + " {}"));
        Assert.True(Preset("default").Fills("  "));
    }

    [Fact]
    public void Telegrams_chat_left_as_it_came_is_refused_when_the_channel_is_saved()
    {
        var unfilled = new WebhookSettings { Url = "https://api.telegram.org/bot1:x/sendMessage", BodyTemplate = Preset("telegram").Template };
        var filled = new WebhookSettings { Url = unfilled.Url, BodyTemplate = Preset("telegram").Template.Replace("CHAT ID", "-1001234567890") };

        Assert.Equal(("BodyTemplate", "Replace CHAT ID in the body with your own value: Telegram refuses a message with it."), Assert.Single(unfilled.Validate()));
        Assert.Empty(filled.Validate());
    }
}
