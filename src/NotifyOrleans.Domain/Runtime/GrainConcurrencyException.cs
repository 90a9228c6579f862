namespace NotifyOrleans.Domain.Runtime;

/// <summary>
/// Another node wrote the same grain's state first. The runtime reloads the state and replays the
/// turn; grains never see this unless every retry lost the race.
/// </summary>
public sealed class GrainConcurrencyException(string grainType, string key, Exception? inner = null)
    : Exception($"Grain {grainType}/{key} was written concurrently by another node.", inner);
