using NotifyOrleans.Infrastructure.Delivery;

namespace NotifyOrleans.UnitTests.Delivery;

/// <summary>A Member reads why the app itself did not send their mail, but not a destination's answer (it names hosts only admins configure).</summary>
public sealed class DeliveryErrorsTests
{
    [Fact]
    public void A_member_reads_the_apps_own_reason_but_not_a_destinations_answer()
    {
        var own = DeliveryErrors.NotSent("the account is disabled.");
        const string answer = "smtp.internal.example:587 answered 535 5.7.8 Authentication failed";

        Assert.Equal("Not sent: the account is disabled.", DeliveryErrors.AsReadBy(own, readsDetails: false));
        Assert.Equal(DeliveryErrors.ForMembers, DeliveryErrors.AsReadBy(answer, readsDetails: false));
        Assert.Equal(answer, DeliveryErrors.AsReadBy(answer, readsDetails: true));
    }
}
