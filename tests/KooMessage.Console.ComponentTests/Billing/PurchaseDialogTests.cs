using Bunit;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Billing.Packages;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.Billing;

public sealed class PurchaseDialogTests : ConsoleComponentTest
{
    private TestUser owner = default!;
    private SpecOffer offer = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await using var db = await Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var spec = new PackageSpec { Family = PackageFamily.AimSendNotify, Name = "测试1万条", Units = 10_000, PriceFen = 48_000 };
        db.PackageSpecs.Add(spec);
        await db.SaveChangesAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        await Services.GetRequiredService<Ledger>().PostAsync(db, owner.AccountId!.Value, new LedgerPosting(LedgerKind.TopUp, 100_000, "test"), CancellationToken.None);
        await tx.CommitAsync();
        offer = new SpecOffer(spec.Id, spec.Family, spec.Name, spec.Units, spec.PriceFen, spec.ValidityMonths);
    }

    private async Task<IRenderedComponent<MudHost>> OpenAsync()
    {
        SignIn(owner);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<PurchaseDialog>("购买套餐包", new DialogParameters<PurchaseDialog>
        {
            { d => d.Catalog, [offer] }, { d => d.SpecId, offer.Id }, { d => d.BalanceFen, 100_000L }, { d => d.TimeZone, "Asia/Shanghai" },
        }));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=pay]")));
        return host;
    }

    private async Task<int> OrdersAsync()
    {
        await using var db = await Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await db.PackageOrders.CountAsync();
    }

    [Fact]
    public async Task Open_SummaryShown_PayDisabledUntilNoRefundAcknowledged()
    {
        var host = await OpenAsync();

        Assert.Equal("¥480.00", host.Find("[data-testid=summary-total]").TextContent);
        Assert.Contains("购买套餐包后，不支持退订，购买成功后无法申请退款", host.Markup, StringComparison.Ordinal);
        Assert.True(host.Find("button[data-testid=pay]").HasAttribute("disabled"));

        await host.InvokeAsync(() => host.FindComponent<MudNumericField<int>>().Instance.ValueChanged.InvokeAsync(2));
        host.WaitForAssertion(() => Assert.Equal("¥960.00", host.Find("[data-testid=summary-total]").TextContent));
        Assert.Equal(0, await OrdersAsync());

        await host.InvokeAsync(() => host.FindComponent<MudCheckBox<bool>>().Instance.ValueChanged.InvokeAsync(true));
        host.WaitForAssertion(() => Assert.False(host.Find("button[data-testid=pay]").HasAttribute("disabled")));
        host.Find("button[data-testid=pay]").Click();

        host.WaitForAssertion(() => Assert.Empty(host.FindAll("[data-testid=purchase-dialog]")));
        Assert.Equal(1, await OrdersAsync());
    }

    [Fact]
    public async Task Pay_BalanceShort_ShortfallShownInTheDialog()
    {
        var host = await OpenAsync();
        await host.InvokeAsync(() => host.FindComponent<MudNumericField<int>>().Instance.ValueChanged.InvokeAsync(3));
        await host.InvokeAsync(() => host.FindComponent<MudCheckBox<bool>>().Instance.ValueChanged.InvokeAsync(true));

        host.WaitForAssertion(() => Assert.False(host.Find("button[data-testid=pay]").HasAttribute("disabled")));
        host.Find("button[data-testid=pay]").Click();

        host.WaitForAssertion(() => Assert.Contains("还差¥440.00", host.Find("[data-testid=dialog-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, await OrdersAsync());
    }
}
