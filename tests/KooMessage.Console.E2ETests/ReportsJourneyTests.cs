using System.Globalization;
using System.Text.RegularExpressions;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reports;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// The demo account's reports (its 90 days of events, rolled up by the rollup job when the demo data is seeded):
/// a range and a vendor picked on 模板报表, chart totals equal to the table, the funnel and a vendor's days, the funnel
/// exported, found in the download center and opened.
/// </summary>
public sealed class ReportsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static long Number(string text) => long.Parse(text.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [Fact]
    public async Task DemoOwner_RangeAndVendor_ChartAgreesWithTable_FunnelExported()
    {
        await browser.App.Services.CreateAdministratorAsync();
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var page = await browser.NewPageAsync();
        var owner = DemoSeeder.Users[0].UserName;
        await page.SignInAsync(owner, users.Single(u => u.UserName == owner).Password);

        await page.GetByTestId("nav").Locator("a[href='/reports']").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-chart")).ToBeVisibleAsync();
        await page.ScreenshotAsync("153-report-send");

        await page.GetByTestId("nav").Locator("a[href='/reports/templates']").ClickAsync();
        await page.WaitForCircuitAsync();
        var today = ReportRules.Today(DateTime.UtcNow, "Asia/Shanghai");
        var from = ReportRules.Text(today.AddDays(-13));
        await Assertions.Expect(page.GetByTestId("template-report-grid").GetByTestId("vendor").First).ToBeVisibleAsync();
        await page.GetByTestId("range-from").FillAsync(from);
        await page.GetByTestId("range-from").PressAsync("Tab");
        await page.WaitForAddressAsync(new Regex($"from={from}"));
        await page.GetByTestId("vendor-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "HUAWEI" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex("vendor=HUAWEI"));
        var grid = page.GetByTestId("template-report-grid");
        await Assertions.Expect(grid.GetByTestId("vendor").First).ToHaveTextAsync("HUAWEI");
        await Assertions.Expect(grid.GetByTestId("vendor").Filter(new() { HasNotText = "HUAWEI" })).ToHaveCountAsync(0);
        var exposures = await grid.Locator("tbody tr td:nth-child(5)").AllTextContentsAsync();
        var total = await page.Locator("[data-testid=chart-total][data-series='Reports.ExposurePv'] b").TextContentAsync();
        Assert.NotEmpty(exposures);
        Assert.Equal(exposures.Sum(Number), Number(total!));
        await page.ScreenshotAsync("154-report-templates-huawei");

        await page.GetByTestId("nav").Locator("a[href='/reports/funnel']").ClickAsync();
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("report-chart")).ToBeVisibleAsync();
        await page.ScreenshotAsync("155-report-funnel");
        await page.GetByTestId("vendor-link").Filter(new() { HasText = "HUAWEI" }).First.ClickAsync();
        await page.WaitForAddressAsync(new Regex("vendor=HUAWEI"));
        await Assertions.Expect(page.GetByTestId("vendor-days")).ToContainTextAsync("HUAWEI 每日数据");
        await page.ScreenshotAsync("156-report-funnel-huawei-days");

        await page.GetByTestId("export").ClickAsync();
        await Assertions.Expect(page.GetByTestId("export-conditions")).ToContainTextAsync("HUAWEI");
        await page.ScreenshotAsync("158-report-funnel-export");
        await page.GetByTestId("export-start").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "前往下载中心" }).ClickAsync();
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("download-state").First).ToHaveAttributeAsync("data-state", "Succeeded");
        await Assertions.Expect(page.GetByTestId("downloads-grid")).ToContainTextAsync("转化漏斗");
        await page.ScreenshotAsync("159-report-download-center");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-file").First.ClickAsync());
        var saved = Path.Combine(BrowserFixture.ScreenshotFolder, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        using var book = new ClosedXML.Excel.XLWorkbook(saved);
        Assert.Equal("日期", book.Worksheet(1).Cell(1, 1).GetString());
        Assert.Equal("HUAWEI", book.Worksheet(1).Cell(2, 4).GetString());

        await page.GetByTestId("nav").Locator("a[href='/reports/service-numbers']").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-chart")).ToBeVisibleAsync();
        await page.ScreenshotAsync("157-report-menus");
    }
}
