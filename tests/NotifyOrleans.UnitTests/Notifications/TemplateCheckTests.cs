using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Notifications.Templates;

namespace NotifyOrleans.UnitTests.Notifications;

/// <summary>What keeps a template from being saved, and that the built-in templates pass the same checks.</summary>
public sealed class TemplateCheckTests
{
    private static List<(string Field, string Message)> Problems(string title, string body = "{{backupName}}", int priority = 3, string tags = "") =>
        TemplateCheck.Problems(new TemplateDraft(title, body, priority, tags));

    [Theory]
    [InlineData("{{backupName}} on {{serverName}}")]
    [InlineData("{{#if repeat}}Still failing{{else}}Failed{{/if}}: {{backupName}}")]
    [InlineData("{{#unless reportedLate}}now{{/unless}} {{! a comment }}")]
    [InlineData("{{~backupName~}} {{{errorDetails}}}")]
    [InlineData("No variables at all")]
    [InlineData("{{!-- was: {{bakup}} on {{#each x}} --}}{{backupName}}")] // a comment renders as nothing, so it is not checked
    public void Good_templates_pass(string title) => Assert.Empty(Problems(title));

    [Theory]
    [InlineData("{{bakupName}} failed", "Unknown variable \"bakupName\"")]
    [InlineData("{{#if bakupName}}x{{/if}}", "Unknown variable \"bakupName\"")]
    [InlineData("{{#each runs}}x{{/each}}", "Unknown helper \"each\"")]
    [InlineData("{{lookup . \"x\"}}", "Unknown helper \"lookup\"")]
    [InlineData("{{}}", "is empty")]
    [InlineData("{{#if backupName}}never closed", "Syntax error")]
    [InlineData("{{/if}}", "Syntax error")]
    [InlineData("{{> footer}}", "partials are not available")]
    [InlineData("{{backupName.length}}", "no parts; write {{backupName}}")]
    [InlineData("{{../serverName}}", "\"{{../serverName}}\": a path (../serverName) reads nothing here, every variable is at the top: write {{serverName}}.")] // was: Unknown variable ""
    [InlineData("{{#if ./status}}x{{/if}}", "write {{status}}")]
    [InlineData("{{#if}}x{{/if}}", "Syntax error: \"{{#if}}\" needs a variable to test")] // Handlebars threw InvalidOperationException
    [InlineData("{{#if backupName}}x{{/unless}}", "Syntax error: \"{{/unless}}\" would close \"{{#if backupName}}\": end that with {{/if}}.")]
    [InlineData("{{backupName", "Syntax error: Reached end of template before the expression was closed (line 1, column 12).")]
    public void A_bad_title_is_named_with_what_is_wrong(string title, string message)
    {
        var problem = Assert.Single(Problems(title));

        Assert.Equal("title", problem.Field);
        Assert.Contains(message, problem.Message);
    }

    [Theory]
    [InlineData("Failed.\n{{#if errorDetails}}\n{{errorDetails}}\n\nEnd.", "Syntax error on line 2: \"{{#if errorDetails}}\" is never closed: end it with {{/if}}.")]
    [InlineData("Failed.\n\n{{/if}}", "Syntax error on line 3: \"{{/if}}\" closes nothing")]
    [InlineData("{{!-- a\ncomment\n--}}\n{{#unless repeat}}x{{/if}}", "Syntax error on line 4: \"{{/if}}\" would close \"{{#unless repeat}}\" on line 4")]
    public void A_block_error_in_a_text_of_several_lines_names_its_line(string body, string message) =>
        Assert.StartsWith(message, Assert.Single(Problems("ok", body)).Message);

    [Fact]
    public void Body_priority_and_tags_are_checked_each_at_its_field()
    {
        Assert.Equal("body", Assert.Single(Problems("ok", body: "{{nope}}")).Field);
        Assert.Equal("body", Assert.Single(Problems("ok", body: new string('x', TemplateVersion.BodyMaxLength + 1))).Field);
        Assert.Equal("priority", Assert.Single(Problems("ok", priority: 6)).Field);
        Assert.Equal("tags", Assert.Single(Problems("ok", tags: "fine, not fine")).Field);
        Assert.Equal("tags", Assert.Single(Problems("ok", tags: string.Join(",", Enumerable.Range(0, 11).Select(i => $"t{i}")))).Field);
        Assert.Empty(Problems("ok", tags: "rotating_light, +1, backup-2"));
    }

    [Fact]
    public void Every_built_in_template_passes_the_checks_an_edited_one_must_pass()
    {
        foreach (var (eventType, template) in DefaultTemplates.ByEventType)
            Assert.Empty(TemplateCheck.Problems(TemplateDraft.Of(template), eventType: eventType));
    }

    [Theory]
    [InlineData(EventTypes.UserLogin, "LOGIN server={{serverName}}", "\"{{serverName}}\": this event's notices have no serverName, so it would always be empty.")]
    [InlineData(EventTypes.UserLogin, "{{#if acknowledgeUrl}}ack{{/if}}", "have no acknowledgeUrl")]
    [InlineData(EventTypes.BackupFailure, "{{userEmail}} failed", "have no userEmail")]
    [InlineData(EventTypes.UserWelcome, "from {{ipAddress}}", "have no ipAddress")] // the admin's address is not the new user's business
    [InlineData(EventTypes.ChannelTest, "{{backupName}}", "have no backupName")]
    public void A_variable_the_event_has_no_value_for_is_refused_as_it_would_be_empty(string eventType, string title, string message)
    {
        var problem = Assert.Single(TemplateCheck.Problems(new TemplateDraft(title, "{{timestamp}}", 3, ""), eventType: eventType));

        Assert.Equal("title", problem.Field);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void Each_event_has_the_variables_its_notices_fill()
    {
        Assert.Contains("ipAddress", TemplateVariables.Of(EventTypes.UserLogin));
        Assert.Contains("serverName", TemplateVariables.Of(EventTypes.RestoreFailed));
        Assert.Empty(TemplateCheck.Problems(new TemplateDraft("{{backupName}} on {{serverName}}: {{size}}", "{{acknowledgeUrl}}", 3, ""), eventType: EventTypes.BackupFailure));
        Assert.All(EventTypes.All, eventType => Assert.Subset(TemplateVariables.Names.ToHashSet(), TemplateVariables.Of(eventType).ToHashSet()));
    }

    [Theory]
    [InlineData("Hello {{serverName}", "Syntax error: \"{{serverName}\" is closed with one brace: write {{serverName}}.")]
    [InlineData("ok\n{{#if size}}{{size}{{/if}}", "Syntax error on line 2: \"{{size}\" is closed with one brace")]
    public void An_expression_closed_with_one_brace_is_said_in_words(string body, string message) =>
        Assert.StartsWith(message, Assert.Single(Problems("ok", body)).Message);

    [Fact]
    public void A_triple_stash_is_not_taken_for_an_expression_missing_a_brace() => Assert.Empty(Problems("ok", "{{{errorDetails}}}"));

    [Fact]
    public void The_editor_lists_exactly_the_variables_templates_receive()
    {
        var received = new NotificationContext().ToVariables().Keys.Order();

        Assert.Equal(received, TemplateVariables.All.Select(v => v.Name).Order());
        Assert.All(TemplateVariables.All, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
    }

    [Fact]
    public void A_browsers_CRLF_line_breaks_are_stored_and_sent_as_LF_also_from_a_version_stored_with_them()
    {
        var fromTheForm = new TemplateDraft("Failed", "{{backupName}} failed.\r\n\r\nCall ops.\r\n", 3, "", HtmlBody: "<p>x</p>\r\n<p>y</p>");
        var storedEarlier = new TemplateVersion { EventType = "backup.failure", Title = "Failed", Body = "a\r\nb", Priority = 3, Tags = "" };

        Assert.Equal(("{{backupName}} failed.\n\nCall ops.", "<p>x</p>\n<p>y</p>"), (fromTheForm.Normalized().Body, fromTheForm.Normalized().HtmlBody));
        Assert.Equal("a\nb", storedEarlier.ToDraft().Body);
        Assert.Equal(new TemplateDraft("Failed", "a\nb", 3, "").Normalized(), storedEarlier.ToDraft()); // the same words, whatever their line endings
    }
}
