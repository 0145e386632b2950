using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// Issue 3's journey: the tenant files its enterprise, a reviewer approves it; the tenant registers a signature with a
/// third-party power of attorney, the reviewer rejects it with a reason, the tenant edits and resubmits, and it passes.
/// </summary>
public sealed class FilingAndSignatureJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "km-e2e-files");

    private static string WriteFile(string name, byte[] content)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    // The picker streams each file to the server's staging area (on disk, flushed) and lists the files once they are
    // there, which on a loaded machine takes a while: the wait is twice the usual. When it gives up, it says what the
    // page showed.
    private static async Task PickAsync(ILocator scope, string testId, params string[] paths)
    {
        var picker = scope.GetByTestId(testId);
        await picker.ChooseFilesAsync(paths);
        try
        {
            await Assertions.Expect(picker.GetByTestId("picked-file")).ToHaveCountAsync(paths.Length, new() { Timeout = 60_000 });
        }
        catch (PlaywrightException failed)
        {
            var page = scope.Page;
            await page.ScreenshotAsync($"failed-pick-{testId}");
            var state = await page.EvaluateAsync<string>("""
                () => JSON.stringify({
                    reconnect: document.querySelector('#components-reconnect-modal')?.outerHTML ?? null,
                    error: getComputedStyle(document.querySelector('#blazor-error-ui') ?? document.body).display,
                    url: location.href })
                """);
            throw new PlaywrightException($"{failed.Message}\npage: {state}\npicker: {await picker.InnerHTMLAsync()}", failed);
        }
    }

    private static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option }).ClickAsync();
    }

    private static async Task ReviewAsync(IPage page, string title, bool approve, string? reason = null, string? input = null, string? screenshot = null, string? history = null)
    {
        await page.SignInAsync("reviewer", TestData.Password);
        await page.GotoAsync("/review");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId($"open-{title}")).ToBeVisibleAsync();
        if (screenshot is not null)
        {
            await page.ScreenshotAsync($"{screenshot}-queue");
        }

        await page.GetByTestId($"open-{title}").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.Locator(".km-review-label").First).ToBeVisibleAsync();
        if (history is not null)
        {
            await Assertions.Expect(dialog.GetByTestId("review-history")).ToContainTextAsync(history);
        }

        if (input is not null)
        {
            await dialog.GetByTestId("approve-input").FillAsync(input);
        }

        if (reason is not null)
        {
            // Rejecting without a reason says so at the reason field, far down the dialog, and scrolls it into view.
            await dialog.GetByTestId("reject").ClickAsync();
            var required = dialog.GetByText("驳回时必须填写审核意见");
            await Assertions.Expect(required).ToBeInViewportAsync();
            await Assertions.Expect(dialog.GetByTestId("reason")).ToBeInViewportAsync();
            await Assertions.Expect(dialog.GetByTestId("dialog-error")).ToHaveCountAsync(0);
            await dialog.GetByTestId("reason").FillAsync(reason);
            await Assertions.Expect(required).ToHaveCountAsync(0);
        }

        if (screenshot is not null)
        {
            await page.ScreenshotAsync(screenshot);
        }

        await dialog.GetByTestId(approve ? "approve" : "reject").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.SignOutAsync();
    }

    [Fact]
    public async Task FileEnterprise_RegisterSignature_RejectResubmitApprove()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        await browser.App.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        var owner = await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await using (var scope = browser.App.Services.As(owner.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<SmsAppService>().SaveAsync(null, new SmsAppForm { Name = "会员通知" }, CancellationToken.None));
        }

        var png = WriteFile("licence.png", DemoFiles.Png);
        var pdf = WriteFile("letter.pdf", DemoFiles.Pdf("Authorization letter"));
        var page = await browser.NewPageAsync();

        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/sms/signatures");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("filing-required")).ToBeVisibleAsync();
        await page.ScreenshotAsync("20-signatures-need-filing");

        await page.GotoAsync("/enterprise/filings");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-filing").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("enterprise-name").FillAsync("星河科技有限公司");

        // Submitting asks for every field at the field; a draft keeps what there is.
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(dialog.GetByText("请填写企业联系人。")).ToBeVisibleAsync();
        await dialog.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("filings-grid")).ToContainTextAsync("草稿");
        await page.GetByTestId("edit-星河科技有限公司").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("enterprise-name")).ToHaveValueAsync("星河科技有限公司");
        await dialog.GetByTestId("credit-code").FillAsync("914403001922038217");
        await dialog.GetByTestId("contact-name").FillAsync("李雷");
        await dialog.GetByTestId("contact-phone").FillAsync("13800138000");
        await dialog.GetByTestId("contact-email").FillAsync("lilei@example.com");
        await ChooseAsync(page, dialog.GetByTestId("enterprise-type"), "有限责任公司");
        await ChooseAsync(page, dialog.GetByTestId("industry"), "社交通讯");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(dialog.GetByText("统一社会信用代码无效")).ToBeVisibleAsync();
        await dialog.GetByTestId("credit-code").FillAsync("914403001922038216");
        await PickAsync(dialog, "license", png);
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("material-AimMaterialCommitment-error")).ToContainTextAsync("请上传");
        await Assertions.Expect(dialog.GetByTestId("material-AimMaterialCommitment-error")).ToBeInViewportAsync();
        await Assertions.Expect(dialog.GetByTestId("dialog-error")).ToHaveCountAsync(0);
        await PickAsync(dialog, "material-AimMaterialCommitment", pdf);
        await PickAsync(dialog, "material-SignatureAuthorization", pdf);
        await page.ScreenshotAsync("21-filing-dialog");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("filings-grid")).ToContainTextAsync("审核中");
        await page.ScreenshotAsync("22-filing-submitted");
        await page.SignOutAsync();

        await ReviewAsync(page, "星河科技有限公司", approve: true, screenshot: "23-review-filing");

        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/sms/signatures");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-signature").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("signature-name").FillAsync("星河");
        await dialog.GetByTestId("third-yes").ClickAsync();
        await PickAsync(dialog, "power-of-attorney", pdf);
        await PickAsync(dialog, "licenses", png);
        await page.ScreenshotAsync("24-signature-dialog");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signatures-grid")).ToContainTextAsync("待审核");

        // Just submitted: 催审 is there but not yet possible, and says when it will be.
        await Assertions.Expect(page.GetByTestId("urge-later-星河")).ToBeDisabledAsync();
        await page.SignOutAsync();

        await ReviewAsync(page, "【星河】", approve: false, reason: "授权委托书缺少公章，请重新上传。", screenshot: "25-review-signature");

        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/sms/signatures");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("signatures-grid")).ToContainTextAsync("授权委托书缺少公章");
        await page.ScreenshotAsync("26-signature-rejected");
        await page.GetByTestId("view-星河").ClickAsync();
        var detail = page.GetByTestId("item-detail");
        await Assertions.Expect(detail.GetByTestId("detail-reason")).ToContainTextAsync("授权委托书缺少公章");
        await Assertions.Expect(detail.GetByTestId("detail-file")).ToHaveCountAsync(2);
        await page.ScreenshotAsync("26-signature-view");
        await page.GetByRole(AriaRole.Dialog).GetByTestId("close").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.GetByTestId("edit-星河").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);

        // The dialog has loaded the signature once its stored power of attorney is listed: the picker is rendered for good.
        await Assertions.Expect(dialog.GetByTestId("power-of-attorney").Locator(".km-file-link")).ToHaveCountAsync(1);
        await PickAsync(dialog, "power-of-attorney", pdf);
        await dialog.GetByTestId("apply-desc").FillAsync("已补充盖章的授权委托书");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signatures-grid")).ToContainTextAsync("待审核");
        await page.SignOutAsync();

        await ReviewAsync(page, "【星河】", approve: true, history: "授权委托书缺少公章", screenshot: "26-review-history");
        await ReviewAsync(page, "【星河】", approve: true, input: "10690001", screenshot: "27-review-channel-number");

        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/sms/signatures");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("signatures-grid")).ToContainTextAsync("处理完毕");
        await Assertions.Expect(page.GetByTestId("signatures-grid")).ToContainTextAsync("10690001");
        await page.GetByRole(AriaRole.Button, new() { Name = "通知" }).ClickAsync();
        await Assertions.Expect(page.GetByText("签名【星河】已处理完毕，可以使用。")).ToBeVisibleAsync();
        await page.ScreenshotAsync("28-signature-passed");
        await page.GotoAsync("/sms/signatures");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("export").ClickAsync();
        await Assertions.Expect(page.GetByTestId("export-dialog")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("export-file-name")).ToBeVisibleAsync();
        await page.ScreenshotAsync("29-export-dialog");
        await page.GetByTestId("export-start").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "前往下载中心" }).ClickAsync();
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("download-state").First).ToHaveAttributeAsync("data-state", "Succeeded");
        await Assertions.Expect(page.GetByTestId("downloads-grid")).ToContainTextAsync("签名管理");
        await page.ScreenshotAsync("30-download-center");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-file").First.ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var saved = Path.Combine(BrowserFixture.ScreenshotFolder, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        using var book = new ClosedXML.Excel.XLWorkbook(saved);
        Assert.Equal("星河", book.Worksheet(1).Cell(2, 1).GetString());
    }
}
