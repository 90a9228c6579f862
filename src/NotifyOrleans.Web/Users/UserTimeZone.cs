using NotifyOrleans.Domain.Grains.Users;
using Orleans;

namespace NotifyOrleans.Web.Users;

/// <summary>The zone a new account reads times in, chosen on the form that made it (Setup, Add user).</summary>
public static class UserTimeZone
{
    public static async Task UseTimeZoneAsync(this IGrainFactory grains, string userId, string timeZoneId, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IUserGrain>(userId);
        var preferences = (await grain.GetSnapshotAsync(cancellationToken)).Preferences;
        if (preferences.TimeZoneId != timeZoneId)
            await grain.UpdatePreferencesAsync(preferences with { TimeZoneId = timeZoneId }, cancellationToken);
    }
}
