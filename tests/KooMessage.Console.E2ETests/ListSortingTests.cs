using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>A list sorts by a column when its header is clicked, on the server, ascending and then descending.</summary>
public sealed class ListSortingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignatureList_NameHeaderClicked_SortsOnTheServerBothWays()
    {
        await browser.App.Services.CreateAdministratorAsync();
        await using var scope = browser.App.Services.CreateAsyncScope();
        var demo = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var owner = DemoSeeder.Users[0].UserName;
        var page = await browser.NewPageAsync();
        await page.SignInAsync(owner, demo.Single(u => u.UserName == owner).Password);
        await page.GotoAsync("/sms/signatures");
        await page.WaitForCircuitAsync();
        var names = page.GetByTestId("signatures-grid").Locator("tbody tr td:first-child");
        await Assertions.Expect(page.GetByTestId("signatures-grid")).ToContainTextAsync("【示例科技】");
        var shown = await names.AllInnerTextsAsync();
        var ascending = shown.Order(StringComparer.Ordinal).ToArray();
        Assert.NotEqual(ascending, shown); // newest first is not the names' order, so the click shows

        var header = page.GetByRole(AriaRole.Columnheader, new() { Name = "签名名称" });
        await header.Locator(".sortable-column-header").ClickAsync();
        await Assertions.Expect(names).ToHaveTextAsync(ascending);
        await header.Locator(".sortable-column-header").ClickAsync();
        await Assertions.Expect(names).ToHaveTextAsync(ascending.Reverse().ToArray());
    }
}
