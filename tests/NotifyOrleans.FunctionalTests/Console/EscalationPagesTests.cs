using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.Domain.Grains.BackupJobs;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Channels.Webhook;
using NotifyOrleans.Infrastructure.Jobs;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Console;

/// <summary>Escalation steps edited in the console: the global default on the Notifications page, a job's own on its page.</summary>
public abstract class EscalationPagesTests(DatabaseProvider provider) : ConsoleTestBase(provider)
{
    private async Task<T> DefaultsAsync<T>(Func<JobDefaults, Task<T>> read)
    {
        using var scope = App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<JobDefaults>());
    }

    [Fact]
    public async Task The_global_policy_is_saved_from_the_notifications_page_and_a_bad_step_is_named_at_its_row()
    {
        var admin = await SetUpAdminAsync();
        var pager = await new DeliveryHarness(App).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });
        var step = new Dictionary<string, string>
        {
            ["Escalation.Steps[0].Trigger"] = "after", ["Escalation.Steps[0].Value"] = "soon",
            ["Escalation.Steps[0].Channels"] = pager.ToString(), ["Escalation.Steps[0].Priority"] = "urgent",
            ["ApplyDetectedSchedules"] = "true", ["OnlyFirstFailure"] = "true",
        };

        var refused = await admin.SubmitAsync("/Notifications", step, "#defaults-form");
        var refusedPage = await FormClient.ParseAsync(refused);
        var afterRefusal = await DefaultsAsync(d => d.GetEscalationAsync());
        var onlyFirstAfterRefusal = await DefaultsAsync(d => d.GetOnlyFirstFailureAsync());
        step["Escalation.Steps[0].Value"] = "2h";
        var saved = await admin.SubmitAsync("/Notifications", step, "#defaults-form");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        // In a person's words next to the field, not the API's ("escalation[0].after is a duration …, or null.").
        Assert.StartsWith("Enter a duration like", refusedPage.QuerySelector("[data-field-error='Escalation.Steps[0].Value']")!.TextContent.Trim());
        Assert.DoesNotContain("null", refusedPage.QuerySelector("[data-field-error='Escalation.Steps[0].Value']")!.TextContent);
        Assert.DoesNotContain("leave it empty", refusedPage.QuerySelector("[data-field-error='Escalation.Steps[0].Value']")!.TextContent); // an empty value is refused too
        Assert.Empty(afterRefusal); // nothing half-written
        Assert.False(onlyFirstAfterRefusal);
        Assert.NotNull(refusedPage.QuerySelector("input#OnlyFirstFailure[checked]")); // the box comes back as it was sent
        // The message reads across the row below the step (its column is 7rem wide), tied to its field.
        var errorRow = refusedPage.QuerySelector("tr[data-step-errors='0']")!;
        Assert.NotNull(errorRow.QuerySelector("[data-field-error='Escalation.Steps[0].Value']"));
        Assert.Equal(errorRow.QuerySelector("td")!.Id, refusedPage.QuerySelector("input[name='Escalation.Steps[0].Value']")!.GetAttribute("aria-describedby"));
        // The form comes back as it was sent: one empty row to add a channel with, not one more per showing.
        Assert.Single(refusedPage.QuerySelectorAll("#assignments option"), option => option.TextContent == "+ add a channel…");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal([new EscalationStep(TimeSpan.FromHours(2), null, [pager], 5)], (await DefaultsAsync(d => d.GetEscalationAsync())).Select(s => s with { Channels = [.. s.Channels] }).ToList(), new StepComparer());
        Assert.True(await DefaultsAsync(d => d.GetApplyDetectedSchedulesAsync()));
        Assert.True(await DefaultsAsync(d => d.GetOnlyFirstFailureAsync()));
    }

    [Fact]
    public async Task A_job_gets_steps_of_its_own_on_its_page_naming_channels_and_people_and_can_go_back_to_the_default()
    {
        var admin = await SetUpAdminAsync();
        await CreateMemberAsync(admin);
        var member = await QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.Email == MemberEmail));
        var pager = await new DeliveryHarness(App).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });
        var key = await Api.ApiClient.CreateIngestKeyAsync(App);
        var report = await App.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent("""{"server":"nas-01","job":"documents","status":"success"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(report.IsSuccessStatusCode);
        const string page = "/Jobs/Details?id=nas-01%2Fdocuments";
        var typedUnderDefault = await admin.SubmitAsync(page, new Dictionary<string, string>
        {
            ["EscalationForm.UseDefault"] = "true", ["EscalationForm.Steps[0].Trigger"] = "after", ["EscalationForm.Steps[0].Value"] = "30m",
            ["EscalationForm.Steps[0].Channels"] = pager.ToString(),
        }, "#escalation-form");

        var own = await admin.SubmitAsync(page, new Dictionary<string, string>
        {
            ["EscalationForm.UseDefault"] = "false",
            ["EscalationForm.Steps[0].Trigger"] = "failures", ["EscalationForm.Steps[0].Value"] = "3",
            ["EscalationForm.Steps[0].Channels"] = pager.ToString(), ["EscalationForm.Steps[0].Users"] = member.Id,
            ["EscalationForm.Steps[0].Priority"] = "high",
        }, "#escalation-form");
        var withOwn = await QueryJobAsync();
        var shown = await admin.GetDocumentAsync(page);
        var back = await admin.SubmitAsync(page, new Dictionary<string, string> { ["EscalationForm.UseDefault"] = "true" }, "#escalation-form");

        // Steps typed with "follow the default" still ticked are refused, said beside the box, not dropped in silence.
        Assert.Equal(HttpStatusCode.OK, typedUnderDefault.StatusCode);
        Assert.StartsWith("Untick “Follow the global default”", (await FormClient.ParseAsync(typedUnderDefault)).QuerySelector("[data-field-error='EscalationForm.UseDefault']")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        var step = Assert.Single(withOwn!.Settings.Escalation!);
        Assert.Equal((null, 3, pager, 4, member.Id), (step.After, step.AfterFailures, Assert.Single(step.Channels), step.Priority, Assert.Single(step.People)));
        Assert.Contains($"After 3 failures in a row: Pager, Max Member ({MemberEmail}) (email), high priority", shown.QuerySelector("#escalation")!.TextContent);
        var ticked = shown.QuerySelector($"input[name='EscalationForm.Steps[0].Users'][value='{member.Id}']")!;
        Assert.True(ticked.HasAttribute("checked"));
        Assert.Equal($"Max Member ({MemberEmail})", shown.QuerySelector($"label[for='{ticked.Id}']")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Null((await QueryJobAsync())!.Settings.Escalation);
    }

    [Fact]
    public async Task A_step_typed_into_a_spare_row_counts_the_incidents_time_unless_told_otherwise()
    {
        var admin = await SetUpAdminAsync();
        var pager = await new DeliveryHarness(App).AddChannelAsync("Pager", new WebhookSettings { Url = "http://127.0.0.1:9/pager" });

        // What "Counted in" the row offers is left as the page has it: a time and a channel typed in were dropped on "(no step)".
        var saved = await admin.SubmitAsync("/Notifications", new Dictionary<string, string>
        {
            ["Escalation.Steps[0].Value"] = "4h", ["Escalation.Steps[0].Channels"] = pager.ToString(),
        }, "#defaults-form");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var step = Assert.Single(await DefaultsAsync(d => d.GetEscalationAsync()));
        Assert.Equal((TimeSpan.FromHours(4), pager), (step.After, Assert.Single(step.Channels)));
    }

    private Task<BackupJobSnapshot?> QueryJobAsync() => QueryAsync(db => new JobQueries(db).FindAsync("nas-01/documents"));

    private sealed class StepComparer : IEqualityComparer<EscalationStep>
    {
        public bool Equals(EscalationStep? a, EscalationStep? b) =>
            a is not null && b is not null && a.After == b.After && a.AfterFailures == b.AfterFailures && a.Priority == b.Priority && a.Channels.SequenceEqual(b.Channels);

        public int GetHashCode(EscalationStep step) => step.Priority;
    }
}

public sealed class EscalationPagesTestsOnSqlite() : EscalationPagesTests(DatabaseProvider.Sqlite);
// SQLite only: the forms are read in memory; the escalation they set is tested on both databases (EscalationTests).
