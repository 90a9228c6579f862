namespace NotifyOrleans.Domain.Runtime;

/// <summary>
/// Marks a grain interface: a virtual actor addressed by a string key. Every method is a
/// coarse async call that runs as one turn (one at a time per key, state written explicitly).
/// </summary>
public interface IGrainWithStringKey;
