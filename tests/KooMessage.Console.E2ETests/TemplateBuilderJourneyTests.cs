using System.Text.RegularExpressions;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Tests;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// Issue 9's journey: a designer builds a 图文 card by dragging its parts in, sees Xiaomi and Huawei cut the title
/// differently and OPPO warn about an action, fixes both, adds ${name}, submits; the reviewer activates Huawei and
/// OPPO; the template is approved and its H5 page opens on a phone.
/// </summary>
public sealed class TemplateBuilderJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private const string AndroidChrome = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
    private const string LongTitle = "星河双十二年终盛典全场五折起限时抢购";
    private const string Title = "星河双十二全场五折起";

    private readonly string folder = Directory.CreateTempSubdirectory("km-builder-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Banner()
    {
        var path = Path.Combine(folder, "双十二横幅.png");
        using var image = new Image<Rgba32>(1248, 702, new Rgba32(200, 40, 60));
        image.SaveAsPng(path);
        return path;
    }

    private static ILocator Zone(IPage page, string zone) => page.GetByTestId($"zone-{zone}");

    private static ILocator Kind(IPage page, string kind) => page.Locator($"[data-testid=palette-kind][data-kind={kind}]");

    private static ILocator Preview(IPage page, string vendor) => page.Locator($"[data-testid=vendor-preview][data-vendor={vendor}]");

    /// <summary>
    /// Selects a canvas item and waits until the properties panel is that component's: two buttons share a heading, so
    /// the heading alone can show before the panel changed, and a fill would go to the component selected before.
    /// </summary>
    private static async Task SelectAsync(ILocator item, IPage page, string heading)
    {
        await item.ClickAsync();
        var properties = page.GetByTestId("content-properties");
        await Assertions.Expect(properties).ToHaveAttributeAsync("data-component", (await item.GetAttributeAsync("data-component"))!);
        await Assertions.Expect(page.Locator("#props-title")).ToContainTextAsync(heading);
    }

    private static async Task ChooseActionAsync(IPage page, string action, string target)
    {
        var properties = page.GetByTestId("content-properties");
        await properties.GetByTestId("action-type").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = action }).ClickAsync();
        await properties.GetByTestId("action-target").FillAsync(target);
        await properties.GetByTestId("action-target").BlurAsync();
    }

    private static async Task ReviewAsync(IPage page, string title)
    {
        await page.GotoAsync("/review");
        await page.WaitForCircuitAsync();
        await page.GetByTestId($"open-{title}").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Designer_DragsACardTogether_FixesWhatVendorsRefuse_SubmitsAndTheApprovedCardOpensOnAPhone()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await browser.App.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        var page = await browser.NewPageAsync();
        await page.SignInAsync("owner", TestData.Password);

        // A picture in the 素材库 first.
        await page.GotoAsync("/aim/materials");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("list-empty")).ToBeVisibleAsync();
        await page.GetByTestId("upload-material").ClickAsync();
        var upload = page.GetByRole(AriaRole.Dialog);
        // Through the picker's own button, as a user does: the chooser opens only once the upload field is live.
        var chooser = await page.RunAndWaitForFileChooserAsync(() => upload.GetByTestId("material-file").GetByRole(AriaRole.Button).First.ClickAsync());
        await chooser.SetFilesAsync(Banner());
        await Assertions.Expect(upload.GetByTestId("material-file").GetByTestId("picked-file")).ToHaveCountAsync(1);
        await upload.GetByTestId("material-name-input").FillAsync("双十二横幅");
        await upload.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("material-name")).ToHaveTextAsync("双十二横幅");

        // 新建模板 opens the builder on an empty 图文 card.
        await page.GotoAsync("/aim/templates");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-template").ClickAsync();
        var create = page.GetByRole(AriaRole.Dialog);
        await create.GetByTestId("template-name").FillAsync("星河双十二");
        await create.GetByTestId("template-layout").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "营销类 · 图文（StandardImageAndText）" }).ClickAsync();
        await create.GetByTestId("template-vendors").ClickAsync();
        foreach (var vendor in new[] { "HUAWEI", "XIAOMI", "OPPO" })
        {
            await page.GetByRole(AriaRole.Option, new() { Name = vendor }).ClickAsync();
        }

        await create.GetByTestId("template-name").ClickAsync();
        await create.GetByTestId("save").ClickAsync();
        await page.WaitForAddressAsync(new Regex("/edit(\\?|$)"));
        await Assertions.Expect(page.GetByTestId("canvas-card")).ToBeVisibleAsync();
        var tplId = (await page.GetByTestId("builder-tpl-id").TextContentAsync())!.Trim();

        // Drag the picture, the title, the text and two buttons into their zones; a picture is refused by the title.
        await Kind(page, "Image").DragToAsync(Zone(page, "title"));
        await Assertions.Expect(Zone(page, "title").GetByTestId("canvas-item")).ToHaveCountAsync(0);
        await Kind(page, "Image").DragToAsync(Zone(page, "image"));
        await Assertions.Expect(Zone(page, "image").GetByTestId("canvas-item")).ToHaveCountAsync(1);
        await Kind(page, "Text").DragToAsync(Zone(page, "title"));
        await Assertions.Expect(Zone(page, "title").GetByTestId("canvas-item")).ToHaveCountAsync(1);
        await Kind(page, "Text").DragToAsync(Zone(page, "body"));
        await Assertions.Expect(Zone(page, "body").GetByTestId("canvas-item")).ToHaveCountAsync(1);
        await Kind(page, "Button").DragToAsync(Zone(page, "buttons"));
        await Assertions.Expect(Zone(page, "buttons").GetByTestId("canvas-item")).ToHaveCountAsync(1);
        await Kind(page, "Button").DragToAsync(Zone(page, "buttons"));
        await Assertions.Expect(Zone(page, "buttons").GetByTestId("canvas-item")).ToHaveCountAsync(2);
        await page.ScreenshotAsync("50-builder-dragged");

        // The picture from the library, opening the shop.
        await SelectAsync(Zone(page, "image").GetByTestId("canvas-item"), page, "图片");
        await page.GetByTestId("pick-material").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByTestId("material-option").First.ClickAsync();
        await ChooseActionAsync(page, "浏览器打开（OPEN_BROWSER）", "https://shop.example.com/d12");

        // A title longer than Huawei shows: Huawei cuts it to one line, Xiaomi shows it whole on two.
        await SelectAsync(Zone(page, "title").GetByTestId("canvas-item"), page, "标题");
        await page.GetByTestId("content-text").FillAsync(LongTitle);
        await page.GetByTestId("content-text").BlurAsync();
        await Assertions.Expect(Preview(page, "Huawei").GetByTestId("preview-Title")).ToHaveAttributeAsync("data-cut", "true");
        await Assertions.Expect(Preview(page, "Huawei").GetByTestId("preview-Title")).ToHaveTextAsync(LongTitle[..16] + "…");
        await Assertions.Expect(Preview(page, "Xiaomi").GetByTestId("preview-Title")).ToHaveTextAsync(LongTitle);
        await Assertions.Expect(Preview(page, "Huawei").GetByTestId("preview-state")).ToHaveTextAsync("不提交到该厂商");

        // The text greets by name; the buttons open the shop, the first one as OPPO may not take.
        await SelectAsync(Zone(page, "body").GetByTestId("canvas-item"), page, "正文");
        await page.GetByTestId("content-text").FillAsync("${name}您好，双十二全场五折起，会员再享九五折。");
        await page.GetByTestId("content-text").BlurAsync();
        await SelectAsync(Zone(page, "buttons").GetByTestId("canvas-item").First, page, "按钮");
        await page.GetByTestId("content-text").FillAsync("立即抢购");
        await ChooseActionAsync(page, "打开网页（OPEN_URL）", "https://shop.example.com/d12");
        await SelectAsync(Zone(page, "buttons").GetByTestId("canvas-item").Last, page, "按钮");
        await page.GetByTestId("content-text").FillAsync("查看详情");
        await ChooseActionAsync(page, "浏览器打开（OPEN_BROWSER）", "https://shop.example.com/d12/rules");
        var oppoWarning = Preview(page, "Oppo").Locator("[data-testid=violation][data-severity=Warning]", new() { HasText = "OPEN_URL" });
        await Assertions.Expect(oppoWarning).ToHaveCountAsync(1);
        await page.ScreenshotAsync("51-builder-vendor-cuts");

        // Fix: a title every vendor shows whole, the first button opening the browser, ${name} declared with its example.
        await SelectAsync(Zone(page, "title").GetByTestId("canvas-item"), page, "标题");
        await page.GetByTestId("content-text").FillAsync(Title);
        await page.GetByTestId("content-text").BlurAsync();
        await SelectAsync(Zone(page, "buttons").GetByTestId("canvas-item").First, page, "按钮");
        await ChooseActionAsync(page, "浏览器打开（OPEN_BROWSER）", "https://shop.example.com/d12");
        await Assertions.Expect(oppoWarning).ToHaveCountAsync(0);
        await page.GetByTestId("show-settings").ClickAsync();
        await page.GetByTestId("new-param-name").FillAsync("name");
        await page.GetByTestId("new-param-example").FillAsync("张先生");
        await page.GetByTestId("add-param").ClickAsync();
        await page.GetByTestId("setting-sms-template").FillAsync("双十二全场五折起，详情请查看卡片。拒收请回复R");
        await page.GetByTestId("setting-sms-example").FillAsync("双十二全场五折起，详情请查看卡片。");
        await page.GetByTestId("setting-sms-example").BlurAsync();
        await Assertions.Expect(Preview(page, "Huawei").GetByTestId("preview-Body")).ToContainTextAsync("张先生您好");
        foreach (var vendor in new[] { "Huawei", "Xiaomi", "Oppo" })
        {
            await Assertions.Expect(Preview(page, vendor).GetByTestId("preview-state")).ToHaveTextAsync("提交到该厂商");
            await Assertions.Expect(Preview(page, vendor).Locator("[data-testid=violation][data-severity=Error]")).ToHaveCountAsync(0);
        }

        await Assertions.Expect(Preview(page, "Huawei").Locator("img").First).ToHaveJSPropertyAsync("complete", true);

        // The buttons reordered by dragging the first below the second.
        var buttons = Zone(page, "buttons").GetByTestId("canvas-item");
        await buttons.First.DragToAsync(buttons.Last);
        await Assertions.Expect(buttons.First).ToContainTextAsync("查看详情");
        await Assertions.Expect(Preview(page, "Huawei").GetByTestId("preview-button").First).ToHaveTextAsync("查看详情");
        await Assertions.Expect(page.GetByTestId("save-state")).ToHaveAttributeAsync("data-state", "saved");
        await page.ScreenshotAsync("52-builder-fixed");

        await page.GetByTestId("builder-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("builder-audit-state")).ToHaveTextAsync("审核中");
        await Assertions.Expect(page.GetByTestId("builder-readonly")).ToBeVisibleAsync();
        await page.SignOutAsync();

        // The reviewer activates it for Huawei and OPPO, each on its own ticket.
        await page.SignInAsync("reviewer", TestData.Password);
        await ReviewAsync(page, $"星河双十二（{tplId}）· HUAWEI");
        await ReviewAsync(page, $"星河双十二（{tplId}）· OPPO");
        await page.SignOutAsync();

        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/aim/templates");
        await page.WaitForCircuitAsync();
        var row = page.GetByTestId("templates-grid").Locator("tr", new() { HasText = "星河双十二" });
        await Assertions.Expect(row.GetByTestId("audit-state")).ToHaveTextAsync("审核通过");
        await row.GetByTestId("preview").ClickAsync();
        var preview = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(preview.GetByTestId("vendor-review")).ToContainTextAsync(["HUAWEI：已激活", "OPPO：已激活", "XIAOMI：待激活"]);
        await page.ScreenshotAsync("53-template-approved");
        var h5Url = await preview.GetByTestId("h5-link").GetAttributeAsync("href");

        await using var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
            UserAgent = AndroidChrome, Locale = "zh-CN",
        });
        var h5 = await phone.NewPageAsync();
        await h5.GotoAsync(h5Url!);
        await Assertions.Expect(h5.GetByTestId("preview-Title")).ToHaveTextAsync(Title);
        await Assertions.Expect(h5.GetByTestId("preview-Body")).ToContainTextAsync("张先生您好");
        await Assertions.Expect(h5.GetByTestId("preview-button").First).ToHaveAttributeAsync("href", "https://shop.example.com/d12/rules");
        await Assertions.Expect(h5.Locator("img").First).ToHaveJSPropertyAsync("complete", true);
        await h5.ScreenshotAsync("54-template-h5-phone");
    }
}
