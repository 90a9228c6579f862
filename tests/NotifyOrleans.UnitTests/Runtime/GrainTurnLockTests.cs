using NotifyOrleans.Infrastructure.Runtime;

namespace NotifyOrleans.UnitTests.Runtime;

public sealed class GrainTurnLockTests
{
    private readonly GrainTurnLock _lock = new();

    [Fact]
    public async Task Turns_of_the_same_grain_run_one_at_a_time()
    {
        var inside = 0;
        var maxInside = 0;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            using (await _lock.EnterAsync("user/a", CancellationToken.None))
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                await Task.Delay(2);
                Interlocked.Decrement(ref inside);
            }
        })));

        Assert.Equal(1, maxInside);
    }

    [Fact]
    public async Task Turns_of_different_grains_do_not_wait_for_each_other()
    {
        using var first = await _lock.EnterAsync("user/a", CancellationToken.None);

        var second = _lock.EnterAsync("user/b", CancellationToken.None);

        Assert.True(second.IsCompletedSuccessfully);
        (await second).Dispose();
    }

    [Fact]
    public async Task The_lock_forgets_a_grain_when_no_turn_holds_or_awaits_it()
    {
        using (await _lock.EnterAsync("user/a", CancellationToken.None)) Assert.Equal(1, _lock.ActiveKeys);

        Assert.Equal(0, _lock.ActiveKeys);
    }

    [Fact]
    public async Task A_cancelled_wait_gives_up_without_blocking_later_turns()
    {
        var held = await _lock.EnterAsync("user/a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = _lock.EnterAsync("user/a", cancel.Token);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();

        using var next = await _lock.EnterAsync("user/a", CancellationToken.None);
        Assert.Equal(1, _lock.ActiveKeys);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
