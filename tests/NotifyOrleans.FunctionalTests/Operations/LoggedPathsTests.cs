using Microsoft.AspNetCore.Http;
using NotifyOrleans.Web.Hosting;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>What of a request's path reaches the log: never a credential carried in the path, never a line break.</summary>
public sealed class LoggedPathsTests
{
    [Theory]
    [InlineData("/ping/nok_abc123/fail", "/ping/***/fail")]
    [InlineData("/PING/nok_abc123", "/ping/***")]
    [InlineData("/ack/CfDJ8GiEDXMhF01Mj9KsArtfwZcXQap1-x9gQ4a5f", "/ack/***")]
    [InlineData("/badge/bmFzLTAxL2RvY3VtZW50cw.8KnUkFYM60Yq7I-PBNzS7Q.svg", "/badge/***")]
    [InlineData("/Jobs/Details", "/Jobs/Details")]
    [InlineData("/acknowledged", "/acknowledged")]
    [InlineData("/Jobs/a\nb", "/Jobs/a\\u000ab")]
    public void Credentials_in_a_path_are_masked_and_control_characters_escaped(string path, string logged) =>
        Assert.Equal(logged, LoggedPaths.Mask(new PathString(path)));
}
