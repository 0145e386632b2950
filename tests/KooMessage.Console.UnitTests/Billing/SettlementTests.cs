using KooMessage.Console.Features.Billing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Billing;

/// <summary>Hourly settlement across hour, day, month and year boundaries; reruns and crashes; arrears; the ledger identity.</summary>
public sealed class SettlementTests
{
    private static readonly DateTime YearEnd = new(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Settle_UsageOfAnHour_ChargedOnceTheDelayAfterItEnds_AcrossTheYearBoundary()
    {
        await using var data = await BillingData.StartAsync(YearEnd.AddMinutes(50));
        await data.PostAsync(LedgerKind.TopUp, 10_000);
        var package = await data.PackageAsync(PackageFamily.AimResolve, 1, YearEnd.AddDays(-1), YearEnd.AddYears(1));
        await data.AppendAsync(data.Resolve(YearEnd.AddMinutes(10)), data.Resolve(YearEnd.AddMinutes(20)), data.Resolve(YearEnd.AddMinutes(59)));
        data.At(YearEnd.AddHours(1).AddMinutes(5));
        await data.AppendAsync(data.Resolve(YearEnd.AddHours(1).AddMinutes(1)));

        // 23:00–24:00 ends at 00:00 and is due at 01:00 (the delay); 00:00–01:00 at 02:00.
        data.At(YearEnd.AddHours(2).AddTicks(-1));
        Assert.Equal(0, await data.SettleAsync());
        data.At(YearEnd.AddHours(2));
        Assert.Equal(2, await data.SettleAsync());

        await using (var db = await data.DbAsync())
        {
            var charges = await db.Charges.AsNoTracking().OrderBy(c => c.Mode).ToListAsync();
            Assert.Equal(
                [(UsageMode.Package, (Guid?)package, 1L, 0L, YearEnd), (UsageMode.OnDemand, null, 2L, 10L, YearEnd)],
                charges.Select(c => (c.Mode, c.PackageId, c.Quantity, c.AmountFen, c.UsageFrom)));
            Assert.Equal(9_990, (await db.BillingAccounts.SingleAsync()).BalanceFen);
            Assert.Single(db.UsageRecords.Where(u => u.ChargeId == null));
        }

        data.At(YearEnd.AddHours(3));
        Assert.Equal(1, await data.SettleAsync());
        await using (var db = await data.DbAsync())
        {
            Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), db.Charges.OrderBy(c => c.UsageFrom).Last().UsageFrom);
            Assert.Empty(db.UsageRecords.Where(u => u.ChargeId == null));
        }
    }

    [Fact]
    public async Task Settle_Rerun_ChargesNothingTwice_ALateEventGetsACharge_OfItsOwnHour()
    {
        var monthEnd = new DateTime(2027, 1, 31, 23, 0, 0, DateTimeKind.Utc);
        await using var data = await BillingData.StartAsync(monthEnd.AddHours(3));
        await data.AppendAsync(Enumerable.Range(0, 3).Select(i => data.Resolve(monthEnd.AddMinutes(i))).ToArray());
        Assert.Equal(1, await data.SettleAsync());
        Assert.Equal(0, await data.SettleAsync());

        // A late event of the settled hour (a queue that held it): its own charge, for that hour.
        await data.AppendAsync(data.Resolve(monthEnd.AddMinutes(59)));
        Assert.Equal(1, await data.SettleAsync());
        Assert.Equal(0, await data.SettleAsync());

        await using var db = await data.DbAsync();
        Assert.Equal([(monthEnd, 3L, 15L), (monthEnd, 1L, 5L)], db.Charges.OrderBy(c => c.ChargedAt).ThenByDescending(c => c.Quantity).Select(c => new { c.UsageFrom, c.Quantity, c.AmountFen }).AsEnumerable().Select(c => (c.UsageFrom, c.Quantity, c.AmountFen)));
        Assert.Equal(-20, (await db.BillingAccounts.SingleAsync()).BalanceFen);
        Assert.Equal(2, db.LedgerEntries.Count(e => e.Kind == LedgerKind.Settlement));
    }

    [Fact]
    public async Task Settle_CrashPartWay_LeavesNothingHalfCharged_TheNextRunFinishesWithoutDoubleCharge()
    {
        var dayEnd = new DateTime(2027, 2, 28, 22, 0, 0, DateTimeKind.Utc);
        await using var data = await BillingData.StartAsync(dayEnd.AddHours(5));
        await data.PostAsync(LedgerKind.TopUp, 1_000);
        await data.AppendAsync(data.Resolve(dayEnd), data.Resolve(dayEnd.AddHours(1)), data.Click(dayEnd.AddHours(1), "c-1"), data.Resolve(dayEnd.AddHours(2)));

        // The second settlement posting fails (the process dies there): the first hour is settled whole, the second not at all.
        await data.ExecuteAsync(
            """CREATE TRIGGER "crash" BEFORE INSERT ON "LedgerEntries" WHEN (SELECT COUNT(*) FROM "LedgerEntries" WHERE "Kind" = 3) >= 1 BEGIN SELECT RAISE(ABORT, 'crash'); END""");
        await Assert.ThrowsAnyAsync<Exception>(data.SettleAsync);
        await using (var db = await data.DbAsync())
        {
            Assert.Equal(1, db.Charges.Count());
            Assert.Equal(3, db.UsageRecords.Count(u => u.ChargeId == null));
            Assert.Equal(995, (await db.BillingAccounts.SingleAsync()).BalanceFen);
        }

        await data.ExecuteAsync("""DROP TRIGGER "crash" """);
        Assert.Equal(3, await data.SettleAsync());
        Assert.Equal(0, await data.SettleAsync());
        await using (var db = await data.DbAsync())
        {
            Assert.Equal(4, db.Charges.Count());
            Assert.Empty(db.UsageRecords.Where(u => u.ChargeId == null));

            // Resolves at 0.05 CNY → 5 fen each hour; the click (0.006 CNY) rounds to 1 fen in its own charge.
            Assert.Equal(1_000 - 16, (await db.BillingAccounts.SingleAsync()).BalanceFen);
            Assert.Equal(await db.LedgerEntries.SumAsync(e => e.AmountFen), (await db.BillingAccounts.SingleAsync()).BalanceFen);
        }
    }

    [Fact]
    public async Task Arrears_BelowZeroGrace_RetentionAfterThePeriod_RefusedThenTopUpRestores()
    {
        await using var data = await BillingData.StartAsync(YearEnd, o => o.GracePeriod = TimeSpan.FromDays(3));
        var gate = data.Services.GetRequiredService<ArrearsGate>();

        // One billed click at 0.006 CNY: 1 fen once rounded.
        await data.AppendAsync(data.Click(YearEnd, "c-1"));
        data.At(YearEnd.AddHours(2));
        await data.SettleAsync();
        var wallet = await data.WalletAsync();
        Assert.Equal((ArrearsState.Grace, -1L, YearEnd.AddHours(2)), (wallet.Arrears, wallet.BalanceFen, wallet.ArrearsSince));

        await using (var db = await data.DbAsync())
        {
            Assert.Null(await gate.RequireServiceAsync(db, data.Account, CancellationToken.None));
        }

        // The job moves it to retention only once the grace period has run out.
        var job = data.Services.GetRequiredService<ArrearsClock>();
        data.At(YearEnd.AddHours(2).AddDays(3).AddTicks(-1));
        await using (var db = await data.DbAsync())
        {
            Assert.Equal(0, await job.RetainOverdueAsync(db, CancellationToken.None));
        }

        data.At(YearEnd.AddHours(2).AddDays(3));
        await using (var db = await data.DbAsync())
        {
            Assert.Equal(1, await job.RetainOverdueAsync(db, CancellationToken.None));
            var refused = await gate.RequireServiceAsync(db, data.Account, CancellationToken.None);
            Assert.Equal(ArrearsGate.ErrorCode, refused?.Code);
            Assert.Contains("¥0.01", refused!.Message, StringComparison.Ordinal);
        }

        await data.PostAsync(LedgerKind.TopUp, 100);
        wallet = await data.WalletAsync();
        Assert.Equal((ArrearsState.Normal, 99L, (DateTime?)null), (wallet.Arrears, wallet.BalanceFen, wallet.ArrearsSince));
        await using (var db = await data.DbAsync())
        {
            Assert.Null(await gate.RequireServiceAsync(db, data.Account, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Ledger_AMonthOfGeneratedUsageSettledHourly_EntriesSumToTheBalance_ChargesMatchTheirUsage()
    {
        var start = new DateTime(2027, 1, 20, 0, 0, 0, DateTimeKind.Utc);
        await using var data = await BillingData.StartAsync(start);
        await data.PostAsync(LedgerKind.TopUp, 50_000);
        await data.PackageAsync(PackageFamily.AimResolve, 500, start, start.AddDays(10));
        var random = new Random(13);
        for (var hour = 0; hour < 31 * 24; hour += 1 + random.Next(5))
        {
            var at = start.AddHours(hour);
            data.At(at.AddHours(2));
            var events = Enumerable.Range(0, random.Next(1, 12))
                .Select(i => i % 3 == 0 ? data.Click(at.AddMinutes(i), $"c-{hour}-{i}") : data.Resolve(at.AddMinutes(random.Next(60))))
                .ToArray();
            await data.AppendAsync(events);
            if (hour % 24 == 0)
            {
                await data.PostAsync(LedgerKind.Adjustment, -random.Next(0, 50));
            }

            await data.SettleAsync();
        }

        data.At(start.AddDays(40));
        await data.SettleAsync();
        await using var db = await data.DbAsync();
        var balance = (await db.BillingAccounts.SingleAsync()).BalanceFen;
        Assert.Equal(await db.LedgerEntries.SumAsync(e => e.AmountFen), balance);
        Assert.Empty(db.UsageRecords.Where(u => u.ChargeId == null));
        var charges = await db.Charges.AsNoTracking().ToListAsync();
        var usage = await db.UsageRecords.AsNoTracking().ToListAsync();
        Assert.All(charges, c =>
        {
            var taken = usage.Where(u => u.ChargeId == c.Id).ToList();
            Assert.Equal(c.Quantity, taken.Sum(u => u.Quantity));
            Assert.All(taken, u => Assert.Equal(c.UsageFrom, Settlement.Hour(u.OccurredAt)));
            Assert.Equal(c.Mode == UsageMode.OnDemand ? Money.ChargeFen(c.Quantity, c.UnitPrice) : 0, c.AmountFen);
        });
        Assert.Equal(-charges.Sum(c => c.AmountFen), await db.LedgerEntries.Where(e => e.Kind == LedgerKind.Settlement).SumAsync(e => e.AmountFen));
        Assert.Contains(charges, c => c.Mode == UsageMode.Package);
        Assert.Contains(charges, c => c.UsageFrom.Month == 2);
    }
}
