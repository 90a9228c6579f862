using Microsoft.Extensions.Time.Testing;
using NotifyOrleans.Domain.Grains.Users;
using NotifyOrleans.Domain.Runtime;
using NotifyOrleans.UnitTests.Support;

namespace NotifyOrleans.UnitTests.Grains;

public sealed class UserGrainTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryState<UserState> _state = new();
    private readonly UserGrain _grain;

    public UserGrainTests() =>
        _grain = new UserGrain(new GrainContext<UserState>("user-1", _state, new RecordingReminders(), _clock));

    [Fact]
    public async Task A_new_user_has_the_default_preferences_and_no_logins()
    {
        var snapshot = await _grain.GetSnapshotAsync();

        Assert.Equal(NotificationPreferences.Default, snapshot.Preferences);
        Assert.Equal(0, snapshot.LoginCount);
        Assert.Null(snapshot.LastLoginAt);
        Assert.Equal(0, _state.Writes);
    }

    [Fact]
    public async Task Updating_preferences_stores_them_with_the_time_of_the_change()
    {
        _clock.Advance(TimeSpan.FromHours(3));

        await _grain.UpdatePreferencesAsync(new NotificationPreferences("Europe/Paris", EmailOnOwnLogin: true));

        var snapshot = await _grain.GetSnapshotAsync();
        Assert.Equal(new NotificationPreferences("Europe/Paris", true), snapshot.Preferences);
        Assert.Equal(_clock.GetUtcNow(), snapshot.PreferencesUpdatedAt);
        Assert.Equal(1, _state.Writes);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_unknown_time_zone_is_refused_and_nothing_is_written(string zone)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _grain.UpdatePreferencesAsync(new NotificationPreferences(zone, true)));

        Assert.Equal(0, _state.Writes);
        Assert.Equal("UTC", _state.State.TimeZoneId);
        Assert.False(_state.State.EmailOnOwnLogin);
    }

    [Fact]
    public async Task Each_login_is_counted_and_the_last_one_remembered()
    {
        await _grain.RecordLoginAsync();
        _clock.Advance(TimeSpan.FromMinutes(90));
        await _grain.RecordLoginAsync();

        var snapshot = await _grain.GetSnapshotAsync();
        Assert.Equal(2, snapshot.LoginCount);
        Assert.Equal(_clock.GetUtcNow(), snapshot.LastLoginAt);
        Assert.Equal(2, _state.Writes);
    }
}
