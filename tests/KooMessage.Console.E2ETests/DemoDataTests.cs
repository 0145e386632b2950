using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>The demo account, as someone trying the console with <c>--seed-demo</c> sees it: every state of every module shows.</summary>
public sealed class DemoDataTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task DemoOwner_EveryModule_ShowsItsStates()
    {
        await browser.App.Services.CreateAdministratorAsync();
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var page = await browser.NewPageAsync();

        await page.SignInAsync(DemoSeeder.Users[0].UserName, users.Single(u => u.UserName == DemoSeeder.Users[0].UserName).Password);
        await Assertions.Expect(page.GetByTestId("flow-/enterprise/filings")).ToContainTextAsync("审核通过");
        await Assertions.Expect(page.GetByTestId("flow-/sms/signatures")).ToContainTextAsync("处理完毕");
        await Assertions.Expect(page.GetByTestId("flow-/aim/templates")).ToContainTextAsync("审核通过");
        await page.ScreenshotAsync("30-demo-overview");

        await page.GotoAsync("/enterprise/filings");
        await page.WaitForCircuitAsync();
        foreach (var state in new[] { "草稿", "审核中", "审核通过", "审核不通过" })
        {
            await Assertions.Expect(page.GetByTestId("filings-grid")).ToContainTextAsync(state);
        }

        await page.ScreenshotAsync("31-demo-filings");

        await page.GotoAsync("/sms/signatures");
        await page.WaitForCircuitAsync();
        foreach (var state in new[] { "待审核", "内容审核通过，处理中", "处理完毕", "审核不通过", "待激活", "激活审核中" })
        {
            await Assertions.Expect(page.GetByTestId("signatures-grid")).ToContainTextAsync(state);
        }

        await page.ScreenshotAsync("32-demo-signatures");

        await page.GotoAsync("/sms/apps");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("apps-grid")).ToContainTextAsync("待上线");
        await Assertions.Expect(page.GetByTestId("quota-remaining")).ToHaveTextAsync("8");
        await page.ScreenshotAsync("33-demo-apps");

        // Templates in every audit state; the approved one being edited keeps its state and says it has changes.
        await page.GotoAsync("/aim/templates");
        await page.WaitForCircuitAsync();
        foreach (var state in new[] { "未提交", "审核中", "审核通过", "审核失败" })
        {
            await Assertions.Expect(page.GetByTestId("templates-grid")).ToContainTextAsync(state);
        }

        var edited = page.GetByTestId("templates-grid").GetByRole(AriaRole.Row).Filter(new() { HasText = "会员积分提醒" });
        await Assertions.Expect(edited.GetByTestId("audit-state")).ToHaveTextAsync("审核通过");
        await Assertions.Expect(edited.GetByTestId("has-draft")).ToBeVisibleAsync();
        await page.ScreenshotAsync("34-demo-templates");

        // A finished send task says what its pre-check found, as a task sent from the page does.
        await page.GotoAsync("/aim/send-tasks");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("send-task-会员权益到账通知-今日").ClickAsync();
        await Assertions.Expect(page.GetByTestId("send-fallback-summary")).ToHaveTextAsync("10个号码可解析为卡片；2个不可解析：降级为普通短信。");
        await Assertions.Expect(page.GetByTestId("vendor-Huawei")).ToContainTextAsync("5");
        await page.ScreenshotAsync("34b-demo-send-task");
    }
}
