using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Tests;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// Issue 11's SMS templates: with an approved signature the tenant writes a template whose variables must match its
/// placeholders, watches the billed segment count while typing, submits; the reviewer rejects it with a reason; the
/// tenant edits and resubmits; the reviewer approves it.
/// </summary>
public sealed class SmsTemplateJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task ReviewAsync(IPage page, string title, bool approve, string? reason = null, string? screenshot = null)
    {
        await page.SignInAsync("reviewer", TestData.Password);
        await page.GotoAsync("/review");
        await page.WaitForCircuitAsync();
        await page.GetByTestId($"open-{title}").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.Locator(".km-review-value").First).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("${1} 解析标识（短链）");
        if (reason is not null)
        {
            await dialog.GetByTestId("reason").FillAsync(reason);
        }

        if (screenshot is not null)
        {
            await page.ScreenshotAsync(screenshot);
        }

        await dialog.GetByTestId(approve ? "approve" : "reject").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.SignOutAsync();
    }

    private static async Task OpenListAsync(IPage page)
    {
        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/sms/templates");
        await page.WaitForCircuitAsync();
    }

    [Fact]
    public async Task CreateWithMatchingVariables_SegmentsShownWhileTyping_RejectEditResubmitApprove()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        var reviewer = await browser.App.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        var owner = await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var appId = await browser.App.Services.ReadyForSignaturesAsync(owner, reviewer);
        var signature = await browser.App.Services.RegisterSignatureAsync(owner, appId);
        await browser.App.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, signature, approve: true);
        await browser.App.Services.DecideAsync(reviewer, SignatureReviewSource.KindName, signature, approve: true, input: "10690001");
        var page = await browser.NewPageAsync();

        await OpenListAsync(page);
        await Assertions.Expect(page.GetByTestId("sms-templates-grid")).ToContainTextAsync("还没有短消息模板");
        await page.ScreenshotAsync("90-sms-templates-empty");
        await page.GetByTestId("new-sms-template").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);

        // The only approved signature is chosen, and the short-link slot is there from the start.
        await Assertions.Expect(dialog.GetByTestId("sms-template-signature")).ToContainTextAsync("【星河】");
        await Assertions.Expect(dialog.GetByTestId("variable-placeholder")).ToHaveTextAsync(["${1}"]);
        await dialog.GetByTestId("sms-template-name").FillAsync("会员权益通知");

        // A placeholder without a variable is named at the content.
        await dialog.GetByTestId("sms-template-content").FillAsync("您的会员权益已到账，点击 ${1} 查看，验证码 ${2}。");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(dialog.GetByText("内容中的 ${2} 没有对应的变量")).ToBeVisibleAsync();
        await dialog.GetByTestId("sms-template-content").FillAsync("您的会员权益已到账，点击 ${1} 查看。");

        // 【星河】 4 + content 13 + link + 拒收请回复R 6: one SMS while short; a long text goes in parts of 67.
        var segments = dialog.GetByTestId("sms-segments");
        await Assertions.Expect(segments).ToContainTextAsync("按 1 条计费");
        await Assertions.Expect(dialog.GetByTestId("sms-preview-text")).ToContainTextAsync("【星河】您的会员权益已到账，点击 ");
        await Assertions.Expect(dialog.GetByTestId("sms-preview-text")).ToContainTextAsync("/s/xxxxxxx 查看。拒收请回复R");
        await dialog.GetByTestId("sms-template-content").FillAsync(new string('长', 130) + "${1}");
        await Assertions.Expect(segments).ToContainTextAsync("按 3 条计费");
        await page.ScreenshotAsync("91-sms-template-long");
        await dialog.GetByTestId("sms-template-content").FillAsync("您的会员权益已到账，点击 ${1} 查看。");
        await Assertions.Expect(segments).ToContainTextAsync("按 1 条计费");
        await page.ScreenshotAsync("92-sms-template-dialog");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("sms-templates-grid")).ToContainTextAsync("审核中");

        // In review: neither edited nor deleted.
        await Assertions.Expect(page.GetByTestId("edit-会员权益通知")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("delete-later-会员权益通知")).ToBeDisabledAsync();
        await page.SignOutAsync();

        await ReviewAsync(page, "会员权益通知", approve: false, reason: "请在内容中说明权益的有效期。", screenshot: "93-review-sms-template");

        await OpenListAsync(page);
        await Assertions.Expect(page.GetByTestId("sms-templates-grid")).ToContainTextAsync("请在内容中说明权益的有效期。");
        await page.GetByTestId("edit-会员权益通知").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("sms-template-content")).ToHaveValueAsync("您的会员权益已到账，点击 ${1} 查看。");

        // A second variable: added at the end of the content, it needs a description as type 其他.
        await dialog.GetByTestId("add-variable").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("sms-template-content")).ToHaveValueAsync("您的会员权益已到账，点击 ${1} 查看。${2}");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(dialog.GetByText("请填写 ${2} 的变量说明")).ToBeVisibleAsync();
        await dialog.GetByTestId("variable-desc-2").FillAsync("有效期");
        await dialog.GetByTestId("sms-template-content").FillAsync("您的会员权益已到账，有效期至 ${2}，点击 ${1} 查看。");

        // ${2} takes 1 to 20 characters when sent: the SMS may cross 70 and be billed as two.
        await Assertions.Expect(segments).ToContainTextAsync("按 1 到 2 条计费");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("sms-templates-grid")).ToContainTextAsync("审核中");
        await page.SignOutAsync();

        await ReviewAsync(page, "会员权益通知", approve: true);

        await OpenListAsync(page);
        await Assertions.Expect(page.GetByTestId("sms-templates-grid")).ToContainTextAsync("通过");
        await page.GetByTestId("view-会员权益通知").ClickAsync();
        var detail = page.GetByTestId("item-detail");
        await Assertions.Expect(detail.GetByTestId("detail-state")).ToHaveTextAsync("通过");
        await Assertions.Expect(detail).ToContainTextAsync("${2} 其他（有效期）");
        await page.ScreenshotAsync("94-sms-template-approved");
    }
}
