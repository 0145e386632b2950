using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Billing.Bills;

/// <summary>
/// The bills' filter: a product (a billing item; an order matches when its family's units pay for that item), the
/// usage-time window in UTC ([From, To)) and the mode (套餐包 or 按需; in the detail bill also 已含).
/// </summary>
public sealed record BillQuery(BillingItem? Item = null, DateTime? From = null, DateTime? To = null, UsageMode? Mode = null);

/// <summary>
/// One row of 流水账单: a settlement charge (an hour of one item in one mode) or a paid package order. Unit prices are in
/// 0.0001 CNY (an order's price per package converted); <see cref="OrderId"/> is the order, or the order of the package a charge drew on.
/// </summary>
public sealed class BillFlowRow
{
    public Guid Id { get; init; }

    public bool IsOrder { get; init; }

    /// <summary>消费时间: the charge's usage hour, or the order's time.</summary>
    public DateTime UsageAt { get; init; }

    /// <summary>扣费时间: when the charge was settled, or the order paid.</summary>
    public DateTime ChargedAt { get; init; }

    public BillingItem? Item { get; init; }

    public PackageFamily? Family { get; init; }

    public string? SpecName { get; init; }

    public long Quantity { get; init; }

    public long UnitPrice { get; init; }

    public long AmountFen { get; init; }

    public UsageMode Mode { get; init; }

    public Guid? OrderId { get; init; }
}

/// <summary>One row of 明细账单: a usage record; the amount (0.0001 CNY, not yet rounded) only for on-demand use.</summary>
public sealed record BillDetailRow(
    long Id, DateTime OccurredAt, BillingItem Item, string? Subject, long Quantity, UsageMode Mode, Guid? PackageId, string? PackageName,
    long UnitPrice, bool Settled)
{
    /// <summary>Quantity × unit price in 0.0001 CNY: exact; the hourly charge rounds the hour's sum once, half up, to the fen.</summary>
    public long AmountUnits => Mode == UsageMode.OnDemand ? Quantity * UnitPrice : 0;
}

/// <summary>The filtered range's totals: rows, amount in fen, and the part of it that was on-demand usage (the rest bought packages).</summary>
public sealed record BillFlowTotals(int Rows, long AmountFen, long OnDemandFen, long PackagesFen);

/// <summary>The detail bill's totals: rows, units, and the exact on-demand amount in 0.0001 CNY.</summary>
public sealed record BillDetailTotals(int Rows, long Quantity, long AmountUnits);

/// <summary>The bills' queries on a context whose tenant filter already keeps them to one account.</summary>
public static class BillQueries
{
    /// <summary>流水账单's rows for <paramref name="query"/>, newest usage first.</summary>
    public static IQueryable<BillFlowRow> Flow(KooMessageDb db, BillQuery query)
    {
        var charges = db.Charges.AsNoTracking();
        var orders = db.PackageOrders.AsNoTracking().Where(o => o.State == OrderState.Paid);
        if (query.Item is { } item)
        {
            var families = BillingCatalog.FamiliesFor(item).ToList();
            charges = charges.Where(c => c.Item == item);
            orders = orders.Where(o => families.Contains(o.Family));
        }

        if (query.Mode is { } mode)
        {
            charges = charges.Where(c => c.Mode == mode);
            if (mode != UsageMode.Package)
            {
                orders = orders.Where(o => false);
            }
        }

        if (query.From is { } from)
        {
            charges = charges.Where(c => c.UsageFrom >= from);
            orders = orders.Where(o => o.CreatedAt >= from);
        }

        if (query.To is { } to)
        {
            charges = charges.Where(c => c.UsageFrom < to);
            orders = orders.Where(o => o.CreatedAt < to);
        }

        var packages = db.ResourcePackages;
        var chargeRows = charges.Select(c => new BillFlowRow
        {
            Id = c.Id, IsOrder = false, UsageAt = c.UsageFrom, ChargedAt = c.ChargedAt, Item = (BillingItem?)c.Item, Family = (PackageFamily?)null,
            SpecName = packages.Where(p => p.Id == c.PackageId).Select(p => p.SpecName).FirstOrDefault(),
            Quantity = c.Quantity, UnitPrice = c.UnitPrice, AmountFen = c.AmountFen, Mode = c.Mode,
            OrderId = packages.Where(p => p.Id == c.PackageId).Select(p => (Guid?)p.OrderId).FirstOrDefault(),
        });
        var orderRows = orders.Select(o => new BillFlowRow
        {
            Id = o.Id, IsOrder = true, UsageAt = o.CreatedAt, ChargedAt = o.PaidAt ?? o.CreatedAt, Item = (BillingItem?)null, Family = (PackageFamily?)o.Family,
            SpecName = o.SpecName, Quantity = o.Quantity, UnitPrice = o.UnitPriceFen * Money.UnitsPerFen, AmountFen = o.TotalFen, Mode = UsageMode.Package,
            OrderId = (Guid?)o.Id,
        });
        return chargeRows.Concat(orderRows);
    }

    /// <summary>明细账单's rows for <paramref name="query"/>, newest first.</summary>
    public static IQueryable<BillDetailRow> Details(KooMessageDb db, BillQuery query)
    {
        var packages = db.ResourcePackages;
        return Usage(db, query).OrderByDescending(u => u.OccurredAt).ThenByDescending(u => u.Id).Select(u => new BillDetailRow(
            u.Id, u.OccurredAt, u.Item, u.Subject, u.Quantity, u.Mode, u.PackageId,
            packages.Where(p => p.Id == u.PackageId).Select(p => p.SpecName).FirstOrDefault(), u.UnitPrice, u.ChargeId != null));
    }

    private static IQueryable<UsageRecord> Usage(KooMessageDb db, BillQuery query)
    {
        var usage = db.UsageRecords.AsNoTracking();
        if (query.Item is { } item)
        {
            usage = usage.Where(u => u.Item == item);
        }

        if (query.Mode is { } mode)
        {
            usage = usage.Where(u => u.Mode == mode);
        }

        if (query.From is { } from)
        {
            usage = usage.Where(u => u.OccurredAt >= from);
        }

        if (query.To is { } to)
        {
            usage = usage.Where(u => u.OccurredAt < to);
        }

        return usage;
    }

    public static async Task<BillFlowTotals> FlowTotalsAsync(KooMessageDb db, BillQuery query, CancellationToken ct)
    {
        var sums = await Flow(db, query).GroupBy(r => r.IsOrder).Select(g => new { IsOrder = g.Key, Rows = g.Count(), Amount = g.Sum(r => r.AmountFen) }).ToListAsync(ct);
        var onDemand = sums.Where(s => !s.IsOrder).Sum(s => s.Amount);
        var packages = sums.Where(s => s.IsOrder).Sum(s => s.Amount);
        return new BillFlowTotals(sums.Sum(s => s.Rows), onDemand + packages, onDemand, packages);
    }

    public static async Task<BillDetailTotals> DetailTotalsAsync(KooMessageDb db, BillQuery query, CancellationToken ct)
    {
        var sums = await Usage(db, query).GroupBy(u => u.Mode)
            .Select(g => new { Mode = g.Key, Rows = g.Count(), Quantity = g.Sum(u => u.Quantity), Amount = g.Sum(u => u.Quantity * u.UnitPrice) }).ToListAsync(ct);
        return new BillDetailTotals(sums.Sum(s => s.Rows), sums.Sum(s => s.Quantity), sums.Where(s => s.Mode == UsageMode.OnDemand).Sum(s => s.Amount));
    }
}
