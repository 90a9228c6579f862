namespace NotifyOrleans.Infrastructure.Delivery;

/// <summary>Exponential backoff with ±20 % jitter, so a recovered destination is not hit by every row at once.</summary>
public static class RetrySchedule
{
    public static TimeSpan Delay(int attempts, TimeSpan first, TimeSpan max, Random? random = null)
    {
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 20);
        var delay = Math.Min(first.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        var jitter = 0.8 + (random ?? Random.Shared).NextDouble() * 0.4;
        return TimeSpan.FromMilliseconds(delay * jitter);
    }
}
