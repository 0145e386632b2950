using KooMessage.Console.Components.Layout;
using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>axe-core over every page a tenant owner and a platform administrator open: no serious or critical violation, one h1 each.</summary>
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task EveryPage_Axe_NoSeriousOrCriticalViolations()
    {
        await browser.App.Services.CreateAdministratorAsync();
        await using var scope = browser.App.Services.CreateAsyncScope();
        var demo = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var owner = DemoSeeder.Users[0].UserName;
        var found = new List<string>();

        var anonymous = await browser.NewPageAsync();
        foreach (var path in new[] { "/account/login", "/account/register" })
        {
            await anonymous.GotoAsync(path);
            found.AddRange(await Axe.SeriousViolationsAsync(anonymous, path));
        }

        foreach (var (user, password) in new[] { (owner, demo.Single(u => u.UserName == owner).Password), ("admin", TestData.Password) })
        {
            var page = await browser.NewPageAsync();
            await page.SignInAsync(user, password);
            var hrefs = await page.GetByTestId("nav").GetByRole(AriaRole.Link)
                .EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            foreach (var href in hrefs.Where(h => NavModel.Find(h) is not null))
            {
                await page.GotoAsync(href);
                await page.WaitForCircuitAsync();
                await Assertions.Expect(page.Locator("#page-title")).Not.ToBeEmptyAsync();

                // One heading of the first level, the page's title, which focus moves to after navigation.
                await Assertions.Expect(page.Locator("h1")).ToHaveCountAsync(1);
                await Assertions.Expect(page.Locator("h1")).ToHaveIdAsync("page-title");
                found.AddRange(await Axe.SeriousViolationsAsync(page, $"{user} {href}"));
            }
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public async Task Axe_UnnamedButtonAndPictureWithoutText_BothReported()
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<html lang=\"zh-CN\"><head><title>空</title></head><body><main><h1>空</h1><button></button><img src=\"data:,\"></main></body></html>");

        var found = await Axe.SeriousViolationsAsync(page, "fixture");

        Assert.Contains(found, f => f.StartsWith("fixture: button-name (critical)", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("fixture: image-alt (critical)", StringComparison.Ordinal));
    }
}
