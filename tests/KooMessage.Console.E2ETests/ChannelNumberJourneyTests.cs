using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// Issue 12's channel numbers: the tenant registers a channel number with a proof image, the reviewer approves it, the
/// tenant binds it to an approved service number for 广东省 › 深圳市, is refused the whole of 广东省 (the conflict named
/// at the region), binds 广东省 › 广州市, and unbinds that after confirming.
/// </summary>
public sealed class ChannelNumberJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private const string Number = "106900001234";
    private readonly string folder = Directory.CreateTempSubdirectory("km-channel-e2e").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task ServiceNumberAsync(Guid accountId)
    {
        await using var db = await browser.App.Services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test", CancellationToken.None);
        var now = DateTime.UtcNow;
        db.ServiceNumbers.Add(new ServiceNumber
        {
            AccountId = accountId, Name = "星河服务", Remark = "官方", Abstract = "星河科技的服务号", State = ServiceNumberState.Active,
            ApproveState = ApproveState.Approved, SubmittedAt = now, CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
    }

    private static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task RegisterApproveBindShenzhenRefuseGuangdongBindGuangzhouUnbind()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        await browser.App.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        var owner = await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await ServiceNumberAsync(owner.AccountId!.Value);
        var proof = Path.Combine(folder, "授权书.png");
        using (var image = new Image<Rgba32>(600, 400, new Rgba32(30, 90, 168)))
        {
            await image.SaveAsPngAsync(proof);
        }

        var page = await browser.NewPageAsync();
        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/service-numbers/channels");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("list-empty")).ToContainTextAsync("还没有登记通道号");
        await page.ScreenshotAsync("120-channel-numbers-empty");

        // Register: a suffix range needs 5 digits and locks 校验签名 on; a normal number may have up to 21.
        await page.GetByTestId("new-channel").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("type-5").ClickAsync();
        await dialog.GetByTestId("channel-number").FillAsync("1234");
        await dialog.GetByTestId("signature-0").FillAsync("星河科技");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("后缀号段必须为 5 位数字");
        await dialog.GetByTestId("type-1").ClickAsync();
        await dialog.GetByTestId("channel-number").FillAsync(Number);
        await dialog.GetByTestId("add-signature").ClickAsync();
        await dialog.GetByTestId("signature-1").FillAsync("星河商城");
        var chooser = await page.RunAndWaitForFileChooserAsync(() => dialog.GetByTestId("proofs").GetByRole(AriaRole.Button).First.ClickAsync());
        await chooser.SetFilesAsync(proof);
        await Assertions.Expect(dialog.GetByTestId("proofs").GetByTestId("picked-file")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("121-channel-number-register");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        var grid = page.GetByTestId("ports-grid");
        await Assertions.Expect(grid).ToContainTextAsync(Number);
        await Assertions.Expect(grid).ToContainTextAsync("审核中");
        await Assertions.Expect(grid.GetByTestId($"bind-{Number}")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("122-channel-number-in-review");
        await page.SignOutAsync();

        // The reviewer sees the number, its signatures and the proof, and approves.
        await page.SignInAsync("reviewer", TestData.Password);
        await page.GotoAsync("/review");
        await page.WaitForCircuitAsync();
        await page.GetByTestId($"open-{Number}").ClickAsync();
        var review = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(review).ToContainTextAsync("【星河商城】");
        await Assertions.Expect(review.Locator("img")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("123-channel-number-review");
        await review.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.SignOutAsync();

        // Bind to 广东省 › 深圳市: merchant, number, type and signatures are filled in.
        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/service-numbers/channels");
        await page.WaitForCircuitAsync();
        await page.GetByTestId($"bind-{Number}").ClickAsync();
        var bind = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(bind.GetByTestId("bind-merchant")).ToHaveTextAsync("星河科技有限公司");
        await Assertions.Expect(bind.GetByTestId("bind-number")).ToHaveTextAsync(Number);
        await Assertions.Expect(bind.GetByTestId("bind-service-number")).ToHaveTextAsync("星河服务（官方）");
        await ChooseAsync(page, bind.GetByTestId("bind-province"), "广东省");
        await ChooseAsync(page, bind.GetByTestId("bind-cities"), "深圳市");
        await bind.Locator(".mud-dialog-title").ClickAsync();
        await bind.GetByTestId("bind-signature-星河商城").ClickAsync();
        await page.ScreenshotAsync("124-channel-number-bind-shenzhen");
        await bind.GetByTestId("bind-submit").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(grid).ToContainTextAsync("已绑定 1 处");

        // The whole of 广东省 overlaps 深圳市: refused, the binding in the way named at the region.
        await page.GetByTestId($"bind-{Number}").ClickAsync();
        bind = page.GetByRole(AriaRole.Dialog);
        await ChooseAsync(page, bind.GetByTestId("bind-province"), "广东省");
        await bind.GetByTestId("bind-submit").ClickAsync();
        await Assertions.Expect(bind.GetByText("广东省 与已有绑定重叠：服务号 星河服务（官方），地区 广东省 › 深圳市。")).ToBeVisibleAsync();
        await Assertions.Expect(bind.GetByTestId("bind-province")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.ScreenshotAsync("125-channel-number-overlap-refused");

        // 广州市 does not overlap.
        await ChooseAsync(page, bind.GetByTestId("bind-cities"), "广州市");
        await bind.Locator(".mud-dialog-title").ClickAsync();
        await bind.GetByTestId("bind-submit").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(grid).ToContainTextAsync("已绑定 2 处");

        // The binding list: both regions, in words; unbind 广州市 after confirming.
        await page.GetByTestId("mode-bindings").ClickAsync();
        var bindings = page.GetByTestId("bindings-grid");
        await Assertions.Expect(bindings.GetByTestId("binding-region")).ToHaveTextAsync(["广东省 › 广州市", "广东省 › 深圳市"]);
        await Assertions.Expect(bindings).ToContainTextAsync("【星河科技】");
        await page.ScreenshotAsync("126-channel-bindings");
        await bindings.GetByTestId($"unbind-{Number}-44:4401").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync("广东省 › 广州市");
        await page.ScreenshotAsync("127-channel-unbind-confirm");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "解绑" }).ClickAsync();
        await Assertions.Expect(bindings.GetByTestId("binding-region")).ToHaveTextAsync(["广东省 › 深圳市"]);
        Assert.Contains("view=bindings", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync("128-channel-unbound");
    }
}
