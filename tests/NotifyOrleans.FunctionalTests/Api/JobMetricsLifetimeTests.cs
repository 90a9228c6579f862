using NotifyOrleans.Web.Api;

namespace NotifyOrleans.FunctionalTests.Api;

/// <summary>
/// A process that hosts one app after another (this test process) must be able to let each one go.
/// prometheus-net keeps the registry's before-scrape callback in a queue of the thread that added it,
/// reachable for as long as that thread lives; a callback holding the metrics held their whole app.
/// </summary>
public sealed class JobMetricsLifetimeTests
{
    [Fact]
    public async Task Metrics_no_longer_referenced_are_collected_though_a_pool_thread_added_their_callback()
    {
        var metrics = await Task.Run(() => new WeakReference(new JobMetrics(null!, null!, TimeProvider.System)));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(metrics.IsAlive, "The metrics (and with them their app's services and silo) are still reachable after a full collection.");
    }
}
