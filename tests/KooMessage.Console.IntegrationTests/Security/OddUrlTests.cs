using System.Net;
using KooMessage.Console.Tests;

namespace KooMessage.Console.IntegrationTests.Security;

/// <summary>The console once set up, with its administrator.</summary>
public sealed class SetUpConsoleFixture : IAsyncLifetime
{
    public ConsoleFactory App { get; } = new();

    public async Task InitializeAsync() => await App.Services.CreateAdministratorAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Redirect targets and paths an attacker or a careless link may send: never a 500, never off the site.</summary>
public sealed class OddUrlTests(SetUpConsoleFixture fixture) : IClassFixture<SetUpConsoleFixture>
{
    public static TheoryData<string> OddTargets() =>
    [
        "/iam/users\tx",
        "/iam/users\r\nSet-Cookie: km.auth=forged",
        "/审核中心",
        "/iam/users?search=甲公司",
        "//evil.example/",
        "/\\evil.example/",
        "%2F%2Fevil.example/",
        "/%2F%2Fevil.example/",
        "/%5Cevil.example/",
        "/%0D%0ALocation:%20https://evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
    ];

    private static void AssertRedirectedHome(HttpResponseMessage response, HttpClient client)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(client.BaseAddress!, "/"), new Uri(client.BaseAddress!, response.Headers.Location!));
    }

    [Theory]
    [MemberData(nameof(OddTargets))]
    public async Task CultureSet_OddRedirect_HomeOnThisSite(string target)
    {
        using var client = fixture.App.CreateBrowserlikeClient();

        using var response = await client.GetAsync($"/culture/set?culture=en-US&redirectUri={Uri.EscapeDataString(target)}");

        AssertRedirectedHome(response, client);
    }

    [Fact]
    public async Task CultureSet_LocalPathWithEncodedQuery_Kept()
    {
        using var client = fixture.App.CreateBrowserlikeClient();

        using var response = await client.GetAsync($"/culture/set?culture=en-US&redirectUri={Uri.EscapeDataString("/iam/users?search=%E7%94%B2")}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/iam/users?search=%E7%94%B2", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(OddTargets))]
    public async Task SignIn_OddReturnUrl_SignedInAndHome(string target)
    {
        using var client = fixture.App.CreateBrowserlikeClient();

        using var response = await client.PostFormAsync($"/account/login?ReturnUrl={Uri.EscapeDataString(target)}", "login", new Dictionary<string, string>
        {
            ["Input.UserName"] = "admin",
            ["Input.Password"] = TestData.Password,
        });

        AssertRedirectedHome(response, client);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("km.auth=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/setup/")]
    [InlineData("/Setup")]
    [InlineData("/Setup/")]
    [InlineData("/SETUP")]
    [InlineData("/setup//")]
    public async Task Setup_AnyCaseOrSlash_404AfterSetup(string path)
    {
        using var client = fixture.App.CreateBrowserlikeClient();

        using var page = await client.GetAsync(path);
        using var post = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "setup" }));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("value=\"setup\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}
