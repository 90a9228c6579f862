using System.Text.Json;
using NotifyOrleans.Web.Api;

namespace NotifyOrleans.FunctionalTests.Api;

/// <summary>A body that is not JSON is told where it went wrong, counted as people count, without the parser's advice to programmers.</summary>
public sealed class JsonErrorWordingTests
{
    [Fact]
    public void The_place_is_counted_from_1_and_the_parsers_suffix_is_gone() =>
        Assert.Equal("The body is not valid JSON at line 2, character 6: '}' is an invalid start of a value.", WordingOf("{\"a\": 1,\n\"b\": }"));

    [Fact]
    public void A_trailing_comma_is_said_not_to_be_json_without_the_reader_options() =>
        Assert.Equal("The body is not valid JSON at line 1, character 9: The JSON object contains a trailing comma at the end which is not allowed in JSON.",
            WordingOf("{\"a\": 1,}"));

    private static string WordingOf(string body)
    {
        var exception = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        return ApiRequests.NotJson(exception);
    }
}
