using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Api;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans;
using Orleans.Runtime;

namespace NotifyOrleans.FunctionalTests.Grains;

/// <summary>
/// While a dead node is being voted out of the cluster, calls to the grains it held are rejected
/// (a node the helper's pass killed answered reports with 500 for ten seconds; a backup tool gave
/// up on them). The rejection is made here as Orleans makes it, by a grain call filter of the test.
/// </summary>
public sealed class NodeLossTests : IAsyncDisposable
{
    private readonly RejectingFilter _filter = new();
    private readonly AppFactory _app;

    public NodeLossTests() => _app = new AppFactory(DatabaseProvider.Sqlite, configureServices: services => services.AddSingleton<IOutgoingGrainCallFilter>(_filter));

    [Fact]
    public async Task A_report_waits_while_its_jobs_node_is_voted_out_and_is_kept()
    {
        var key = await ApiClient.CreateIngestKeyAsync(_app);
        _filter.Reject("RecordRunAsync", times: 3);

        var response = await _app.CreateClient().PostAsync($"/api/v1/runs?key={key}",
            new StringContent("""{"server":"nas-01","job":"photos","status":"failure","runId":"r1"}""", Encoding.UTF8, "application/json"));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(4, _filter.Calls("RecordRunAsync")); // three rejected, the fourth taken
        using var scope = _app.Services.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDbContext>().BackupRuns.CountAsync(r => r.RunId == "r1"));
    }

    [Fact]
    public async Task A_call_that_cannot_wait_is_a_503_with_retry_after_not_a_500()
    {
        var api = new ApiClient(_app.CreateClient(), await ApiClient.CreateTokenAsync(_app, ApiAccess.ReadWrite));
        Assert.Equal(201, (await api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/photos", """{"grace":"1h"}""")).Status);
        _filter.Reject("ChangeSettingsAsync", times: int.MaxValue);

        var (status, problem, response) = await api.JsonAsync("PATCH", "/api/v1/jobs/nas-01/photos", """{"grace":"2h"}""");

        Assert.Equal(503, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Retry in a few seconds", problem!["detail"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain(_app.Problems.Lines, line => line.StartsWith("Error", StringComparison.Ordinal)); // expected: no fault with a stack trace
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Rejects calls of one grain method as Orleans does for a node that stopped answering.</summary>
    private sealed class RejectingFilter : IOutgoingGrainCallFilter
    {
        private readonly Dictionary<string, int> _calls = [];
        private string? _method;
        private int _rejectionsLeft;

        public void Reject(string method, int times)
        {
            lock (_calls) (_method, _rejectionsLeft) = (method, times);
        }

        public int Calls(string method)
        {
            lock (_calls) return _calls.GetValueOrDefault(method);
        }

        public Task Invoke(IOutgoingGrainCallContext context)
        {
            lock (_calls)
            {
                _calls[context.MethodName] = _calls.GetValueOrDefault(context.MethodName) + 1;
                if (context.MethodName == _method && _rejectionsLeft > 0)
                {
                    _rejectionsLeft--;
                    throw new SiloUnavailableException("Unable to connect to S127.0.0.1:11173 (a test's dead node)");
                }
            }

            return context.Invoke();
        }
    }
}
