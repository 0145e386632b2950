using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>A developer checks numbers given as SHA1 before a send: one the platform learned is supported, one it does not know is not.</summary>
public sealed class CapabilityJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Developer_ChecksSha1Numbers_SeesSupportedAndUnsupported()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        var owner = await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await browser.App.Services.CreateUserAsync(owner, "developer", Roles.Development);
        var known = MobileNumbers.Sha1Of("8613800138000");
        var unknown = MobileNumbers.Sha1Of("8613600136000");
        await browser.App.Services.GetRequiredService<CapabilityLearning>().RecordAsync(known, Vendor.Huawei, CancellationToken.None);

        var page = await browser.NewPageAsync();
        await page.SignInAsync("developer", TestData.Password);
        await page.GotoAsync(CapabilityModule.Route);
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("demo-numbers")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Radio, new() { Name = "SHA1 摘要" }).CheckAsync();

        await page.GetByTestId("numbers").FillAsync($"{known.ToUpperInvariant()}\nnot-a-sha1");
        await page.GetByTestId("check").ClickAsync();
        await Assertions.Expect(page.GetByText("第 2 行“not-a-sha1”：SHA1 号码须为 40 位十六进制字符。")).ToBeVisibleAsync();

        await page.GetByTestId("numbers").FillAsync($"{known.ToUpperInvariant()}\n{unknown}");
        await page.GetByTestId("check").ClickAsync();

        await Assertions.Expect(page.GetByTestId("supported")).ToContainTextAsync(known.ToUpperInvariant());
        await Assertions.Expect(page.GetByTestId("supported")).ToContainTextAsync("华为（含荣耀） · 访问获知");
        await Assertions.Expect(page.GetByTestId("unsupported")).ToContainTextAsync(unknown);
        await Assertions.Expect(page.GetByTestId("unsupported")).ToContainTextAsync("未知：暂无数据");
        await page.ScreenshotAsync("60-capability-sha1");
    }
}
