using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>A platform reviewer reads a demo template's vendor ticket: the card as that vendor renders it, beside its settings.</summary>
public sealed class TemplateReviewTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PlatformReviewer_DemoTemplateTicket_ShowsTheCardAsThatVendorRendersIt()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        await browser.App.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        var page = await browser.NewPageAsync();
        await page.SignInAsync("reviewer", TestData.Password);
        await page.GotoAsync("/review");
        await page.WaitForCircuitAsync();
        await page.Locator("[data-testid^='open-春季焕新图文'][data-testid$='XIAOMI']").ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        var preview = dialog.GetByTestId("review-preview").GetByTestId("vendor-preview");
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-vendor", "Xiaomi");
        await Assertions.Expect(preview.GetByTestId("preview-Title")).ToHaveTextAsync("春季焕新大促");
        await Assertions.Expect(preview.GetByTestId("fallback-sms")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Row).Filter(new() { HasText = "短信签名" })).ToContainTextAsync("示例科技");

        // The picture is the demo account's material, which the reviewer may load.
        var picture = preview.Locator(".km-card-image img");
        await Assertions.Expect(picture).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^/files/"));
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=review-preview] .km-card-image img'); return i && i.complete && i.naturalWidth > 0; }");
        await page.ScreenshotAsync("35-review-template-ticket");
    }
}
