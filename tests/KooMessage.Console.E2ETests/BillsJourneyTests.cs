using System.Text.RegularExpressions;
using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// The demo account's bills: the owner sees the year's flow bill with its alerts, forecast and China Mobile share,
/// filters to on-demand marketing sends, switches to the detail bill, exports it, finds the file in the download center
/// and opens it.
/// </summary>
public sealed class BillsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task DemoOwner_FilterExportAndOpenTheBill()
    {
        await browser.App.Services.CreateAdministratorAsync();
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var page = await browser.NewPageAsync();
        var owner = DemoSeeder.Users[0].UserName;
        await page.SignInAsync(owner, users.Single(u => u.UserName == owner).Password);

        await Assertions.Expect(page.GetByTestId("billing-alerts")).ToBeVisibleAsync();
        await page.GetByTestId("nav").Locator("a[href='/billing/bills']").ClickAsync();
        var flow = page.GetByTestId("bill-flow-grid");
        await Assertions.Expect(flow).ToContainTextAsync("套餐包");
        await Assertions.Expect(page.GetByTestId("alert").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("forecast").First).ToContainTextAsync("天");
        await Assertions.Expect(page.GetByTestId("share-warning")).ToBeVisibleAsync();
        await page.ScreenshotAsync("140-bills-flow");

        await page.GetByTestId("product-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "智能信息发送-营销类" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex("item=SendMarketing"));
        await page.GetByTestId("mode-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "按需" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex("mode=OnDemand"));
        await Assertions.Expect(flow).Not.ToContainTextAsync("智能信息解析");
        await Assertions.Expect(page.GetByTestId("flow-totals")).ToContainTextAsync("套餐包 ¥0.00");
        await page.ScreenshotAsync("141-bills-flow-filtered");

        await page.GetByRole(AriaRole.Tab, new() { Name = "明细账单" }).ClickAsync();
        var details = page.GetByTestId("bill-detail-grid");
        await Assertions.Expect(details).ToContainTextAsync("智能信息发送-营销类");
        await Assertions.Expect(page.GetByTestId("detail-totals")).ToBeVisibleAsync();
        await page.ScreenshotAsync("142-bills-detail");

        await page.GetByTestId("export").ClickAsync();
        await Assertions.Expect(page.GetByTestId("export-conditions")).ToContainTextAsync("按需");
        await page.ScreenshotAsync("143-bills-export");
        await page.GetByTestId("export-start").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "前往下载中心" }).ClickAsync();
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("download-state").First).ToHaveAttributeAsync("data-state", "Succeeded");
        await Assertions.Expect(page.GetByTestId("downloads-grid")).ToContainTextAsync("明细账单");
        await page.ScreenshotAsync("144-bills-download-center");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-file").First.ClickAsync());
        var saved = Path.Combine(BrowserFixture.ScreenshotFolder, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        using var book = new ClosedXML.Excel.XLWorkbook(saved);
        var sheet = book.Worksheet(1);
        Assert.Equal("消费时间", sheet.Cell(1, 1).GetString());
        Assert.Equal("智能信息发送-营销类", sheet.Cell(2, 2).GetString());
        Assert.Equal("按需", sheet.Cell(2, 5).GetString());
        Assert.True(sheet.LastRowUsed()!.RowNumber() > 300);
    }
}
