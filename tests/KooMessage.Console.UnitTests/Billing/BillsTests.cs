using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Billing.Bills;
using KooMessage.Console.Features.Billing.Bills.Prefixes;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Tests;
using KooMessage.Console.UnitTests.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Billing;

/// <summary>账单 on real SQLite: rows and totals from known usage, filters, rounding, exports read back, tenant isolation, alerts, forecast and the carrier share.</summary>
public sealed class BillsTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private TestConsole app = default!;
    private TestUser owner = default!;
    private TestUser viewer = default!;
    private TestUser other = default!;
    private Guid packageId;
    private Guid orderId;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        viewer = await app.Services.CreateUserAsync(owner, "viewer", Roles.ReadOnlyAccess);
        other = await app.Services.CreateAccountAsync(admin, "远山贸易有限公司", "other");
        (packageId, orderId) = await SeedAsync(owner.AccountId!.Value, used: 9_200);
        await SeedAsync(other.AccountId!.Value, used: 10);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>
    /// An account's month: a paid 1万条 notify package (¥450.00, bought 20 days ago, <paramref name="used"/> drawn), 3
    /// notify segments on demand at ¥0.0450 two hours ago (charged ¥0.14: 0.135 rounded half up) and 400 package units
    /// a day ago, each hour settled by a charge.
    /// </summary>
    private async Task<(Guid Package, Guid Order)> SeedAsync(Guid accountId, long used)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test", CancellationToken.None);
        var order = new PackageOrder
        {
            AccountId = accountId, IdempotencyKey = "k1", Family = PackageFamily.AimSendNotify, SpecName = "1万条", UnitsPerPackage = 10_000, Quantity = 1,
            UnitPriceFen = 45_000, TotalFen = 45_000, State = OrderState.Paid, CreatedAt = Now.AddDays(-20), PaidAt = Now.AddDays(-20), CreatedBy = "owner",
        };
        var failed = new PackageOrder
        {
            AccountId = accountId, IdempotencyKey = "k2", Family = PackageFamily.AimResolve, SpecName = "10万条", UnitsPerPackage = 100_000, Quantity = 1,
            UnitPriceFen = 80_000, TotalFen = 80_000, State = OrderState.Failed, CreatedAt = Now.AddDays(-19), CreatedBy = "owner",
        };
        var package = new ResourcePackage
        {
            AccountId = accountId, OrderId = order.Id, Family = PackageFamily.AimSendNotify, SpecName = "1万条", Units = 10_000, Used = used,
            StartsAt = Now.AddDays(-20), ExpiresAt = Now.AddDays(-20).AddMonths(12),
        };
        db.PackageOrders.AddRange(order, failed);
        db.ResourcePackages.Add(package);
        var onDemand = new Charge
        {
            AccountId = accountId, Item = BillingItem.SendNotify, Mode = UsageMode.OnDemand, UsageFrom = Now.AddHours(-2), ChargedAt = Now.AddMinutes(-5),
            Quantity = 3, UnitPrice = 450, AmountFen = Money.ChargeFen(3, 450),
        };
        var drawn = new Charge
        {
            AccountId = accountId, Item = BillingItem.SendNotify, Mode = UsageMode.Package, PackageId = package.Id, UsageFrom = Now.AddDays(-1),
            ChargedAt = Now.AddDays(-1).AddHours(2), Quantity = 400,
        };
        db.Charges.AddRange(onDemand, drawn);
        var eventId = accountId.GetHashCode() & 0xFFFFFF;
        for (var i = 0; i < 3; i++)
        {
            db.UsageRecords.Add(new UsageRecord
            {
                AccountId = accountId, EventId = eventId + i, Item = BillingItem.SendNotify, OccurredAt = Now.AddHours(-2).AddMinutes(i), RecordedAt = Now,
                Quantity = 1, Mode = UsageMode.OnDemand, UnitPrice = 450, Subject = "100000001", ChargeId = onDemand.Id,
            });
        }

        db.UsageRecords.Add(new UsageRecord
        {
            AccountId = accountId, EventId = eventId + 10, Item = BillingItem.SendNotify, OccurredAt = Now.AddDays(-1), RecordedAt = Now, Quantity = 400,
            Mode = UsageMode.Package, PackageId = package.Id, ChargeId = drawn.Id,
        });
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        var ledger = new Ledger(clock);
        await ledger.PostAsync(db, accountId, new LedgerPosting(LedgerKind.TopUp, 100_000, "admin"), CancellationToken.None);
        await ledger.PostAsync(db, accountId, new LedgerPosting(LedgerKind.Purchase, -45_000, "owner") { OrderId = order.Id }, CancellationToken.None);
        await ledger.PostAsync(db, accountId, new LedgerPosting(LedgerKind.Settlement, -onDemand.AmountFen, "job") { ChargeId = onDemand.Id }, CancellationToken.None);
        await tx.CommitAsync();
        return (package.Id, order.Id);
    }

    private async Task<T> AsAsync<T>(TestUser user, Func<BillService, Task<T>> act)
    {
        await using var scope = app.Services.As(user.Principal);
        return await act(scope.ServiceProvider.GetRequiredService<BillService>());
    }

    [Fact]
    public async Task Flow_KnownUsage_RowsPerChargeAndPaidOrderWithTotals()
    {
        var page = TestData.Ok(await AsAsync(owner, b => b.FlowAsync(new BillQuery(), new PageRequest(), CancellationToken.None)));

        Assert.Equal(3, page.Rows.Total);
        Assert.Equal([UsageMode.OnDemand, UsageMode.Package, UsageMode.Package], page.Rows.Items.Select(r => r.Mode));
        var order = page.Rows.Items[2];
        Assert.Equal((true, orderId, 45_000L, PackageFamily.AimSendNotify, 4_500_000L), (order.IsOrder, order.OrderId!.Value, order.AmountFen, order.Family!.Value, order.UnitPrice));
        var drawn = page.Rows.Items[1];
        Assert.Equal((orderId, "1万条", 400L, 0L), (drawn.OrderId!.Value, drawn.SpecName, drawn.Quantity, drawn.AmountFen));
        Assert.Equal(new BillFlowTotals(3, 45_014, 14, 45_000), page.Totals);
    }

    [Fact]
    public async Task Flow_Filters_NarrowByProductModeAndUsageTime()
    {
        async Task<BillFlowPage> Flow(BillQuery q) => TestData.Ok(await AsAsync(owner, b => b.FlowAsync(q, new PageRequest(), CancellationToken.None)));

        var resolve = await Flow(new BillQuery(Item: BillingItem.Resolve));
        var onDemand = await Flow(new BillQuery(Mode: UsageMode.OnDemand));
        var package = await Flow(new BillQuery(Mode: UsageMode.Package));
        var lastDays = await Flow(new BillQuery(From: Now.AddDays(-2), To: Now));
        var reversed = await AsAsync(owner, b => b.FlowAsync(new BillQuery(From: Now, To: Now.AddDays(-1)), new PageRequest(), CancellationToken.None));

        Assert.Equal(0, resolve.Rows.Total);
        Assert.Equal((1, 14L), (onDemand.Rows.Total, onDemand.Totals.AmountFen));
        Assert.Equal((2, 45_000L), (package.Rows.Total, package.Totals.AmountFen));
        Assert.Equal(2, lastDays.Rows.Total);
        Assert.DoesNotContain(lastDays.Rows.Items, r => r.IsOrder);
        Assert.Equal(nameof(BillQuery.To), Assert.Single(reversed.Error!.Fields).Field);
    }

    [Fact]
    public async Task Details_OnDemandAmountIsExactWhileTheChargeIsRoundedOnce()
    {
        var details = TestData.Ok(await AsAsync(owner, b => b.DetailsAsync(new BillQuery(), new PageRequest(), CancellationToken.None)));
        var flow = TestData.Ok(await AsAsync(owner, b => b.FlowAsync(new BillQuery(Mode: UsageMode.OnDemand), new PageRequest(), CancellationToken.None)));

        Assert.Equal(new BillDetailTotals(4, 403, 1_350), details.Totals);
        Assert.Equal("¥0.1350", Money.FormatUnitPrice(details.Totals.AmountUnits));
        Assert.Equal("¥0.14", Money.Format(flow.Totals.AmountFen));
        Assert.All(details.Rows.Items.Where(r => r.Mode == UsageMode.OnDemand), r => Assert.Equal((450L, 450L, true), (r.UnitPrice, r.AmountUnits, r.Settled)));
        var drawn = Assert.Single(details.Rows.Items, r => r.Mode == UsageMode.Package);
        Assert.Equal(("1万条", 0L), (drawn.PackageName, drawn.AmountUnits));
    }

    [Fact]
    public async Task Bills_OtherAccount_NeverShown()
    {
        var flow = TestData.Ok(await AsAsync(other, b => b.FlowAsync(new BillQuery(), new PageRequest(), CancellationToken.None)));
        var details = TestData.Ok(await AsAsync(other, b => b.DetailsAsync(new BillQuery(), new PageRequest(), CancellationToken.None)));
        var forecast = await AsAsync(other, async _ =>
        {
            await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(other.AccountId!.Value, "test", CancellationToken.None);
            return await PackageForecast.ForAsync(db, [packageId], Now, CancellationToken.None);
        });

        Assert.Equal(3, flow.Rows.Total);
        Assert.DoesNotContain(flow.Rows.Items, r => r.OrderId == orderId);
        Assert.DoesNotContain(details.Rows.Items, r => r.PackageId == packageId);
        Assert.Empty(forecast);
    }

    private async Task<Result<Guid>> ExportAsync(TestUser user, string source, BillQuery query)
    {
        await using var scope = app.Services.As(user.Principal);
        var fields = scope.ServiceProvider.GetServices<KooMessage.Console.Common.Exports.IExportSource>().Single(s => s.Key == source).Fields.Select(f => f.Key).ToList();
        return await scope.ServiceProvider.GetRequiredService<ExportService>().RequestAsync(
            new ExportRequest(source, BillExportSource.Parameters(query, UserTime.DefaultZone), fields, "账单"), CancellationToken.None);
    }

    private async Task<string> StoredPathAsync(Guid exportId)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var export = await db.Exports.SingleAsync(e => e.Id == exportId);
        var file = await db.StoredFiles.SingleAsync(f => f.Id == export.FileId);
        return Path.Combine(app.Services.FilesFolder(), file.StoragePath);
    }

    [Fact]
    public async Task Export_BothBills_ReadBackWithTheFilteredRowsOfTheAccountOnly()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var flow = TestData.Ok(await ExportAsync(viewer, BillFlowExportSource.SourceKey, new BillQuery(Item: BillingItem.SendNotify)));
        var details = TestData.Ok(await ExportAsync(viewer, BillDetailExportSource.SourceKey, new BillQuery(Mode: UsageMode.OnDemand)));

        Assert.Equal(2, await app.Services.RunDueJobsAsync());

        var flowSheet = (await ExcelJs.ReadAsync(await StoredPathAsync(flow))).Sheet(0);
        var detailSheet = (await ExcelJs.ReadAsync(await StoredPathAsync(details))).Sheet(0);
        Assert.Equal(
            ["消费时间", "扣费时间", "产品", "规格", "用量", "单价", "金额", "计费模式", "订单号"],
            flowSheet.GetProperty("rows")[0].GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("value").GetString()));
        Assert.Equal(4, flowSheet.GetProperty("rowCount").GetInt32());
        Assert.Equal(("Date", "2026-11-29T14:00:00.000"), (flowSheet.Cell(2, 1).Type(), flowSheet.Cell(2, 1).GetProperty("value").GetString()));
        Assert.Equal("智能信息发送-通知类", flowSheet.Cell(2, 3).GetProperty("value").GetString());
        Assert.Equal(0.14, flowSheet.Cell(2, 7).GetProperty("value").GetDouble());
        Assert.Equal("按需", flowSheet.Cell(2, 8).GetProperty("value").GetString());
        Assert.Equal(("购买套餐包", orderId.ToString("N")), (flowSheet.Cell(4, 8).GetProperty("value").GetString(), flowSheet.Cell(4, 9).GetProperty("value").GetString()));
        Assert.Equal(4, detailSheet.GetProperty("rowCount").GetInt32());
        Assert.Equal(0.045, detailSheet.Cell(2, 8).GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Alerts_LowPackage_NotifiesTheOwnerOnceAndAgainOnlyForANewThreshold()
    {
        var job = ActivatorUtilities.CreateInstance<BillingAlertJob>(app.Services);
        var accountId = owner.AccountId!.Value;

        var first = await job.NotifyAsync(accountId, CancellationToken.None);
        var again = await job.NotifyAsync(accountId, CancellationToken.None);
        var form = TestData.Ok(await AsAsync(owner, b => b.SummaryAsync(CancellationToken.None))).Settings;
        form.RemainingPercent = 20;
        TestData.Ok(await AsAsync(owner, b => b.SaveSettingsAsync(form, CancellationToken.None)));
        var raised = await job.NotifyAsync(accountId, CancellationToken.None);

        Assert.Equal((1, 0, 1), (first, again, raised));
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test", CancellationToken.None);
        var notices = await db.Set<Notification>().Where(n => n.TextKey.StartsWith("BillingAlerts.")).OrderBy(n => n.Id).ToListAsync();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal(("BillingAlerts.Notice.LowRemaining", owner.Id), (n.TextKey, n.UserId)));
        Assert.Equal(["1万条", "800", "8"], System.Text.Json.JsonSerializer.Deserialize<string[]>(notices[0].TextArgs)!);
    }

    [Fact]
    public void Alerts_Thresholds_RaiseWhatStands()
    {
        var wallet = new BillingAccount { AlertRemainingPercent = 10, AlertExpiryDays = 30, AlertBalanceFen = 10_000, BalanceFen = 9_999 };
        var low = new ResourcePackage { Id = Guid.NewGuid(), Units = 1_000, Used = 900, StartsAt = Now.AddDays(-1), ExpiresAt = Now.AddDays(31) };
        var justAbove = new ResourcePackage { Id = Guid.NewGuid(), Units = 1_000, Used = 899, StartsAt = Now.AddDays(-1), ExpiresAt = Now.AddDays(30) };

        var alerts = BillingAlerts.Of(wallet, [low, justAbove], Now);
        var inArrears = BillingAlerts.Of(new BillingAccount { BalanceFen = -1, Arrears = ArrearsState.Grace, AlertBalanceFen = 10_000 }, [], Now);
        var off = BillingAlerts.Of(new BillingAccount { AlertRemainingPercent = 0, AlertExpiryDays = 0 }, [low, justAbove], Now);

        Assert.Equal(
            [(BillingAlertKind.LowBalance, (Guid?)null), (BillingAlertKind.LowRemaining, low.Id), (BillingAlertKind.Expiring, justAbove.Id)],
            alerts.Select(a => (a.Kind, a.PackageId)));
        Assert.Equal(BillingAlertKind.Arrears, Assert.Single(inArrears).Kind);
        Assert.Empty(off);
    }

    [Fact]
    public async Task Settings_OnlyFullAccessOverTheVersionSeen()
    {
        var form = TestData.Ok(await AsAsync(owner, b => b.SummaryAsync(CancellationToken.None))).Settings;
        var byViewer = await AsAsync(viewer, b => b.SaveSettingsAsync(form, CancellationToken.None));
        var badPercent = await AsAsync(owner, b => b.SaveSettingsAsync(new AlertSettingsForm { RemainingPercent = 101, Version = form.Version }, CancellationToken.None));
        form.Balance = "12.5";
        var saved = TestData.Ok(await AsAsync(owner, b => b.SaveSettingsAsync(form, CancellationToken.None)));
        var stale = await AsAsync(owner, b => b.SaveSettingsAsync(form, CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, byViewer.Error?.Code);
        Assert.Equal(nameof(AlertSettingsForm.RemainingPercent), Assert.Single(badPercent.Error!.Fields).Field);
        Assert.Equal("12.50", saved.Balance);
        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
    }

    [Theory]
    [InlineData(1_000, 300, 100)] // 10 a day
    [InlineData(1_000, 301, 100)] // 99.7 days
    [InlineData(1_000, 299, 101)] // 100.3 days
    [InlineData(1_000, 0, null)]
    public void Forecast_DaysLeftAtTheLast30DaysRate_RoundedUp(long remaining, long drawn, int? days)
    {
        var forecast = PackageForecast.Of(Guid.NewGuid(), remaining, drawn, Now.AddDays(-90), Now.AddYears(1), Now);

        Assert.Equal(days, forecast.DaysLeft);
    }

    [Fact]
    public void Forecast_YoungPackage_UsesItsOwnLifeAndFlagsExpiryFirst()
    {
        var young = PackageForecast.Of(Guid.NewGuid(), 1_000, 100, Now.AddDays(-2), Now.AddYears(1), Now);
        var slow = PackageForecast.Of(Guid.NewGuid(), 1_000, 30, Now.AddDays(-60), Now.AddDays(10), Now);

        Assert.Equal((50.0, 20), (young.DailyRate, young.DaysLeft!.Value));
        Assert.Equal((1_000, true), (slow.DaysLeft!.Value, slow.ExpiresFirst));
    }

    [Fact]
    public async Task Forecast_FromUsageDrawnInTheLast30Days()
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var forecast = (await PackageForecast.ForAsync(db, [packageId], Now, CancellationToken.None))[packageId];

        // 400 units over its 20 days: 20 a day, 800 left.
        Assert.Equal((800L, 20.0, 40), (forecast.Remaining, forecast.DailyRate, forecast.DaysLeft!.Value));
    }

    [Theory]
    [InlineData("13812345678", Carrier.Mobile)]
    [InlineData("13401234567", Carrier.Mobile)]
    [InlineData("13491234567", Carrier.Telecom)]
    [InlineData("17031234567", Carrier.Mobile)]
    [InlineData("17041234567", Carrier.Unicom)]
    [InlineData("18612345678", Carrier.Unicom)]
    [InlineData("19912345678", Carrier.Telecom)]
    [InlineData("19212345678", Carrier.Broadnet)]
    [InlineData("12012345678", Carrier.Unknown)]
    public void Carrier_FromTheLongestListedPrefix(string number, Carrier carrier) =>
        Assert.Equal(carrier, CarrierPrefixes.Instance.Of(number));

    [Theory]
    [InlineData(75, 25, false)]
    [InlineData(74, 26, true)]
    [InlineData(100, 0, false)]
    public void Share_BelowThreeQuartersMobile_Warns(long mobile, long others, bool warns)
    {
        var share = NetworkShare.Count(2026, 11, [("1380", mobile), ("1860", others)]);

        Assert.Equal((mobile + others, mobile / 100m, warns), (share.Total, share.MobileShare!.Value, share.BelowRequired));
    }

    [Fact]
    public async Task Share_PerMonthFromTheMessagesSent()
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var task = new KooMessage.Console.Features.Sending.SendTask { AccountId = owner.AccountId!.Value, Name = "t", CreatedAt = Now, CreatedBy = "owner" };
        db.Add(task);
        string[] numbers = ["13800000001", "13900000002", "18600000003", "13300000004"];
        foreach (var mobile in numbers)
        {
            db.Add(new KooMessage.Console.Features.Sending.SendMessage
            {
                AccountId = task.AccountId, TaskId = task.Id, Mobile = mobile, Text = "x", Segments = 1, NextAttemptAt = Now, SubmittedAt = Now.AddHours(-1), IdempotencyKey = mobile,
            });
        }

        await db.SaveChangesAsync();
        var months = await NetworkShare.MonthsAsync(db, Now, UserTime.DefaultZone, 2, CancellationToken.None);

        Assert.Equal(new (int, int, long, decimal?, bool)[] { (2026, 11, 4L, 0.5m, true), (2026, 10, 0L, null, false) }, months.Select(m => (m.Year, m.Month, m.Total, m.MobileShare, m.BelowRequired)));
    }
}
