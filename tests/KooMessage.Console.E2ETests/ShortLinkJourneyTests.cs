using System.Text.RegularExpressions;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Tests;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>An operator creates a group link for an approved template and opens it on a phone; a taken custom code is refused.</summary>
public sealed class ShortLinkJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string PhoneAgent = "Mozilla/5.0 (Linux; Android 13; V2227A; wv) AppleWebKit/537.36 Mobile Safari/537.36 VivoBrowser/17.0";

    [Fact]
    public async Task Operator_CreatesAGroupLink_OpensItOnAPhone_AndADuplicateCustomCodeIsRefused()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        var owner = await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await browser.App.Services.ApprovedTemplateAsync(owner.AccountId!.Value);

        var page = await browser.NewPageAsync();
        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync(ShortLinksModule.Route);
        await page.WaitForCircuitAsync();
        var code = await CreateAsync(page, "春季推广", "Spring26");
        await Assertions.Expect(page.GetByTestId("aim-code")).ToHaveTextAsync(code);
        await page.ScreenshotAsync("70-short-link-task");
        var aimUrl = await page.GetByTestId("aim-url").TextContentAsync();
        Assert.EndsWith("/s/Spring26", aimUrl, StringComparison.Ordinal);

        var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl, UserAgent = PhoneAgent, IsMobile = true, HasTouch = true, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "zh-CN",
        });
        var phonePage = await phone.NewPageAsync();
        await phonePage.GotoAsync("/s/Spring26");
        await Assertions.Expect(phonePage.GetByTestId("h5-page")).ToContainTextAsync("王女士您好，本月账单88元");
        await phonePage.ScreenshotAsync("71-short-link-on-a-phone");

        await page.GotoAsync(ShortLinksModule.Route);
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("resolved-春季推广")).ToHaveTextAsync("1");
        await page.GetByTestId("new-resolve-task").First.ClickAsync();

        // Nothing chosen: the template's own message, not a bare "必填".
        await page.GetByRole(AriaRole.Dialog).GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).GetByText("请选择智能信息模板。")).ToBeVisibleAsync();
        await FillAsync(page, "再次推广", "Spring26");
        await page.GetByRole(AriaRole.Dialog).GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("links-error")).ToContainTextAsync("自定义短链 Spring26 在该域名下已存在。");
        await page.ScreenshotAsync("72-short-link-duplicate-code");
    }

    private static async Task<string> CreateAsync(IPage page, string name, string code)
    {
        await page.GetByTestId("new-resolve-task").First.ClickAsync();
        await FillAsync(page, name, code);
        await page.GetByRole(AriaRole.Dialog).GetByTestId("save").ClickAsync();
        await page.WaitForAddressAsync(new Regex("/aim/short-links/[^/?]+(\\?|$)"));
        return code;
    }

    private static async Task FillAsync(IPage page, string name, string code)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("task-template").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
        await dialog.GetByTestId("task-name").FillAsync(name);
        await dialog.GetByTestId("task-signatures").FillAsync(ShortLinkData.Signature);
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "自定义" }).CheckAsync();
        await dialog.GetByTestId("link-code-0").FillAsync(code);
        await dialog.GetByTestId("link-param-0-name").FillAsync("王女士");
        await dialog.GetByTestId("link-param-0-amount").FillAsync("88");
    }
}
