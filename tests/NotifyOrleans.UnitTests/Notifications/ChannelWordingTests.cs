using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Infrastructure.Notifications;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Notifications.Templates;

namespace NotifyOrleans.UnitTests.Notifications;

/// <summary>
/// A kind of channel's own wording: checked for the parts that kind has, rendered beside the
/// shared template, and what each kind of channel sends (<see cref="NotificationMessage.For"/>).
/// </summary>
public sealed class ChannelWordingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);

    /// <summary>Nothing saved: the store holds the built-in templates and no wordings, and is never asked to read the database.</summary>
    private static readonly TemplateRenderer Renderer = new(new TemplateStore(null!));

    private static TemplateDraft Draft(string title = "{{backupName}}", string body = "{{serverName}}", int priority = 3, string tags = "",
        string htmlBody = "", string fields = "") => new(title, body, priority, tags, htmlBody, fields);

    [Theory]
    [InlineData("Server = {{serverName}}\nno equals sign", "Line 2: write the field's name")]
    [InlineData("= {{serverName}}", "Line 1: write the field's name")]
    [InlineData("Server = {{sever}}", "Line 1 (Server): Unknown variable \"sever\"")]
    [InlineData("Server =", "Line 1 (Server): The value cannot be empty.")]
    [InlineData("{{serverName}} = x", "Line 1: the name is plain text")]
    public void Discord_fields_are_checked_a_line_at_a_time(string fields, string message)
    {
        var problem = Assert.Single(TemplateCheck.Problems(Draft(fields: fields), ChannelKind.Discord));

        Assert.Equal("fields", problem.Field);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void Only_the_parts_a_kind_has_are_checked()
    {
        var everything = Draft(priority: 9, tags: "not a tag!", htmlBody: "{{nope}}", fields: "no equals");

        Assert.Equal(["priority", "tags"], TemplateCheck.Problems(everything).Select(p => p.Field));
        Assert.Equal(["htmlBody"], TemplateCheck.Problems(everything, ChannelKind.Email).Select(p => p.Field));
        Assert.Equal(["fields"], TemplateCheck.Problems(everything, ChannelKind.Discord).Select(p => p.Field));
        Assert.Equal(["priority", "tags"], TemplateCheck.Problems(everything, ChannelKind.Ntfy).Select(p => p.Field));
        Assert.Empty(TemplateCheck.Problems(everything, ChannelKind.Webhook));
    }

    [Fact]
    public void An_html_body_may_not_write_a_value_unescaped()
    {
        var raw = Draft(htmlBody: "<p>{{backupName}}</p><pre>{{{errorDetails}}}</pre>");
        var commented = Draft(htmlBody: "<p>{{backupName}}</p>{{!-- was {{{errorDetails}}} --}}");

        var problem = Assert.Single(TemplateCheck.Problems(raw, ChannelKind.Email));

        Assert.Equal("htmlBody", problem.Field);
        Assert.Equal("\"{{{errorDetails}}}\" writes the value without HTML escaping: text from a backup report could put markup into the mail. Write {{errorDetails}}.", problem.Message);
        Assert.Empty(TemplateCheck.Problems(commented, ChannelKind.Email));
    }

    [Fact]
    public void More_fields_than_Discord_shows_are_refused()
    {
        var fields = string.Join("\n", Enumerable.Range(1, TemplateCheck.MaxFields + 1).Select(i => $"F{i} = {{{{serverName}}}}"));

        Assert.Contains("At most 25 fields", Assert.Single(TemplateCheck.Problems(Draft(fields: fields), ChannelKind.Discord)).Message);
    }

    [Fact]
    public void Each_kind_sends_its_own_wording_and_a_kind_without_one_the_shared_template()
    {
        var context = TemplateSamples.For(EventTypes.BackupFailure, Now) with { ErrorDetails = "<disk> & more" };
        var email = Draft("MAIL {{backupName}}", "text {{backupName}}", htmlBody: "<p><b>{{backupName}}</b> {{errorDetails}}</p>");

        var message = Renderer.Preview(EventTypes.BackupFailure, ChannelKind.Email, email, context);

        var mail = message.For(ChannelKind.Email);
        Assert.Equal("MAIL Documents", mail.Title);
        Assert.Equal("text Documents", mail.Body);
        Assert.Equal("<p><b>Documents</b> &lt;disk&gt; &amp; more</p>", mail.HtmlBody); // HTML: the values escaped
        Assert.Null(mail.Variants);
        var push = message.For(ChannelKind.Ntfy);
        Assert.Equal("❌ Backup Documents on nas-01 failed", push.Title);
        Assert.Equal(message.Priority, push.Priority);
        Assert.Null(push.HtmlBody);
    }

    [Fact]
    public void The_error_is_said_once_and_kept_as_a_field_where_a_wording_leaves_it_out()
    {
        var context = TemplateSamples.For(EventTypes.BackupFailure, Now) with { ErrorDetails = "Access to /srv/photos was denied." };

        var shared = Renderer.Preview(EventTypes.BackupFailure, null, Draft("{{backupName}}", "Failed.\n\n{{errorDetails}}"), context);
        var withoutIt = Renderer.Preview(EventTypes.BackupFailure, ChannelKind.Email, Draft("{{backupName}}", "{{backupName}} failed."), context);

        Assert.Contains("Access to /srv/photos was denied.", shared.Body);
        Assert.DoesNotContain(shared.FieldsToShow(), f => f.Name == "Error"); // the body ends with it already
        Assert.Contains(shared.FieldsToShow(), f => f.Name == "Server");
        Assert.Equal("Access to /srv/photos was denied.", Assert.Single(withoutIt.For(ChannelKind.Email).FieldsToShow(), f => f.Name == "Error").Value);
        // Kept for a webhook's receiver, which reads fields.Error whatever the body says.
        var webhook = System.Text.Json.JsonDocument.Parse(WebhookBody.Render(shared, "{\"err\":\"{{fields.Error}}\"}"));
        Assert.Equal("Access to /srv/photos was denied.", webhook.RootElement.GetProperty("err").GetString());
    }

    [Fact]
    public void An_error_an_email_wording_says_in_its_html_is_not_said_again_as_a_field()
    {
        // Quotes, <, > and & come escaped in HTML: the text said is still the same error.
        var context = TemplateSamples.For(EventTypes.BackupFailure, Now) with { ErrorDetails = "Exit code 2: \"disk\" isn't <ready> & full" };
        var email = Draft("{{backupName}}", "{{errorDetails}}", htmlBody: "<p>{{errorDetails}}</p>");

        var message = Renderer.Preview(EventTypes.BackupFailure, ChannelKind.Email, email, context);

        Assert.Contains("&lt;ready&gt;", message.For(ChannelKind.Email).HtmlBody);
        Assert.DoesNotContain(message.For(ChannelKind.Email).FieldsToShow(), f => f.Name == "Error");
    }

    [Fact]
    public void A_failure_of_an_acknowledged_incident_shows_who_acknowledged_it_as_a_field()
    {
        var context = TemplateSamples.For(EventTypes.BackupFailure, Now) with { AcknowledgedBy = "ada@example.test", AcknowledgedAt = Now.AddHours(-1) };

        var message = Renderer.Preview(EventTypes.BackupFailure, null, Draft(), context);

        Assert.Equal("by ada@example.test, 2026-11-30 22:00 UTC", Assert.Single(message.Fields, f => f.Name == "Acknowledged").Value);
        Assert.DoesNotContain(Renderer.Preview(EventTypes.BackupFailure, null, Draft(), TemplateSamples.For(EventTypes.BackupFailure, Now)).Fields, f => f.Name == "Acknowledged");
    }

    [Fact]
    public void Discord_fields_render_without_the_empty_ones_and_long_values_take_the_width()
    {
        var context = TemplateSamples.For(EventTypes.BackupFailure, Now);
        var discord = Draft(fields: "Machine = {{serverName}}\nExpected = {{expectedAt}}\nError = {{errorDetails}}");

        var fields = Renderer.Preview(EventTypes.BackupFailure, ChannelKind.Discord, discord, context).For(ChannelKind.Discord).Fields;

        Assert.Equal(["Machine", "Error"], fields.Select(f => f.Name)); // a failure has no expected time
        Assert.True(fields[0].Inline);
        Assert.False(fields[1].Inline);
    }

    [Fact]
    public void An_ntfy_wording_has_its_priority_and_tags_but_an_escalation_step_priority_wins()
    {
        var context = TemplateSamples.For(EventTypes.BackupFailure, Now);
        var ntfy = Draft(priority: 1, tags: "quiet");

        var message = Renderer.Preview(EventTypes.BackupFailure, ChannelKind.Ntfy, ntfy, context);

        Assert.Equal(1, message.For(ChannelKind.Ntfy).Priority);
        Assert.Equal(["quiet"], message.For(ChannelKind.Ntfy).Tags);
        Assert.Equal(4, message.WithPriority(4).For(ChannelKind.Ntfy).Priority);
        Assert.Equal(4, message.WithPriority(4).For(ChannelKind.Email).Priority);
    }

    [Fact]
    public void A_test_says_so_in_every_wordings_title()
    {
        var context = TemplateSamples.For(EventTypes.BackupFailure, Now);
        var discord = Draft(title: "Discord: {{backupName}}");

        var test = Renderer.Preview(EventTypes.BackupFailure, ChannelKind.Discord, discord, context).AsTest();

        Assert.Equal("[Test] Discord: Documents", test.For(ChannelKind.Discord).Title);
        Assert.StartsWith("[Test] ", test.For(ChannelKind.Email).Title);
    }

    [Theory]
    [InlineData(2, "with 2 warnings.")]
    [InlineData(0, "with warnings.")] // the runs API reports a warning without a count: never "0 warnings"
    public void A_warning_notice_counts_its_warnings_only_when_the_report_did(int count, string says)
    {
        var context = TemplateSamples.For(EventTypes.BackupWarning, Now) with { WarningCount = count };

        Assert.Contains(says, Renderer.Render(EventTypes.BackupWarning, context).Body);
    }
}
