using NotifyOrleans.Domain;

namespace NotifyOrleans.UnitTests;

public sealed class StoredTextTests
{
    [Theory]
    [InlineData("ab😀", 3, "ab")] // the cut would fall inside the emoji: it goes whole
    [InlineData("ab😀", 4, "ab😀")]
    [InlineData("abc😀", 3, "abc")]
    [InlineData("😀", 1, "")]
    [InlineData("abc", 0, "")]
    public void A_cut_never_leaves_half_a_character(string text, int maxLength, string expected) =>
        Assert.Equal(expected, StoredText.Cut(text, maxLength));

    [Fact]
    public void Text_for_a_column_has_no_nul() => Assert.Equal("a\uFFFDb", StoredText.Fit("a\0b", 10));
}
