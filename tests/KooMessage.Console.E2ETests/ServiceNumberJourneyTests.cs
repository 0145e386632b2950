using KooMessage.Console.Common.Security;
using KooMessage.Console.Tests;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// Issue 12's service numbers: a new tenant uploads a logo (a picture too small is refused at the file) and a homepage
/// background, creates a service number one-stop with its homepage and a menu, sees each part in review; the reviewer
/// approves the profile, the homepage and the menu; it shows 已生效; the tenant freezes it (at once) and asks to unfreeze (reviewed).
/// </summary>
public sealed class ServiceNumberJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static FilePayload Picture(int width, int height, string name)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(30, 110, 200));
        using var png = new MemoryStream();
        image.SaveAsPng(png);
        return new FilePayload { Name = name, MimeType = "image/png", Buffer = png.ToArray() };
    }

    private static async Task UploadAsync(IPage page, string typeText, string ruleText, FilePayload file)
    {
        await page.GetByTestId("upload-service-image").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByText(typeText, new() { Exact = true }).ClickAsync();

        // Choosing a type makes a new file picker (what was picked for another type is not kept): pick once the server has
        // drawn it, which the type's rule below it shows.
        await Assertions.Expect(dialog.GetByTestId("service-image-rule")).ToContainTextAsync(ruleText);
        await dialog.ChooseFilesAsync(file);
        await Assertions.Expect(dialog.GetByTestId("picked-file")).ToBeVisibleAsync();
        await dialog.GetByTestId("save").ClickAsync();
    }

    private static async Task ApproveAsync(IPage page, string kind, string title, string? screenshot = null)
    {
        await page.SignInAsync("reviewer", TestData.Password);
        await page.GotoAsync($"/review?kind={kind}");
        await page.WaitForCircuitAsync();
        await page.GetByTestId($"open-{title}").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.Locator(".km-review-value").First).ToBeVisibleAsync();
        if (screenshot is not null)
        {
            await Assertions.Expect(dialog.Locator("img").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(screenshot);
        }

        await dialog.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.SignOutAsync();
    }

    private static async Task OpenDetailAsync(IPage page, string name)
    {
        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/service-numbers");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("service-number-name").Filter(new() { HasText = name }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("service-number-title")).ToHaveTextAsync(name);
    }

    [Fact]
    public async Task NewTenant_UploadsCreatesOneStop_ReviewerApproves_FreezeThenUnfreezeRequest()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        await browser.App.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        var owner = await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await browser.App.Services.ApprovedSignaturesAsync(owner.AccountId!.Value, "星河");
        var page = await browser.NewPageAsync();

        // Image resources: empty at first; a logo under 240×240 is refused at the file, saying why.
        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/service-numbers/images");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("service-images-grid")).ToContainTextAsync("还没有图片资源");
        await page.ScreenshotAsync("100-service-images-empty");
        await UploadAsync(page, "服务号LOGO", "240×240", Picture(200, 200, "small-logo.png"));
        var upload = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(upload.GetByTestId("service-image-file-error")).ToContainTextAsync("分辨率为200×200，不能低于240×240");
        await page.ScreenshotAsync("101-service-image-refused");
        await upload.ChooseFilesAsync(Picture(256, 256, "logo.png"));
        await Assertions.Expect(upload.GetByTestId("service-image-file-error")).ToHaveCountAsync(0);
        await upload.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await UploadAsync(page, "主页背景图", "1440×810", Picture(1440, 810, "background.png"));
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("service-image-facts").First).ToContainTextAsync("PNG · 1440 × 810");
        await Assertions.Expect(page.GetByTestId("service-image-facts").Last).ToContainTextAsync("PNG · 256 × 256");

        // One-stop: profile and homepage on one page, submitted together.
        await page.GotoAsync("/service-numbers");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("service-numbers-grid")).ToContainTextAsync("还没有服务号");
        await page.GetByTestId("create-service-number").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("sn-name").FillAsync("星河出行");
        await dialog.GetByTestId("sn-remark").FillAsync("总部");
        await dialog.GetByTestId("sn-abstract").FillAsync("星河出行官方服务号，行程与账单一站送达。");
        await dialog.GetByTestId("sn-logo").GetByTestId("image-choice").First.ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("sn-signature")).ToContainTextAsync("【星河】");
        await dialog.GetByTestId("hp-background").GetByTestId("image-choice").First.ClickAsync();
        await dialog.GetByTestId("hp-summary").FillAsync("欢迎关注星河出行。");
        await dialog.GetByTestId("hp-add-hotline").ClickAsync();
        await dialog.GetByTestId("hp-tel").FillAsync("400-800-8800");
        await dialog.GetByTestId("hp-usage").FillAsync("官方客服");
        await dialog.GetByTestId("palette-item").ClickAsync();
        await dialog.GetByTestId("field-name").FillAsync("预订行程");
        await dialog.GetByTestId("field-url").FillAsync("https://trip.example.com/book");
        await dialog.GetByTestId("field-web-title").FillAsync("预订行程");
        await dialog.GetByTestId("field-web-title").BlurAsync();
        await Assertions.Expect(dialog.GetByTestId("sim-item")).ToContainTextAsync("预订行程");
        await page.ScreenshotAsync("102-service-number-one-stop");
        await dialog.GetByTestId("save").ClickAsync();

        // Each part's review shows on the detail; the homepage cannot be urged before the service number is approved.
        await Assertions.Expect(page.GetByTestId("service-number-title")).ToHaveTextAsync("星河出行");
        await Assertions.Expect(page.GetByTestId("service-number-state")).ToHaveTextAsync("未生效");
        await Assertions.Expect(page.GetByTestId("progress-profile-state")).ToHaveTextAsync("审核中");
        await Assertions.Expect(page.GetByTestId("progress-homepage-state")).ToHaveTextAsync("审核中");
        await Assertions.Expect(page.GetByTestId("progress-menu-state")).ToHaveTextAsync("审核中");
        await Assertions.Expect(page.GetByTestId("urge-Homepage-disabled")).ToBeDisabledAsync();
        await page.GetByTestId("urge-Profile").ClickAsync();
        await Assertions.Expect(page.GetByTestId("progress-profile")).ToContainTextAsync("已于");
        await page.ScreenshotAsync("103-service-number-in-review");
        await page.SignOutAsync();

        // The reviewer sees the logo and the fields, approves the profile, then the homepage.
        await ApproveAsync(page, "service_number", "星河出行", "104-service-number-review");
        await ApproveAsync(page, "service_homepage", "星河出行");
        await page.SignInAsync("reviewer", TestData.Password);
        await page.GotoAsync("/review?kind=service_menu");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("open-星河出行（总部） v1").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).GetByTestId("menu-simulator")).ToContainTextAsync("预订行程");
        await page.GetByRole(AriaRole.Dialog).GetByTestId("approve").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.SignOutAsync();

        await OpenDetailAsync(page, "星河出行");
        await Assertions.Expect(page.GetByTestId("service-number-state")).ToHaveTextAsync("已生效");
        await Assertions.Expect(page.GetByTestId("progress-homepage-state")).ToHaveTextAsync("审核通过");
        await Assertions.Expect(page.GetByTestId("progress-menu-state")).ToHaveTextAsync("已生效");
        await Assertions.Expect(page.GetByTestId("homepage-live").GetByTestId("homepage-summary")).ToHaveTextAsync("欢迎关注星河出行。");
        await page.ScreenshotAsync("105-service-number-live");

        // Freeze: at once, and nothing under it can be edited; unfreeze is asked for and reviewed.
        await page.GetByTestId("freeze").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "冻结" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("service-number-state")).ToHaveTextAsync("已冻结");
        await Assertions.Expect(page.GetByTestId("frozen-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("edit-profile")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("edit-homepage")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("106-service-number-frozen");
        await page.GetByTestId("unfreeze").ClickAsync();
        var unfreeze = page.GetByRole(AriaRole.Dialog);
        await unfreeze.GetByTestId("save").ClickAsync();
        await Assertions.Expect(unfreeze.GetByText("解冻原因长度必须为 1 到 200 个字符。")).ToBeVisibleAsync();
        await unfreeze.GetByTestId("unfreeze-reason").FillAsync("违规内容已整改");
        await unfreeze.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("progress-profile")).ToContainTextAsync("解冻申请");
        await Assertions.Expect(page.GetByTestId("service-number-state")).ToHaveTextAsync("已冻结");
        await Assertions.Expect(page.GetByTestId("progress-profile-state")).ToHaveTextAsync("审核中");
        await page.ScreenshotAsync("107-service-number-unfreeze-requested");
        await page.SignOutAsync();

        await ApproveAsync(page, "service_number", "星河出行");
        await OpenDetailAsync(page, "星河出行");
        await Assertions.Expect(page.GetByTestId("service-number-state")).ToHaveTextAsync("已生效");
        await page.ScreenshotAsync("108-service-number-unfrozen");
    }
}
