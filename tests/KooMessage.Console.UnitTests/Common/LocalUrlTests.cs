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
    [InlineData("/iam/users?search=%E7%94%B2", "/iam/users?search=%E7%94%B2")]
    [InlineData("/iam/users#top", "/iam/users#top")]
    [InlineData("/iam/users\tx", "/")]
    [InlineData("/iam/users\r\nSet-Cookie: a=b", "/")]
    [InlineData("/iam/\u0000users", "/")]
    [InlineData("/审核", "/")]
    [InlineData("/iam/users?search=甲", "/")]
    [InlineData("/iam\\users", "/")]
    [InlineData("%2F%2Fevil.example/", "/")]
    [InlineData("/%2F%2Fevil.example/", "/")]
    [InlineData("/%252F%252Fevil.example/", "/")]
    [InlineData("/%5Cevil.example/", "/")]
    [InlineData("/%0D%0ALocation:%20https://evil.example", "/")]
    [InlineData("/%250D%250A", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/100%25", "/100%25")]
    public void Of_Uri_OnlyLocalPathsFollowed(string? uri, string expected)
    {
        Assert.Equal(expected, LocalUrl.Of(uri));
    }
}
