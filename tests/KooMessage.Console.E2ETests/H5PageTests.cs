using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>A demo template's H5 page, opened from 预览's link and looked at on a phone: the page a short link opens.</summary>
public sealed class H5PageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string AndroidChrome = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";

    [Fact]
    public async Task DemoTemplate_PreviewLink_OpensItsH5PageOnAPhone()
    {
        await browser.App.Services.CreateAdministratorAsync();
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(DemoSeeder.Users[0].UserName, users.Single(u => u.UserName == DemoSeeder.Users[0].UserName).Password);

        await page.GotoAsync("/aim/templates");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("templates-grid").Locator("tr", new() { HasText = "秋季新品横滑" }).GetByTestId("preview").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var link = dialog.GetByTestId("h5-link");
        await Assertions.Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Assertions.Expect(dialog.GetByTestId("vendor-preview").First.Locator("img").First).ToHaveJSPropertyAsync("complete", true);
        await page.ScreenshotAsync("43-h5-preview-link");
        var opened = await page.Context.RunAndWaitForPageAsync(() => link.ClickAsync());

        // Its address is what the phone opens; its pictures loading is the phone's part below (a "load" wait here timed
        // out once on a busy machine while the address was long there).
        await Assertions.Expect(opened).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/h5/[A-Za-z0-9_-]{24}$"));

        await using var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2, UserAgent = AndroidChrome, Locale = "zh-CN",
        });
        var h5 = await phone.NewPageAsync();
        var response = await h5.GotoAsync(opened.Url);

        Assert.Equal(200, response?.Status);
        await Assertions.Expect(h5).ToHaveTitleAsync("秋季新品横滑");
        await Assertions.Expect(h5.GetByTestId("preview-card")).ToHaveCountAsync(2);
        await Assertions.Expect(h5.GetByTestId("preview-Title").First).ToHaveTextAsync("爆款推荐");
        await Assertions.Expect(h5.GetByTestId("preview-button").First).ToHaveAttributeAsync("href", "https://m.example.com/member");
        // The pictures come from the token's media path, to a visitor who is signed in nowhere.
        await Assertions.Expect(h5.Locator("img").First).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await h5.Locator("img").First.EvaluateAsync<int>("i => i.naturalWidth") > 0);
        Assert.Equal(0, await h5.Locator("script").CountAsync());
        var width = await h5.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The page is {width} px wide on a 390 px phone.");
        await h5.ScreenshotAsync("44-h5-page-phone");
    }
}
