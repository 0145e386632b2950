using System.Text.RegularExpressions;
using KooMessage.Console.Components.Layout;
using KooMessage.Console.Tests;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// A new user's first hour: set up the administrator, sign in, open an account with its owner, the owner adds a user,
/// that user walks every page of the drawer, switches to English and signs out.
/// </summary>
public sealed class FirstRunJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = TestData.Password;

    [Fact]
    public async Task FirstRun_SetupToSignOut_EveryStepWorks()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await page.WaitForAddressAsync(new Regex("/setup(\\?|$)"));
        await page.ScreenshotAsync("01-setup");
        await page.SubmitFormAsync(new Dictionary<string, string>
        {
            ["user-name"] = "admin", ["email"] = "admin@example.com", ["password"] = Password, ["confirm-password"] = "mismatch",
        }, "创建管理员");
        await Assertions.Expect(page.Locator(".km-field-error")).ToContainTextAsync("两次输入的密码不一致");
        await page.SubmitFormAsync(new Dictionary<string, string>
        {
            ["user-name"] = "admin", ["email"] = "admin@example.com", ["password"] = Password, ["confirm-password"] = Password,
        }, "创建管理员");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("总览");
        await page.ScreenshotAsync("02-admin-overview");

        // A new platform is told where to start.
        await page.GetByTestId("first-step").GetByRole(AriaRole.Link, new() { Name = "账号管理" }).ClickAsync();
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("账号管理");
        await page.GetByTestId("new-account").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("save").ClickAsync();
        await Assertions.Expect(dialog.GetByText(new Regex("^请填写")).First).ToBeVisibleAsync();
        await dialog.GetByTestId("account-name-input").FillAsync("示例科技有限公司");
        await dialog.GetByTestId("user-name").FillAsync("owner");
        await dialog.GetByTestId("email").FillAsync("owner@example.com");
        await dialog.GetByTestId("password").FillAsync(Password);
        await dialog.GetByTestId("confirm-password").FillAsync(Password);
        await page.ScreenshotAsync("03-new-account-dialog");
        await dialog.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("accounts-grid")).ToContainTextAsync("示例科技有限公司");
        await page.ScreenshotAsync("04-accounts");
        await page.SignOutAsync();

        await page.SignInAsync("owner", Password);
        await Assertions.Expect(page.GetByTestId("account-name")).ToContainTextAsync("示例科技有限公司");
        await page.GetByRole(AriaRole.Link, new() { Name = "用户", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-grid")).ToContainTextAsync("owner");
        await page.GetByTestId("new-user").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("user-name").FillAsync("ops");
        await dialog.GetByTestId("email").FillAsync("ops@example.com");
        await dialog.GetByTestId("role").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "CommonOperations（运营）" }).ClickAsync();
        await dialog.GetByTestId("password").FillAsync(Password);
        await dialog.GetByTestId("confirm-password").FillAsync(Password);
        await dialog.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-grid")).ToContainTextAsync("ops@example.com");
        await page.ScreenshotAsync("05-users");
        await page.SignOutAsync();

        await page.SignInAsync("ops", Password);
        var links = page.GetByTestId("nav").GetByRole(AriaRole.Link);
        var hrefs = await links.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Contains("/sms/signatures", hrefs);
        Assert.DoesNotContain("/iam/users", hrefs);
        foreach (var href in hrefs)
        {
            var link = page.GetByTestId("nav").Locator($"a[href='{href}']");
            var expected = href == "/" ? "总览" : (await link.GetByTestId("nav-title").InnerTextAsync()).Trim();
            await link.ClickAsync();
            var title = NavModel.Find(href)!.TitleKey;
            await page.WaitForAddressAsync(new Regex($"{Regex.Escape(href)}(\\?|$)"));

            // Each page's heading is its own, also when moving from one module not built yet to another.
            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync(expected);
            await page.ScreenshotAsync($"06-ops{href.Replace('/', '-')}-{title}");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "语言" }).ClickAsync();
        await page.GetByText("English").ClickAsync();
        // The switch reloads the page: wait for the English page itself before its circuit, not the old page's.
        await page.Locator("html[lang='en-US']").WaitForAsync();
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("nav")).ToContainTextAsync("Overview");
        await page.ScreenshotAsync("07-english");
        await page.SignOutAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("08-signed-out");
    }
}
