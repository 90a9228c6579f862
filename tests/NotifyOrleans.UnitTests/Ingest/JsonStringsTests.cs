using System.Text;
using System.Text.Json;
using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.UnitTests.Ingest;

public sealed class JsonStringsTests
{
    private static string? Find(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var document = JsonDocument.Parse(bytes);
        return JsonStrings.FindUnreadable(bytes, document.RootElement);
    }

    [Theory]
    [InlineData("""{"Data":{"Message":"\ud800"}}""", "Data.Message")]
    [InlineData("""{"a":["ok","x\uDFFFy"]}""", "a[1]")]
    [InlineData("""{"\ud800":1}""", "$")] // a name: the object that holds it
    [InlineData("""{"path":"C:\\users","plus":"\u002B","b":"x\uDc00"}""", "b")] // found past other escapes, in any case
    public void Half_a_surrogate_pair_is_found_by_its_path(string json, string path) => Assert.Equal(path, Find(json));

    [Theory]
    [InlineData("""{"Data":{"Message":"plain text, ünïcödé and 😀 as UTF-8"}}""")]
    [InlineData("""{"Message":"a pair \ud83d\ude00 and an escaped backslash \\ud800"}""")]
    [InlineData("""{"EndTime":"2026-12-02T01:00:00\u002B00:00","Path":"C:\\users\\u"}""")] // escapes of other characters
    public void Text_without_half_a_pair_is_readable(string json) => Assert.Null(Find(json));
}
