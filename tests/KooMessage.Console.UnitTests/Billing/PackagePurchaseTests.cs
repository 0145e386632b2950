using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Billing.Packages;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Resources;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Billing;

/// <summary>Purchase of packages, payment from the prepaid balance, renewal, and the platform's top-ups and adjustments.</summary>
public sealed class PackagePurchaseTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser owner = default!;
    private PackageSpec spec = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner");
        spec = await AddSpecAsync(PackageFamily.AimResolve, "测试10万条", 100_000, 45_000);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<KooMessageDb> SystemDbAsync() => await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    private async Task<PackageSpec> AddSpecAsync(PackageFamily family, string name, long units, long priceFen)
    {
        await using var db = await SystemDbAsync();
        var added = new PackageSpec { Family = family, Name = name, Units = units, PriceFen = priceFen, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.PackageSpecs.Add(added);
        await db.SaveChangesAsync();
        return added;
    }

    private async Task<Result> PostAsync(TestUser user, Guid accountId, WalletPostingKind kind, string amount, string? reason = null, int? version = null)
    {
        await using var scope = app.Services.As(user.Principal);
        var form = new WalletPostingForm { Kind = kind, Amount = amount, Reason = reason, ExpectedVersion = version ?? await WalletVersionAsync(accountId) };
        return await scope.ServiceProvider.GetRequiredService<PlatformBillingService>().PostAsync(accountId, form, CancellationToken.None);
    }

    private async Task<int> WalletVersionAsync(Guid accountId)
    {
        await using var db = await SystemDbAsync();
        return await db.BillingAccounts.Where(b => b.AccountId == accountId).Select(b => b.Version).SingleOrDefaultAsync();
    }

    private async Task<Result<PurchaseDone>> BuyAsync(TestUser user, PurchaseForm form)
    {
        await using var scope = app.Services.As(user.Principal);
        return await scope.ServiceProvider.GetRequiredService<PackageService>().BuyAsync(form, CancellationToken.None);
    }

    private PurchaseForm Form(int quantity = 1, string? key = null) =>
        new() { Family = spec.Family, SpecId = spec.Id, Quantity = quantity, Acknowledged = true, IdempotencyKey = key ?? Guid.NewGuid().ToString("N") };

    private async Task<long> BalanceAsync()
    {
        await using var db = await SystemDbAsync();
        return await db.BillingAccounts.Where(b => b.AccountId == owner.AccountId).Select(b => b.BalanceFen).SingleOrDefaultAsync();
    }

    private async Task RunRenewalAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == PackageRenewalJob.KindName);
        await handler.RunAsync(new JobContext(new Job { Kind = PackageRenewalJob.KindName }, (_, _, _) => ValueTask.CompletedTask), CancellationToken.None);
    }

    [Fact]
    public async Task Buy_PaidFromBalance_OrderPackageAndDebitTogether()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));

        var done = TestData.Ok(await BuyAsync(owner, Form(quantity: 3)));

        await using var db = await SystemDbAsync();
        var order = await db.PackageOrders.SingleAsync();
        Assert.Equal((done.OrderId, OrderState.Paid, 135_000L, 3), (order.Id, order.State, order.TotalFen, order.Quantity));
        var package = await db.ResourcePackages.SingleAsync();
        Assert.Equal(300_000, package.Units);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, package.StartsAt);

        // A year on the account's calendar (Asia/Shanghai): 2026-11-29 16:00 local → 2027-11-29 16:00 local.
        Assert.Equal(new DateTime(2027, 11, 29, 8, 0, 0, DateTimeKind.Utc), package.ExpiresAt);
        var debit = await db.LedgerEntries.SingleAsync(e => e.Kind == LedgerKind.Purchase);
        Assert.Equal((-135_000L, 65_000L, order.Id), (debit.AmountFen, debit.BalanceAfterFen, debit.OrderId));
        Assert.Equal(65_000, await BalanceAsync());
        Assert.Equal(await db.LedgerEntries.SumAsync(e => e.AmountFen), await BalanceAsync());
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ObjectType == PackagesModule.OrderAuditType && e.ObjectId == order.Id.ToString()));
    }

    [Fact]
    public async Task Buy_SameKeyTwice_SameOrderOneDebit()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        var form = Form(key: "same-key");

        var first = TestData.Ok(await BuyAsync(owner, form));
        var retried = TestData.Ok(await BuyAsync(owner, Form(quantity: 2, key: "same-key")));

        Assert.Equal(first.OrderId, retried.OrderId);
        Assert.False(first.Repeated);
        Assert.True(retried.Repeated);
        await using var db = await SystemDbAsync();
        Assert.Equal(1, await db.PackageOrders.CountAsync());
        Assert.Equal(1, await db.ResourcePackages.CountAsync());
        Assert.Equal(1, await db.LedgerEntries.CountAsync(e => e.Kind == LedgerKind.Purchase));
        Assert.Equal(155_000, await BalanceAsync());
    }

    [Fact]
    public async Task Buy_ConcurrentDoubleClick_OneOrderOneDebit()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        var key = Guid.NewGuid().ToString("N");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => BuyAsync(owner, Form(key: key)))));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Single(results.Select(r => r.Value.OrderId).Distinct());
        Assert.Single(results, r => !r.Value.Repeated);
        await using var db = await SystemDbAsync();
        Assert.Equal(1, await db.PackageOrders.CountAsync());
        Assert.Equal(1, await db.LedgerEntries.CountAsync(e => e.Kind == LedgerKind.Purchase));
        Assert.Equal(155_000, await BalanceAsync());
    }

    [Theory]
    [InlineData(Roles.CommonOperations)]
    [InlineData(Roles.Development)]
    [InlineData(Roles.ReadOnlyAccess)]
    public async Task Buy_NotFullAccess_RefusedAndNothingWritten(string role)
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        var user = await app.Services.CreateUserAsync(owner, "user-" + role.ToLowerInvariant(), role);

        var result = await BuyAsync(user, Form());

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
        await using var db = await SystemDbAsync();
        Assert.False(await db.PackageOrders.AnyAsync());
        Assert.Equal(200_000, await BalanceAsync());
    }

    [Fact]
    public async Task Buy_OwnerDemotedSinceSignIn_RefusedFromTheDatabase()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        var second = await app.Services.CreateUserAsync(owner, "second", Roles.FullAccess);
        await using (var db = await SystemDbAsync())
        {
            // Demoted in the store; the principal still says FullAccess.
            var fullAccess = await db.Roles.SingleAsync(r => r.Name == Roles.FullAccess);
            var readOnly = await db.Roles.SingleAsync(r => r.Name == Roles.ReadOnlyAccess);
            var link = await db.UserRoles.SingleAsync(ur => ur.UserId == second.Id && ur.RoleId == fullAccess.Id);
            db.UserRoles.Remove(link);
            db.UserRoles.Add(new() { UserId = second.Id, RoleId = readOnly.Id });
            await db.SaveChangesAsync();
        }

        var result = await BuyAsync(second, Form());

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
        await using var after = await SystemDbAsync();
        Assert.False(await after.PackageOrders.AnyAsync());
    }

    [Fact]
    public async Task Buy_BalanceShort_RefusedNamingShortfallAndNothingWritten()
    {
        using var chinese = CultureScope.Use("zh-CN");
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "1000"));

        var result = await BuyAsync(owner, Form(quantity: 3));

        Assert.Equal(BalancePaymentProvider.ShortfallCode, result.Error?.Code);
        Assert.Contains("¥1,350.00", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("还差¥350.00", result.Error.Message, StringComparison.Ordinal);
        await using var db = await SystemDbAsync();
        Assert.False(await db.PackageOrders.AnyAsync());
        Assert.False(await db.ResourcePackages.AnyAsync());
        Assert.Equal(1, await db.LedgerEntries.CountAsync());
        Assert.Equal(100_000, await BalanceAsync());
    }

    [Fact]
    public async Task Buy_InRetention_RefusedButTopUpAcceptedAndRestoresService()
    {
        var accountId = owner.AccountId!.Value;
        TestData.Ok(await PostAsync(admin, accountId, WalletPostingKind.Debit, "10", "测试欠费"));
        clock.Advance(TimeSpan.FromDays(8));
        await using (var db = await SystemDbAsync())
        {
            Assert.Equal(1, await app.Services.GetRequiredService<ArrearsClock>().RetainOverdueAsync(db, CancellationToken.None));
        }

        var refused = await BuyAsync(owner, Form());
        var topUp = await PostAsync(admin, accountId, WalletPostingKind.TopUp, "1000");
        var bought = await BuyAsync(owner, Form());

        Assert.Equal(ArrearsGate.ErrorCode, refused.Error?.Code);
        Assert.True(topUp.IsSuccess);
        Assert.True(bought.IsSuccess);
        await using var after = await SystemDbAsync();
        Assert.Equal(1, await after.PackageOrders.CountAsync());
        Assert.Equal(ArrearsState.Normal, (await after.BillingAccounts.SingleAsync()).Arrears);
    }

    [Fact]
    public async Task Buy_Invalid_FieldMessages()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var l = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();

        var result = await BuyAsync(owner, new PurchaseForm { SpecId = null, Quantity = 100, Acknowledged = false });

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        var fields = result.Error!.Fields.ToDictionary(f => f.Field, f => f.Message);
        Assert.Equal(l["Validation.Required", l["Packages.Spec"]].Value, fields[nameof(PurchaseForm.SpecId)]);
        Assert.Equal("购买数量必须为1到99。", fields[nameof(PurchaseForm.Quantity)]);
        Assert.Equal(l["Packages.AcknowledgeRequired"].Value, fields[nameof(PurchaseForm.Acknowledged)]);
    }

    [Fact]
    public async Task Buy_SpecWithdrawn_RefusedAtTheSpec()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        await using (var scope = app.Services.As(admin.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<PlatformBillingService>().SetOnSaleAsync(spec.Id, false, spec.Version, CancellationToken.None));
        }

        var result = await BuyAsync(owner, Form());

        Assert.Equal(nameof(PurchaseForm.SpecId), Assert.Single(result.Error!.Fields).Field);
        await using var db = await SystemDbAsync();
        Assert.False(await db.PackageOrders.AnyAsync());
    }

    [Fact]
    public async Task Renewal_ExpiredWithAutoRenew_RenewedOnceAcrossReruns()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        TestData.Ok(await BuyAsync(owner, Form(quantity: 2)));
        await using (var scope = app.Services.As(owner.Principal))
        {
            var row = Assert.Single(TestData.Ok(await scope.ServiceProvider.GetRequiredService<PackageService>().ListPackagesAsync(new PageRequest(), CancellationToken.None)).Items);
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<PackageService>().SetAutoRenewAsync(row.Id, true, row.Version, CancellationToken.None));
        }

        await RunRenewalAsync();
        await using (var before = await SystemDbAsync())
        {
            Assert.Equal(1, await before.PackageOrders.CountAsync());
        }

        await using (var db = await SystemDbAsync())
        {
            // The price rose meanwhile: the renewal pays today's price.
            await db.PackageSpecs.Where(s => s.Id == spec.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.PriceFen, 50_000));
        }

        clock.Advance(TimeSpan.FromDays(366));
        await RunRenewalAsync();
        await RunRenewalAsync();

        await using var after = await SystemDbAsync();
        var renewal = await after.PackageOrders.SingleAsync(o => o.RenewalOf != null);
        Assert.Equal((OrderState.Paid, 100_000L, 2), (renewal.State, renewal.TotalFen, renewal.Quantity));
        Assert.Equal(2, await after.ResourcePackages.CountAsync());
        var fresh = await after.ResourcePackages.SingleAsync(p => p.OrderId == renewal.Id);
        Assert.True(fresh.AutoRenew);
        Assert.Equal(200_000, fresh.Units);
        Assert.Equal(renewal.Id, (await after.ResourcePackages.SingleAsync(p => p.Id == renewal.RenewalOf)).RenewedBy);
        Assert.Equal(2, await after.LedgerEntries.CountAsync(e => e.Kind == LedgerKind.Purchase));
        Assert.Equal(200_000 - 90_000 - 100_000, await BalanceAsync());
        Assert.Single(await after.Notifications.Where(n => n.TextKey == "Notify.PackageRenewed").ToListAsync());
    }

    [Fact]
    public async Task Renewal_BalanceShort_FailedOrderWithReasonAndNotification()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "450"));
        TestData.Ok(await BuyAsync(owner, Form()));
        await using (var scope = app.Services.As(owner.Principal))
        {
            var service = scope.ServiceProvider.GetRequiredService<PackageService>();
            var row = Assert.Single(TestData.Ok(await service.ListPackagesAsync(new PageRequest(), CancellationToken.None)).Items);
            TestData.Ok(await service.SetAutoRenewAsync(row.Id, true, row.Version, CancellationToken.None));
        }

        clock.Advance(TimeSpan.FromDays(366));
        await RunRenewalAsync();
        await RunRenewalAsync();

        await using var db = await SystemDbAsync();
        var failed = await db.PackageOrders.SingleAsync(o => o.RenewalOf != null);
        Assert.Equal(OrderState.Failed, failed.State);
        Assert.Contains("¥450.00", failed.FailReason, StringComparison.Ordinal);
        Assert.Equal(1, await db.ResourcePackages.CountAsync());
        Assert.Equal(1, await db.LedgerEntries.CountAsync(e => e.Kind == LedgerKind.Purchase));
        var notice = await db.Notifications.SingleAsync(n => n.TextKey == "Notify.PackageRenewalFailed");
        Assert.Equal(owner.Id, notice.UserId);
        Assert.Equal(0, await BalanceAsync());
    }

    [Fact]
    public async Task SetAutoRenew_StaleVersion_Conflict()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        TestData.Ok(await BuyAsync(owner, Form()));
        await using var scope = app.Services.As(owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<PackageService>();
        var row = Assert.Single(TestData.Ok(await service.ListPackagesAsync(new PageRequest(), CancellationToken.None)).Items);
        TestData.Ok(await service.SetAutoRenewAsync(row.Id, true, row.Version, CancellationToken.None));

        var stale = await service.SetAutoRenewAsync(row.Id, false, row.Version, CancellationToken.None);

        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
    }

    [Fact]
    public async Task Adjustments_AuditedInLedgerAndOnTheVersionSeen()
    {
        var accountId = owner.AccountId!.Value;
        TestData.Ok(await PostAsync(admin, accountId, WalletPostingKind.TopUp, "100.50"));
        TestData.Ok(await PostAsync(admin, accountId, WalletPostingKind.Credit, "20", "补偿：通道故障"));
        TestData.Ok(await PostAsync(admin, accountId, WalletPostingKind.Debit, "0.50", "手工扣费"));

        var stale = await PostAsync(admin, accountId, WalletPostingKind.TopUp, "1", version: 1);

        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        await using var db = await SystemDbAsync();
        var entries = await db.LedgerEntries.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [(LedgerKind.TopUp, 10_050L, (string?)null), (LedgerKind.Adjustment, 2_000L, "补偿：通道故障"), (LedgerKind.Adjustment, -50L, "手工扣费")],
            entries.Select(e => (e.Kind, e.AmountFen, e.Reason)));
        Assert.All(entries, e => Assert.Equal("admin", e.CreatedBy));
        Assert.Equal(12_000, await BalanceAsync());
        var audited = await db.AuditEntries.Where(e => e.ObjectType == PackagesModule.WalletAuditType).ToListAsync();
        Assert.Equal(3, audited.Count);
        Assert.All(audited, e => Assert.Equal((accountId, AuditActions.Update), (e.AccountId!.Value, e.Action)));
        Assert.Contains("手工扣费", audited[^1].After, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WalletPostingKind.Credit, "10", "", "Reason")]
    [InlineData(WalletPostingKind.Debit, "10", "   ", "Reason")]
    [InlineData(WalletPostingKind.TopUp, "0", null, "Amount")]
    [InlineData(WalletPostingKind.TopUp, "-5", null, "Amount")]
    [InlineData(WalletPostingKind.TopUp, "1.234", null, "Amount")]
    [InlineData(WalletPostingKind.Credit, "abc", "原因", "Amount")]
    public async Task Post_Invalid_RefusedAtTheFieldAndNothingWritten(WalletPostingKind kind, string amount, string? reason, string field)
    {
        var result = await PostAsync(admin, owner.AccountId!.Value, kind, amount, reason);

        Assert.Equal(field, Assert.Single(result.Error!.Fields).Field);
        await using var db = await SystemDbAsync();
        Assert.False(await db.LedgerEntries.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(e => e.ObjectType == PackagesModule.WalletAuditType));
    }

    [Fact]
    public async Task Post_ReasonTooLong_Refused()
    {
        var result = await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.Credit, "1", new string('因', LedgerEntry.ReasonMax + 1));

        Assert.Equal(nameof(WalletPostingForm.Reason), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task Post_TenantUser_Refused()
    {
        var result = await PostAsync(owner, owner.AccountId!.Value, WalletPostingKind.TopUp, "1000");

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
        Assert.Equal(0, await BalanceAsync());
    }

    [Fact]
    public async Task UnitPrice_PastOrToday_RefusedFutureAdded()
    {
        await using var scope = app.Services.As(admin.Principal);
        var service = scope.ServiceProvider.GetRequiredService<PlatformBillingService>();

        // 08:00 UTC is 16:00 in Shanghai: today's midnight has passed.
        var today = await service.AddUnitPriceAsync(new UnitPriceForm { Item = BillingItem.Resolve, Price = "0.045", EffectiveFrom = new DateTime(2026, 11, 29) }, CancellationToken.None);
        var tomorrow = await service.AddUnitPriceAsync(new UnitPriceForm { Item = BillingItem.Resolve, Price = "0.0455", EffectiveFrom = new DateTime(2026, 11, 30) }, CancellationToken.None);

        Assert.Equal(nameof(UnitPriceForm.EffectiveFrom), Assert.Single(today.Error!.Fields).Field);
        Assert.True(tomorrow.IsSuccess);
        await using var db = await SystemDbAsync();
        var price = await db.UnitPrices.SingleAsync(p => p.Price == 455);
        Assert.Equal(new DateTime(2026, 11, 29, 16, 0, 0, DateTimeKind.Utc), price.EffectiveFrom);
    }

    [Fact]
    public async Task Spec_EditedPrice_SoldPackagesKeepTheirs()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        TestData.Ok(await BuyAsync(owner, Form()));
        await using (var scope = app.Services.As(admin.Principal))
        {
            var service = scope.ServiceProvider.GetRequiredService<PlatformBillingService>();
            TestData.Ok(await service.SaveSpecAsync(
                new SpecForm { Id = spec.Id, Family = spec.Family, Name = "测试10万条", Units = spec.Units, Price = "500", ValidityMonths = 12, Version = spec.Version },
                CancellationToken.None));
            var duplicate = await service.SaveSpecAsync(
                new SpecForm { Family = spec.Family, Name = "测试10万条", Units = 10, Price = "1", ValidityMonths = 12 }, CancellationToken.None);
            Assert.Equal(nameof(SpecForm.Name), Assert.Single(duplicate.Error!.Fields).Field);
        }

        await using var db = await SystemDbAsync();
        Assert.Equal(50_000, (await db.PackageSpecs.SingleAsync(s => s.Id == spec.Id)).PriceFen);
        Assert.Equal(45_000, (await db.PackageOrders.SingleAsync()).UnitPriceFen);
    }

    [Fact]
    public async Task Revenue_PurchasesAndSettlementsPerMonth()
    {
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        TestData.Ok(await BuyAsync(owner, Form()));
        await using (var db = await SystemDbAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await app.Services.GetRequiredService<Ledger>().PostAsync(db, owner.AccountId!.Value, new LedgerPosting(LedgerKind.Settlement, -1_234, "test"), CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var scope = app.Services.As(admin.Principal);
        var months = TestData.Ok(await scope.ServiceProvider.GetRequiredService<PlatformBillingService>().RevenueAsync(CancellationToken.None));

        Assert.Equal(PlatformBillingService.RevenueMonths, months.Count);
        Assert.Equal(new RevenueRow("2026-11", 45_000, 1_234), months[0]);
        Assert.All(months.Skip(1), m => Assert.Equal(0, m.TotalFen));
    }

    [Fact]
    public async Task ListAccounts_BalanceArrearsActivePackages_SortedByBalanceInSql()
    {
        await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        TestData.Ok(await PostAsync(admin, owner.AccountId!.Value, WalletPostingKind.TopUp, "2000"));
        TestData.Ok(await BuyAsync(owner, Form()));
        await using var scope = app.Services.As(admin.Principal);

        var page = TestData.Ok(await scope.ServiceProvider.GetRequiredService<PlatformBillingService>().ListAccountsAsync(
            new PageRequest(SortBy: nameof(BillingAccountRow.BalanceFen), Descending: true), CancellationToken.None));

        Assert.Equal(["甲公司", "乙公司"], page.Items.Select(a => a.Name));
        Assert.Equal((155_000L, 1, ArrearsState.Normal), (page.Items[0].BalanceFen, page.Items[0].ActivePackages, page.Items[0].Arrears));
        Assert.Equal((0L, 0, 0), (page.Items[1].BalanceFen, page.Items[1].ActivePackages, page.Items[1].Version));
        await using var ownerScope = app.Services.As(owner.Principal);
        var orders = TestData.Ok(await ownerScope.ServiceProvider.GetRequiredService<PackageService>().ListOrdersAsync(
            new PageRequest(SortBy: nameof(OrderRow.TotalFen)), CancellationToken.None));
        Assert.Equal((45_000L, OrderState.Paid, false), (orders.Items[0].TotalFen, orders.Items[0].State, orders.Items[0].Renewal));
    }
}
