using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Billing;

/// <summary>
/// Hourly settlement: every unsettled use of an hour that ended at least <see cref="BillingOptions.SettlementDelay"/>
/// ago becomes one <see cref="Charge"/> per item × mode × package × unit price; an on-demand charge is debited from the
/// balance through the <see cref="Ledger"/>. An account's hour is settled in one transaction, on rows still unsettled,
/// so a rerun or a crash part way charges nothing twice and leaves nothing half-charged; a late use of an hour already
/// settled goes into a later charge of its own hour.
/// </summary>
public sealed class Settlement(Ledger ledger, TimeProvider clock, IOptions<BillingOptions> options)
{
    public const string By = "billing.settle";

    /// <summary>Settles what is due for every account; returns the charges made.</summary>
    public async Task<int> SettleAsync(KooMessageDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = Hour(now - options.Value.SettlementDelay);
        var charges = 0;
        var accounts = await db.Set<Account>().AsNoTracking().Select(a => a.Id).ToListAsync(ct);
        foreach (var account in accounts)
        {
            while (await db.UsageRecords.Where(u => u.AccountId == account && u.ChargeId == null && u.OccurredAt < cutoff)
                       .MinAsync(u => (DateTime?)u.OccurredAt, ct) is { } first)
            {
                charges += await SettleHourAsync(db, account, Hour(first), now, ct);
            }
        }

        return charges;
    }

    /// <summary>The start of the hour <paramref name="at"/> falls in.</summary>
    public static DateTime Hour(DateTime at) => new(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc);

    private async Task<int> SettleHourAsync(KooMessageDb db, Guid account, DateTime from, DateTime now, CancellationToken ct)
    {
        var to = from.AddHours(1);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var hour = db.UsageRecords.Where(u => u.AccountId == account && u.ChargeId == null && u.OccurredAt >= from && u.OccurredAt < to);
        var groups = await hour.GroupBy(u => new { u.Item, u.Mode, u.PackageId, u.UnitPrice })
            .Select(g => new { g.Key.Item, g.Key.Mode, g.Key.PackageId, g.Key.UnitPrice, Quantity = g.Sum(u => u.Quantity), Rows = g.Count(), Last = g.Max(u => u.Id) })
            .ToListAsync(ct);
        foreach (var g in groups)
        {
            var charge = new Charge
            {
                AccountId = account, Item = g.Item, Mode = g.Mode, PackageId = g.PackageId, UsageFrom = from, ChargedAt = now, Quantity = g.Quantity, UnitPrice = g.UnitPrice,
                AmountFen = g.Mode == UsageMode.OnDemand ? Money.ChargeFen(g.Quantity, g.UnitPrice) : 0,
            };
            db.Charges.Add(charge);
            await db.SaveChangesAsync(ct);
            var marked = await hour.Where(u => u.Item == g.Item && u.Mode == g.Mode && u.PackageId == g.PackageId && u.UnitPrice == g.UnitPrice && u.Id <= g.Last)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.ChargeId, charge.Id), ct);
            if (marked != g.Rows)
            {
                // Another run took some of these rows: leave the whole hour to the next run.
                throw new InvalidOperationException($"Settlement of {account} at {from:O} found {marked} rows to mark, not {g.Rows}.");
            }

            if (charge.AmountFen > 0)
            {
                await ledger.PostAsync(db, account, new LedgerPosting(LedgerKind.Settlement, -charge.AmountFen, By) { ChargeId = charge.Id }, ct);
            }
        }

        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return groups.Count;
    }
}

/// <summary>The hourly job: settles due usage, then moves accounts whose grace period ran out into retention.</summary>
public sealed class SettlementJob(TenantDb dbs, Settlement settlement, ArrearsClock arrears) : IJobHandler
{
    public const string KindName = "billing.settle";

    public static readonly RecurringJob Schedule = new(KindName, TimeSpan.FromHours(1));

    public string Kind => KindName;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        // Every account's usage: the platform's own hourly work, through the system's logged bypass.
        await using var db = await dbs.ForSystemAsync("settle on-demand usage and move overdue arrears", ct);
        var charges = await settlement.SettleAsync(db, ct);
        await arrears.RetainOverdueAsync(db, ct);
        return new JobResult(Rows: charges);
    }
}
