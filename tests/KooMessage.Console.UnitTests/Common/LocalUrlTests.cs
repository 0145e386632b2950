using KooMessage.Console.Common.Web;

namespace KooMessage.Console.UnitTests.Common;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/iam/users", "/iam/users")]
    [InlineData("/iam/users?page=2", "/iam/users?page=2")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("iam/users", "/")]
    public void Of_Uri_OnlyLocalPathsFollowed(string? uri, string expected)
    {
        Assert.Equal(expected, LocalUrl.Of(uri));
    }
}
