using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing.Bills;

/// <summary>The bills' filter as an export carries it, with the time zone its dates were picked in (for the conditions' words).</summary>
public sealed record BillExportFilter(BillQuery Query, string TimeZone);

/// <summary>What both bill exports share: the filter's words and its reading (a reversed window is refused as the page refuses it).</summary>
public abstract class BillExportSource : IExportSource
{
    public abstract string Key { get; }

    public abstract string TitleKey { get; }

    public Permission ViewPermission => Permission.BillView;

    public Permission ExportPermission => Permission.BillView;

    public abstract IReadOnlyList<ExportField> Fields { get; }

    public static string Parameters(BillQuery query, string timeZone) => JsonSerializer.Serialize(new BillExportFilter(query, timeZone));

    public IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l)
    {
        var filter = ReadFilter(parameters);
        var q = filter.Query;
        var conditions = new List<ExportCondition>();
        if (q.Item is { } item)
        {
            conditions.Add(new("Bills.Product", l[$"BillingItem.{item}"]));
        }

        if (q.Mode is { } mode)
        {
            conditions.Add(new("Bills.Mode", l[$"UsageMode.{mode}"]));
        }

        if (q.From is not null || q.To is not null)
        {
            string Local(DateTime? utc) => utc is { } at ? UserTime.ToLocal(at, filter.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
            conditions.Add(new("Bills.UsageTime", $"{Local(q.From)} ~ {Local(q.To)}"));
        }

        return conditions;
    }

    public abstract Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct);

    public abstract IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, CancellationToken ct);

    protected static BillQuery Read(string parameters) => ReadFilter(parameters).Query;

    private static BillExportFilter ReadFilter(string parameters)
    {
        var filter = JsonSerializer.Deserialize<BillExportFilter>(parameters) ?? throw new JsonException("No bill filter.");
        if (filter.Query is { From: { } from, To: { } to } && to <= from)
        {
            throw new JsonException("The bill filter's window ends before it starts.");
        }

        return filter;
    }

    protected static decimal Yuan(long fen) => (decimal)fen / Money.FenPerYuan;

    protected static decimal UnitYuan(long unitPrice) => (decimal)unitPrice / Money.UnitsPerYuan;
}

/// <summary>流水账单's export, one row per charge and per paid order as the list shows them.</summary>
public sealed class BillFlowExportSource : BillExportSource
{
    public const string SourceKey = "bills_flow";

    public override string Key => SourceKey;

    public override string TitleKey => "Bills.FlowTab";

    public override IReadOnlyList<ExportField> Fields { get; } =
    [
        new("usage", "Bills.UsageTime", ExportCellKind.DateTime, 18),
        new("charged", "Bills.ChargedAt", ExportCellKind.DateTime, 18),
        new("product", "Bills.Product", ExportCellKind.Text, 26),
        new("spec", "Bills.Spec", ExportCellKind.Text, 14),
        new("quantity", "Bills.Quantity", ExportCellKind.Whole, 12),
        new("price", "Bills.UnitPrice", ExportCellKind.Number, 12),
        new("amount", "Bills.Amount", ExportCellKind.Number, 12),
        new("mode", "Bills.Mode", ExportCellKind.Text, 10),
        new("order", "Bills.Order", ExportCellKind.Identifier, 34),
    ];

    public override Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct) =>
        BillQueries.Flow(db, Read(parameters)).LongCountAsync(ct);

    public override async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        var rows = BillQueries.Flow(db, Read(parameters)).OrderByDescending(r => r.UsageAt).ThenByDescending(r => r.Id);
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return
            [
                UserTime.ToLocal(r.UsageAt, timeZone), UserTime.ToLocal(r.ChargedAt, timeZone), BillTexts.Product(r, l), r.SpecName ?? "", r.Quantity,
                UnitYuan(r.UnitPrice), Yuan(r.AmountFen), BillTexts.Mode(r, l), r.OrderId?.ToString("N") ?? "",
            ];
        }
    }
}

/// <summary>明细账单's export, one row per usage record.</summary>
public sealed class BillDetailExportSource : BillExportSource
{
    public const string SourceKey = "bills_detail";

    public override string Key => SourceKey;

    public override string TitleKey => "Bills.DetailTab";

    public override IReadOnlyList<ExportField> Fields { get; } =
    [
        new("time", "Bills.UsageTime", ExportCellKind.DateTime, 18),
        new("item", "Bills.Product", ExportCellKind.Text, 24),
        new("subject", "Bills.Subject", ExportCellKind.Identifier, 20),
        new("quantity", "Bills.Quantity", ExportCellKind.Whole, 10),
        new("mode", "Bills.Mode", ExportCellKind.Text, 10),
        new("package", "Bills.Package", ExportCellKind.Text, 14),
        new("price", "Bills.UnitPrice", ExportCellKind.Number, 12),
        new("amount", "Bills.ExactAmount", ExportCellKind.Number, 12),
    ];

    public override Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct) =>
        BillQueries.Details(db, Read(parameters)).LongCountAsync(ct);

    public override async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var r in BillQueries.Details(db, Read(parameters)).AsAsyncEnumerable().WithCancellation(ct))
        {
            var onDemand = r.Mode == UsageMode.OnDemand;
            yield return
            [
                UserTime.ToLocal(r.OccurredAt, timeZone), l[$"BillingItem.{r.Item}"].Value, r.Subject ?? "", r.Quantity, l[$"UsageMode.{r.Mode}"].Value,
                r.PackageName ?? "", onDemand ? UnitYuan(r.UnitPrice) : null, onDemand ? UnitYuan(r.AmountUnits) : null,
            ];
        }
    }
}

/// <summary>How a bill row reads, on the page and in the export alike.</summary>
public static class BillTexts
{
    public static string Product(BillFlowRow row, IStringLocalizer l) =>
        row.Family is { } family ? l[$"PackageFamily.{family}"].Value : row.Item is { } item ? l[$"BillingItem.{item}"].Value : "";

    /// <summary>套餐包 for an order or a package draw, 按需 for on-demand usage; an order says it bought packages.</summary>
    public static string Mode(BillFlowRow row, IStringLocalizer l) =>
        row.IsOrder ? l["Bills.PackagePurchase"].Value : l[$"UsageMode.{row.Mode}"].Value;
}
