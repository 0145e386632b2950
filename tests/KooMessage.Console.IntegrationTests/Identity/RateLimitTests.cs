using System.Net;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KooMessage.Console.IntegrationTests.Identity;

/// <summary>Sign-in and sign-up posts are limited per client address; the test host's clients all share one.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static HttpClient Client(WebApplicationFactory<Program> host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task SignIn_OverTheLimit_429WithLocalizedPageAndFormStillShown()
    {
        var host = app.WithWebHostBuilder(b => b.UseSetting("RateLimits:SignInPerMinute", "2"));
        await host.Services.CreateAdministratorAsync();
        using var client = Client(host);
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await client.SignInAsync("admin", "Wrong#Pass1");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.SignInAsync("admin", TestData.Password);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        using var form = await client.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("data-testid=\"rate-limited\"", page, StringComparison.Ordinal);
        Assert.Contains("尝试次数过多", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/login\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("km.auth=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task SignUp_OverTheLimit_429InTheChosenLanguage()
    {
        var host = app.WithWebHostBuilder(b => b.UseSetting("RateLimits:SignUpPerHour", "1"));
        await host.Services.CreateAdministratorAsync();
        using var client = Client(host);
        using var english = await client.GetAsync("/culture/set?culture=en-US&redirectUri=%2F");

        var fields = new Dictionary<string, string> { ["Input.AccountName"] = "乙公司", ["Input.UserName"] = "owner-b", ["Input.Email"] = "owner-b@example.com" };
        using var first = await client.PostFormAsync("/account/register", "sign-up", fields);
        using var second = await client.PostFormAsync("/account/register", "sign-up", fields);
        var page = WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("Too many attempts", page, StringComparison.Ordinal);
    }
}
