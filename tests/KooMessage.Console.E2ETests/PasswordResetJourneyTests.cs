using System.Text.RegularExpressions;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Tests;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// A tenant user forgot a password: the platform administrator resets it on the account's page, the user signs in with
/// the temporary password, is held on the change-password page until choosing a new one, then reaches the console.
/// </summary>
public sealed class PasswordResetJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PlatformReset_UserSignsInWithTemporaryPassword_MustChangeItThenReachesConsole()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        var owner = await browser.App.Services.CreateAccountAsync(admin, "找回测试公司", "owner");
        await browser.App.Services.CreateUserAsync(owner, "dev", Roles.Development);
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.GetByTestId("forgot-password")).ToContainTextAsync("FullAccess");
        await page.SignInAsync("admin", TestData.Password);
        await page.GotoAsync("/platform/accounts");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("account-找回测试公司").ClickAsync();
        await page.WaitForAddressAsync(new Regex("/platform/accounts/[^/?]+(\\?|$)"));
        await Assertions.Expect(page.GetByTestId("account-detail-name")).ToHaveTextAsync("找回测试公司");

        // The account's name is the page's one h1, under a trail back to the list; its users and filings are sections (h2).
        await Assertions.Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("找回测试公司");
        await Assertions.Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync("账号管理");
        await Assertions.Expect(page.Locator("h2")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("account-users-grid")).ToContainTextAsync("dev");
        await page.GetByTestId("reset-dev").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("confirm-reset").ClickAsync();
        var temporary = dialog.GetByLabel("临时密码");
        await Assertions.Expect(temporary).Not.ToHaveValueAsync("");
        var password = await temporary.InputValueAsync();
        await page.ScreenshotAsync("20-temporary-password");
        await dialog.GetByTestId("close-temporary-password").ClickAsync();
        await Assertions.Expect(page.GetByTestId("must-change-dev")).ToBeVisibleAsync();
        await page.SignOutAsync();

        await page.SubmitFormAsync(new Dictionary<string, string> { ["user-name"] = "dev", ["password"] = password }, "登录");
        await page.WaitForAddressAsync(new Regex("/account/change-password(\\?|$)"));
        await Assertions.Expect(page.GetByTestId("password-change-required")).ToBeVisibleAsync();
        await page.GotoAsync("/sms/apps");
        await page.WaitForAddressAsync(new Regex("/account/change-password(\\?|$)"));
        await page.ScreenshotAsync("21-must-change-password");
        await page.SubmitFormAsync(new Dictionary<string, string>
        {
            ["current-password"] = password, ["password"] = "Mine#Pass2026", ["confirm-password"] = "Mine#Pass2026",
        }, "修改密码");
        await Assertions.Expect(page.GetByTestId("password-changed")).ToBeVisibleAsync();

        await page.GotoAsync("/sms/apps");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("account-name")).ToContainTextAsync("找回测试公司");
        Assert.EndsWith("/sms/apps", page.Url, StringComparison.Ordinal);
    }
}
