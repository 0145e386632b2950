using System.Text.RegularExpressions;
using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// The demo account's send details and opt-out list: the owner filters the failed messages, exports them and finds the
/// file in the download center, adds a number to the opt-out list and removes it; the read-only user sees masked numbers
/// and no edit.
/// </summary>
public sealed class SendDetailsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task DemoOwner_FilterExportAndOptOut_ViewerSeesMasked()
    {
        await browser.App.Services.CreateAdministratorAsync();
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var page = await browser.NewPageAsync();
        var owner = DemoSeeder.Users[0].UserName;
        await page.SignInAsync(owner, users.Single(u => u.UserName == owner).Password);

        await page.GetByTestId("nav").Locator("a[href='/aim/send-details']").ClickAsync();
        var grid = page.GetByTestId("send-details-grid");
        await Assertions.Expect(grid).ToContainTextAsync("发送成功");
        await page.GetByTestId("result-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "发送失败" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex("result=Fail"));
        await Assertions.Expect(grid).Not.ToContainTextAsync("发送成功");
        await Assertions.Expect(grid).ToContainTextAsync("DLR 2: stat:UNDELIV");
        await Assertions.Expect(grid).ToContainTextAsync("未发送：号码已退订");
        await Assertions.Expect(grid.GetByTestId("mobile").First).ToHaveTextAsync(new Regex(@"^1\d{10}$"));
        await page.ScreenshotAsync("60-send-details-failed");

        await page.GetByTestId("window-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "最近24小时" }).ClickAsync();
        await page.WaitForAddressAsync(new Regex("window=LastDay"));
        await Assertions.Expect(grid).Not.ToContainTextAsync("会员权益到账通知-上周");
        await Assertions.Expect(grid).ToContainTextAsync("会员权益到账通知-今日");

        await page.GetByTestId("export").ClickAsync();
        await Assertions.Expect(page.GetByTestId("export-conditions")).ToContainTextAsync("发送失败");
        await page.ScreenshotAsync("61-send-details-export");
        await page.GetByTestId("export-start").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "前往下载中心" }).ClickAsync();
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("download-state").First).ToHaveAttributeAsync("data-state", "Succeeded");
        await Assertions.Expect(page.GetByTestId("downloads-grid")).ToContainTextAsync("发送任务明细（完整号码）");
        await page.ScreenshotAsync("62-send-details-download-center");

        await page.GetByTestId("nav").Locator("a[href='/aim/opt-outs']").ClickAsync();
        var optOuts = page.GetByTestId("opt-outs-grid");
        await Assertions.Expect(optOuts).ToContainTextAsync("回复R");
        await page.GetByTestId("add-opt-out").ClickAsync();
        await page.GetByTestId("opt-out-mobile").FillAsync("139 0000 0009");
        await page.GetByTestId("opt-out-note").FillAsync("客户来电要求退订");
        await page.ScreenshotAsync("63-opt-out-add");
        await page.GetByRole(AriaRole.Dialog).GetByTestId("save").ClickAsync();
        await Assertions.Expect(optOuts).ToContainTextAsync("13900000009");
        await Assertions.Expect(optOuts).ToContainTextAsync("客户来电要求退订");
        await page.GetByTestId("remove-13900000009").ClickAsync();
        await page.ScreenshotAsync("64-opt-out-remove-confirm");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "移除" }).ClickAsync();
        await Assertions.Expect(optOuts).Not.ToContainTextAsync("13900000009");
        await Assertions.Expect(optOuts).ToContainTextAsync("回复R");

        await page.SignOutAsync();
        await page.SignInAsync("demo-viewer", users.Single(u => u.UserName == "demo-viewer").Password);
        await page.GotoAsync("/aim/send-details");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("masked-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("send-details-grid").GetByTestId("mobile").First).ToHaveTextAsync(new Regex(@"^1\d{2}\*{4}\d{4}$"));
        await page.GotoAsync("/aim/opt-outs");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("opt-outs-grid")).ToContainTextAsync("138****8003");
        await Assertions.Expect(page.GetByTestId("add-opt-out")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("65-opt-outs-viewer");
    }
}
