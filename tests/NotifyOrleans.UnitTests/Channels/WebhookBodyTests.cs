using NotifyOrleans.Infrastructure.Channels.Webhook;

namespace NotifyOrleans.UnitTests.Channels;

/// <summary>
/// A webhook's body template is checked before it is saved: Handlebars writes a name that resolves
/// to nothing as nothing, so a misspelt variable would have sent an empty value at every send.
/// </summary>
public sealed class WebhookBodyTests
{
    [Theory]
    [InlineData("""{"text": "{{titel}}"}""", "\"titel\"")]
    [InlineData("""{"size": "{{fields.Sise}}"}""", "\"fields.Sise\"")]
    [InlineData("""{"links": [{{#each links}}"{{adress}}"{{/each}}]}""", "\"adress\"")]
    public void A_name_a_notice_does_not_have_is_refused_by_name(string template, string named)
    {
        var error = WebhookBody.Check(template);

        Assert.NotNull(error);
        Assert.Contains($"names {named}, which a notice does not have", error);
        Assert.Contains("title", error); // and says what there is
    }

    [Theory]
    [InlineData("""{"text": "{{title}}: {{body}}", "at": "{{occurredAt}}", "p": {{priority}}, "kind": "{{kind}}", "type": "{{eventType}}"}""")]
    [InlineData("""{"size": "{{fields.Size}}", "ip": "{{fields.[IP address]}}", "error": "{{#if fields.Error}}{{fields.Error}}{{/if}}"}""")]
    [InlineData("""{"links": [{{#each links}}{"label": "{{label}}", "url": "{{url}}"}{{#unless @last}},{{/unless}}{{/each}}]}""")]
    public void Every_name_a_notice_has_is_accepted(string template) => Assert.Null(WebhookBody.Check(template));

    [Theory]
    [InlineData("""{"text": "{{{body}}}"}""")]
    [InlineData("""{"text": "{{{fields.Error}}}", "title": "{{title}}"}""")]
    public void A_value_written_without_escaping_is_refused_before_it_breaks_a_send(string template)
    {
        var error = WebhookBody.Check(template);

        Assert.NotNull(error);
        Assert.Contains("writes a value without escaping it", error);
    }

    [Fact]
    public void A_line_break_the_template_puts_in_a_string_is_named_with_the_line_it_is_on()
    {
        var error = WebhookBody.Check("{\n  \"text\": \"{{title}}\n{{body}}\"\n}");

        Assert.NotNull(error);
        Assert.Contains("(a line break inside a string)", error);
        Assert.DoesNotContain("0x0A", error);
        Assert.Contains("It made, on line 2:   \"text\": \"", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"text": "{{title}}"}""")]
    public void Emoji_and_markup_are_sent_as_themselves_and_quotes_escaped(string? template)
    {
        var message = new NotifyOrleans.Domain.Notifications.NotificationMessage("backup.failure", NotifyOrleans.Domain.Notifications.NotificationKind.Failure,
            "❌ <b>Documents</b> \"failed\"", "ok", null, [], [], DateTimeOffset.UnixEpoch, 3);

        var body = WebhookBody.Render(message, template);

        Assert.Contains("❌ <b>Documents</b> \\\"failed\\\"", body); // the JSON text: ❌ <b>Documents</b> \"failed\"
        using var parsed = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(message.Title, parsed.RootElement.GetProperty(template is null ? "title" : "text").GetString());
    }

    [Fact]
    public void A_field_a_notice_lacks_renders_empty_when_sent_as_before()
    {
        var message = new NotifyOrleans.Domain.Notifications.NotificationMessage("backup.success", NotifyOrleans.Domain.Notifications.NotificationKind.Success,
            "Backup done", "ok", null, [], [], DateTimeOffset.UnixEpoch, 3);

        Assert.Equal("""{"error": ""}""", WebhookBody.Render(message, """{"error": "{{fields.Error}}"}"""));
    }
}
