using NotifyOrleans.Infrastructure.Channels;

namespace NotifyOrleans.UnitTests.Channels;

/// <summary>The causes .NET names by its enums get a sentence on what to do (the untrusted root is also met for real in WebhookTransportTests).</summary>
public sealed class TlsAdviceTests
{
    [Theory]
    [InlineData("The remote certificate is invalid because of errors in the certificate chain: PartialChain", "from a CA this machine does not trust")]
    [InlineData("The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch", "The certificate is not for ntfy.lan: put a name it carries in the channel's URL")]
    [InlineData("The remote certificate is invalid because of errors in the certificate chain: NotTimeValid", "has expired or is not valid yet")]
    public void A_known_cause_gets_what_to_do(string reason, string advice) =>
        Assert.Contains(advice, HttpTransportBase.TlsAdvice(reason, "ntfy.lan"));

    [Fact]
    public void Two_causes_get_both_sentences()
    {
        var advice = HttpTransportBase.TlsAdvice("The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch, RemoteCertificateChainErrors", "ntfy.lan");

        Assert.StartsWith(". The certificate is self-signed or from a CA this machine does not trust", advice);
        Assert.Contains(" The certificate is not for ntfy.lan", advice);
    }

    [Fact]
    public void Another_cause_is_left_in_dotnets_words_alone() =>
        Assert.Equal("", HttpTransportBase.TlsAdvice("Received an unexpected EOF or 0 bytes from the transport stream", "ntfy.lan"));
}
