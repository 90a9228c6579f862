namespace NotifyOrleans.Domain.Grains.Channels;

/// <summary>
/// One grain per channel with quiet hours, keyed by the channel's id: it turns what the quiet hours
/// held back into one digest when they end, once in the cluster however many nodes ask.
/// </summary>
[Alias("IChannelDigestGrain")]
public interface IChannelDigestGrain : IGrainWithStringKey
{
    /// <summary>Sends the held messages now due as one digest; returns how many it carried.</summary>
    [Alias("SendDigest")]
    Task<int> SendDigestAsync(CancellationToken cancellationToken = default);
}
