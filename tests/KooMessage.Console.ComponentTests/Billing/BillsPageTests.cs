using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Billing.Bills;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.Billing;

/// <summary>账单's states: the summary loading, an account without bills (and its action), and bills with their totals.</summary>
public sealed class BillsPageTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "甲公司", "owner-a");
    }

    private IRenderedComponent<MudHost> RenderBills() => Render<MudHost>(p => p.AddChildContent<BillsPage>());

    [Fact]
    public void SummaryPanel_BeforeTheSummaryArrives_ShowsItIsLoading()
    {
        var cut = Render<BillingSummaryPanel>(p => p.Add(s => s.Summary, null).Add(s => s.User, UserContext.Anonymous));

        Assert.NotEmpty(cut.FindAll(".mud-progress-linear"));
        Assert.Empty(cut.FindAll("[data-testid=packages-panel]"));
    }

    [Fact]
    public void Render_NoBills_EmptyStateOffersToBuyAPackage()
    {
        SignIn(owner);
        var cut = RenderBills();

        cut.WaitForAssertion(() => Assert.Contains("还没有账单", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("没有生效中的套餐包", cut.Markup, StringComparison.Ordinal);
        // A click is dispatched, not awaited: on a busy machine the page's own render may hold the dispatcher first.
        cut.Find("[data-testid=empty-action]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/billing/packages", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_Bills_RowsTotalsAlertsAndForecast()
    {
        var accountId = owner.AccountId!.Value;
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await using (var db = await Services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test", CancellationToken.None))
        {
            var order = new PackageOrder
            {
                AccountId = accountId, IdempotencyKey = "k", Family = PackageFamily.AimResolve, SpecName = "10万条", UnitsPerPackage = 100_000, Quantity = 1,
                UnitPriceFen = 80_000, TotalFen = 80_000, State = OrderState.Paid, CreatedAt = now.AddDays(-10), PaidAt = now.AddDays(-10), CreatedBy = "owner-a",
            };
            db.PackageOrders.Add(order);
            db.ResourcePackages.Add(new ResourcePackage
            {
                AccountId = accountId, OrderId = order.Id, Family = PackageFamily.AimResolve, SpecName = "10万条", Units = 100_000, Used = 95_000,
                StartsAt = now.AddDays(-10), ExpiresAt = now.AddDays(-10).AddMonths(12),
            });
            db.Charges.Add(new Charge
            {
                AccountId = accountId, Item = BillingItem.SendNotify, Mode = UsageMode.OnDemand, UsageFrom = now.AddHours(-3), ChargedAt = now.AddHours(-1),
                Quantity = 3, UnitPrice = 450, AmountFen = Money.ChargeFen(3, 450),
            });
            await db.SaveChangesAsync();
        }

        SignIn(owner);
        var cut = RenderBills();

        cut.WaitForAssertion(() => Assert.Contains("共 2 条，合计 ¥800.14（按需 ¥0.14，套餐包 ¥800.00）", cut.Find("[data-testid=flow-totals]").TextContent, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=bill-flow-grid] [data-testid=amount]").Count));
        Assert.Contains("¥0.0450", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("智能信息解析 10万条：仅剩 5,000", cut.Find("[data-testid=alert]").TextContent, StringComparison.Ordinal);
        Assert.Contains("近30天未使用", cut.Find("[data-testid=forecast]").TextContent, StringComparison.Ordinal);
        Assert.Equal(BillService.ShareMonths, cut.FindAll("[data-testid=share-row]").Count);
        Assert.NotEmpty(cut.FindAll("[data-testid=alert-settings]"));
    }
}
