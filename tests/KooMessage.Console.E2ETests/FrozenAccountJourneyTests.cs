using KooMessage.Console.Common.Security;
using KooMessage.Console.Tests;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>The administrator freezes an account: its owner is told, can still read the audit log, but cannot add a user.</summary>
public sealed class FrozenAccountJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task FreezeAccount_OwnerReadsButCannotChange()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        var owner = await browser.App.Services.CreateAccountAsync(admin, "冻结测试公司", "owner");
        await browser.App.Services.CreateUserAsync(owner, "dev", Roles.Development);
        var page = await browser.NewPageAsync();

        await page.SignInAsync("admin", TestData.Password);
        await page.GotoAsync("/platform/accounts");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("freeze-冻结测试公司").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "冻结" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("accounts-grid")).ToContainTextAsync("已冻结");
        await page.ScreenshotAsync("10-account-frozen");

        await page.GotoAsync("/platform/settings");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-word").FillAsync("最牛");
        await page.GetByTestId("sensitive-words").GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sensitive-words")).ToContainTextAsync("最牛");
        await page.ScreenshotAsync("14-settings-sensitive-words");
        await page.SignOutAsync();

        await page.SignInAsync("owner", TestData.Password);
        await Assertions.Expect(page.GetByTestId("frozen-banner")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "通知" }).ClickAsync();
        await Assertions.Expect(page.GetByText("您的账号“冻结测试公司”已被冻结")).ToBeVisibleAsync();
        await page.ScreenshotAsync("11-owner-notified");
        await page.Keyboard.PressAsync("Escape");

        await page.GotoAsync("/iam/audit-log");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("audit-grid")).ToContainTextAsync("冻结");
        await page.ScreenshotAsync("12-audit-log");

        await page.GotoAsync("/iam/users");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-user").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("user-name").FillAsync("late");
        await dialog.GetByTestId("email").FillAsync("late@example.com");
        await dialog.GetByTestId("password").FillAsync(TestData.Password);
        await dialog.GetByTestId("confirm-password").FillAsync(TestData.Password);
        await dialog.GetByTestId("save").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("dialog-error")).ToContainTextAsync("您的账号已被冻结");
        await page.ScreenshotAsync("13-frozen-refused");
    }
}
