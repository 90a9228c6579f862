using NotifyOrleans.Infrastructure.Delivery;

namespace NotifyOrleans.Infrastructure.SystemEvents;

/// <summary>A system event was recorded: the router looks now.</summary>
public sealed class SystemEventSignal : WakeUpSignal;
