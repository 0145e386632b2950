using KooMessage.Console.Tests;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>A sign-in link someone pasted with non-ASCII text in it: Kestrel refuses such a Location header, so only the real server shows this.</summary>
public sealed class SignInLinkTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignIn_ReturnUrlWithChineseText_SignedInAndHome()
    {
        await browser.App.Services.CreateAdministratorAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/account/login?returnUrl=%2Fsms%2Fapps%3Fq%3D%E4%B8%AD");
        await page.SubmitFormAsync(new Dictionary<string, string> { ["user-name"] = "admin", ["password"] = TestData.Password }, "登录");

        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("总览");
    }
}
