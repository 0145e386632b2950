using System.Text.RegularExpressions;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Tests;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>An operator makes 个性化 links from a file: the dry run names the bad row, only the valid rows get links.</summary>
public sealed class BulkLinkJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Operator_UploadsAFileWithABadRow_SeesTheDryRun_AndGetsALinkPerValidRow()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        var owner = await browser.App.Services.CreateAccountAsync(admin, "千面科技有限公司", "bulk-owner");
        await browser.App.Services.ApprovedTemplateAsync(owner.AccountId!.Value, "600000009");
        var folder = Directory.CreateTempSubdirectory("km-bulk-").FullName;
        var file = Path.Combine(folder, "客户名单.csv");
        await File.WriteAllTextAsync(file, "手机号,${name},${amount},客户标识\n13800138000,王女士,88,\n138a0138000,李先生,10,\n13900139000,赵女士,66,VIP-9\n");

        var page = await browser.NewPageAsync();
        await page.SignInAsync("bulk-owner", TestData.Password);
        await page.GotoAsync(ShortLinksModule.Route);
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-resolve-task").First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("task-template").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "个性化" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "上传文件（千人千面）" }).CheckAsync();
        await dialog.GetByTestId("task-name").FillAsync("千人千面账单");
        await dialog.GetByTestId("task-signatures").FillAsync(ShortLinkData.Signature);
        var chooser = await page.RunAndWaitForFileChooserAsync(() => dialog.GetByTestId("bulk-choose").ClickAsync());
        await chooser.SetFilesAsync(file);

        await Assertions.Expect(dialog.GetByTestId("bulk-dry-run")).ToContainTextAsync("共 3 行，有效 2 行，无效 1 行");
        await Assertions.Expect(dialog.GetByTestId("bulk-problems")).ToContainTextAsync("手机号：号码只能包含数字（可以 + 或 00 开头）。");
        await Assertions.Expect(dialog.GetByTestId("save")).ToHaveTextAsync("生成 2 个短链");
        await dialog.GetByTestId("bulk-report").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("73-short-link-bulk-dry-run");
        await dialog.GetByTestId("save").ClickAsync();

        await page.WaitForAddressAsync(new Regex("/aim/short-links/[^/?]+(\\?|$)"));
        await Assertions.Expect(page.GetByTestId("aim-code")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("links-grid")).ToContainTextAsync("VIP-9");
        await Assertions.Expect(page.GetByTestId("links-grid")).ToContainTextAsync("13800138000");
        await page.ScreenshotAsync("74-short-link-bulk-links");
        Directory.Delete(folder, recursive: true);
    }
}
