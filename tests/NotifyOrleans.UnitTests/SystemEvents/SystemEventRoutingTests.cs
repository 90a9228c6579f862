using NotifyOrleans.Domain.Notifications;
using NotifyOrleans.Domain.SystemEvents;

namespace NotifyOrleans.UnitTests.SystemEvents;

public sealed class SystemEventRoutingTests
{
    private static readonly RoutableChannel Mail = new(Guid.NewGuid(), "Ops mail", ChannelKind.Email, true);
    private static readonly RoutableChannel Discord = new(Guid.NewGuid(), "Discord", ChannelKind.Discord, true);
    private static readonly RoutableChannel Phone = new(Guid.NewGuid(), "Phone", ChannelKind.Ntfy, true);
    private static readonly IReadOnlyList<RoutableChannel> Channels = [Mail, Discord, Phone];

    private static SystemNotificationSettings Settings(SystemEventType type, SystemEventSettings settings, params RoutableChannel[] global) =>
        SystemNotificationSettings.Default.With(type, settings) with { GlobalChannels = global.Select(c => c.Id).ToList() };

    private static SystemEventRoute Route(SystemNotificationSettings settings, SystemEventType type = SystemEventType.UserLogin, bool wants = true, string? throttled = null) =>
        SystemEventRouting.Route(type, settings, Channels, "max@example.test", wants, throttled);

    [Fact]
    public void An_event_that_is_off_tells_nobody_and_says_so()
    {
        var route = Route(SystemNotificationSettings.Default with { GlobalChannels = [Mail.Id] });

        Assert.Empty(route.Deliveries);
        Assert.Equal("User Login is switched off.", Assert.Single(route.NotTold));
    }

    [Theory]
    [InlineData(NotifyUserMode.Disabled, new[] { "Ops mail", "Discord" }, false)]
    [InlineData(NotifyUserMode.AdminAndUser, new[] { "Ops mail", "Discord" }, true)]
    [InlineData(NotifyUserMode.UserOnly, new string[0], true)]
    public void Each_notify_user_mode_reaches_its_recipients(NotifyUserMode mode, string[] channels, bool user)
    {
        var route = Route(Settings(SystemEventType.UserLogin, new(true, NotifyUser: mode), Mail, Discord));

        Assert.Equal(channels, route.Deliveries.Where(d => d.Recipient is null).Select(d => d.ChannelName));
        Assert.Equal(user, route.Deliveries.Any(d => d.Recipient == "max@example.test" && d.ChannelId == Mail.Id));
    }

    [Fact]
    public void The_user_is_emailed_through_the_first_email_channel_that_is_on()
    {
        var oldMail = new RoutableChannel(Guid.NewGuid(), "Old mail server", ChannelKind.Email, false);
        var settings = SystemNotificationSettings.Default.With(SystemEventType.UserLogin, new(true, NotifyUser: NotifyUserMode.UserOnly)) with { GlobalChannels = [oldMail.Id, Mail.Id] };

        var route = SystemEventRouting.Route(SystemEventType.UserLogin, settings, [oldMail, .. Channels], "max@example.test", true, null);

        var delivery = Assert.Single(route.Deliveries);
        Assert.Equal((Mail.Id, "max@example.test"), (delivery.ChannelId, delivery.Recipient));
    }

    [Fact]
    public void The_users_preference_keeps_their_email_away_but_not_the_admins()
    {
        var route = Route(Settings(SystemEventType.UserLogin, new(true, NotifyUser: NotifyUserMode.AdminAndUser), Mail), wants: false);

        var delivery = Assert.Single(route.Deliveries);
        Assert.Null(delivery.Recipient);
        Assert.Contains("turned off emails about logins", Assert.Single(route.NotTold));
    }

    [Fact]
    public void An_override_replaces_the_global_channels_and_says_where_each_came_from()
    {
        var route = Route(Settings(SystemEventType.RestoreFailed, new(true, [Phone.Id]), Mail, Discord), SystemEventType.RestoreFailed);

        var delivery = Assert.Single(route.Deliveries);
        Assert.Equal(Phone.Id, delivery.ChannelId);
        Assert.Equal("custom channel of this event", delivery.Why);
    }

    [Fact]
    public void A_throttled_occurrence_and_a_disabled_channel_are_not_sent_with_the_reason()
    {
        var settings = Settings(SystemEventType.SystemError, new(true), Mail);
        var throttled = Route(settings, SystemEventType.SystemError, throttled: "Throttled: the same fault.");
        var disabled = SystemEventRouting.Route(SystemEventType.SystemError, settings, [Mail with { Enabled = false }], null, true, null);

        Assert.Equal(["Throttled: the same fault."], throttled.NotTold);
        Assert.Empty(disabled.Deliveries);
        Assert.Equal(["Ops mail: the channel is disabled."], disabled.NotTold);
    }

    [Fact]
    public void Notify_user_needs_an_email_channel_and_a_user_event()
    {
        ChannelKind? KindOf(Guid id) => Channels.FirstOrDefault(c => c.Id == id)?.Kind;

        var withoutEmail = Settings(SystemEventType.UserCreated, new(true, NotifyUser: NotifyUserMode.UserOnly), Discord).Check(KindOf);
        var notAUserEvent = Settings(SystemEventType.RestoreFailed, new(true, NotifyUser: NotifyUserMode.UserOnly), Mail).Check(KindOf);
        var unknownChannel = (SystemNotificationSettings.Default with { GlobalChannels = [Guid.NewGuid()] }).Check(KindOf);
        var fine = Settings(SystemEventType.UserCreated, new(true, NotifyUser: NotifyUserMode.UserOnly), Mail).Check(KindOf);

        Assert.Equal("events.user-created.notifyUser", withoutEmail?.Field);
        Assert.Equal("events.restore-failed.notifyUser", notAUserEvent?.Field);
        Assert.Equal("globalChannels", unknownChannel?.Field);
        Assert.Null(fine);
    }
}
