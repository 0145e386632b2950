using KooMessage.Console.Data;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// Issue 13's purchase: a platform administrator tops up a new account in 计费管理, its owner buys a package, sees the
/// 配置费用 and has to tick the no-refund acknowledgement before paying, and finds the package and its order.
/// </summary>
public sealed class PackagePurchaseJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Account = "星河科技有限公司";
    private const string SpecName = "旅程测试1万条";

    private async Task AddSpecAsync()
    {
        await using var db = await browser.App.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        db.PackageSpecs.Add(new PackageSpec { Family = PackageFamily.AimResolve, Name = SpecName, Units = 10_000, PriceFen = 45_000, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task AdministratorTopsUp_OwnerBuysAfterAcknowledgingNoRefund_PackageListed()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        await browser.App.Services.CreateAccountAsync(admin, Account, "owner");
        await AddSpecAsync();

        var page = await browser.NewPageAsync();
        await page.SignInAsync("admin", TestData.Password);
        await page.GotoAsync("/platform/billing");
        await page.WaitForCircuitAsync();
        await page.GetByTestId($"top-up-{Account}").ClickAsync();
        var topUp = page.GetByRole(AriaRole.Dialog);
        await topUp.GetByTestId("amount").FillAsync("0");
        await topUp.GetByTestId("save").ClickAsync();
        await Assertions.Expect(topUp).ToContainTextAsync("请输入大于0且最多两位小数的金额。");
        await topUp.GetByTestId("amount").FillAsync("1000");
        await topUp.GetByTestId("reason").FillAsync("银行转账到账");
        await page.ScreenshotAsync("135-platform-top-up");
        await topUp.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"balance-{Account}")).ToHaveTextAsync("¥1,000.00");
        await page.ScreenshotAsync("136-platform-balances");
        await page.SignOutAsync();

        await page.SignInAsync("owner", TestData.Password);
        await page.GotoAsync("/billing/packages");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("balance")).ToContainTextAsync("¥1,000.00");
        await page.GetByTestId($"buy-AimResolve-{SpecName}").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("quantity").FillAsync("2");
        await Assertions.Expect(dialog.GetByTestId("summary-total")).ToHaveTextAsync("¥900.00");
        await Assertions.Expect(dialog).ToContainTextAsync("购买套餐包后，不支持退订，购买成功后无法申请退款");
        await Assertions.Expect(dialog.GetByTestId("pay")).ToBeDisabledAsync();
        await page.ScreenshotAsync("137-package-purchase-summary");
        await dialog.GetByText("我已了解：购买套餐包后").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("pay")).ToBeEnabledAsync();
        await dialog.GetByTestId("pay").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("balance")).ToContainTextAsync("¥100.00");

        await page.GetByRole(AriaRole.Tab, new() { Name = "我的套餐包" }).ClickAsync();
        var packages = page.GetByTestId("my-packages-grid");
        await Assertions.Expect(packages).ToContainTextAsync(SpecName);
        await Assertions.Expect(packages).ToContainTextAsync("20,000");
        await Assertions.Expect(packages).ToContainTextAsync("使用中");
        await page.ScreenshotAsync("138-my-packages");
        await page.GetByRole(AriaRole.Tab, new() { Name = "订单" }).ClickAsync();
        var orders = page.GetByTestId("orders-grid");
        await Assertions.Expect(orders).ToContainTextAsync("¥900.00");
        await Assertions.Expect(orders).ToContainTextAsync("已支付");
        await page.ScreenshotAsync("139-package-orders");
    }
}
