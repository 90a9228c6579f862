namespace NotifyOrleans.Domain.Runtime;

/// <summary>Returns a reference to the grain with the given key; the grain need not exist yet.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
