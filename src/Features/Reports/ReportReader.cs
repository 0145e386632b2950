using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.ServiceMenus;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Reports;

/// <summary>智能信息报表's conditions: a range of the account's days, by day or by month.</summary>
public sealed record SendReportQuery(DateOnly? From, DateOnly? To, ReportPeriod Period = ReportPeriod.Day);

/// <summary>One day or month of 智能信息报表 (ListAimSendReports' fields).</summary>
public sealed record SendReportRow(string Period, long Submissions, long Sends, long SendSuccess, long SupportResolve, long ResolveSuccess);

/// <summary>模板报表's conditions: at most 90 days, optionally one template (tpl_id) and one vendor (factory_type; <see cref="ReportVendors.Unknown"/> for events that named none).</summary>
public sealed record TemplateReportQuery(DateOnly? From, DateOnly? To, string? TplId = null, string? Vendor = null);

/// <summary>One template and vendor over the range: resolves, exposure and click PV and UV (a UV over days is the sum of daily UVs).</summary>
public sealed record TemplateReportRow(string TplId, string TplName, string Vendor, long Resolves, long ExposurePv, long ExposureUv, long ClickPv, long ClickUv);

/// <summary>服务号点击数据报表's conditions: 报表类型 (day or month), the range, and part of a service number's name.</summary>
public sealed record MenuReportQuery(DateOnly? From, DateOnly? To, ReportPeriod Period = ReportPeriod.Day, string? ServiceNumberName = null);

/// <summary>One day or month of one menu item: billed clicks apart from free ones, and visitors (the sum of daily UVs).</summary>
public sealed record MenuReportRow(string Period, string ServiceNumberId, string ServiceNumber, string MenuItemKey, string MenuItem, long BilledPv, long FreePv, long Uv)
{
    public long TotalPv => BilledPv + FreePv;
}

/// <summary>
/// The funnel's conditions: at most 90 days and optionally a template. Without <see cref="Vendor"/> a row per template
/// and vendor; with it, that vendor's days.
/// </summary>
public sealed record FunnelQuery(DateOnly? From, DateOnly? To, string? TplId = null, string? Vendor = null);

/// <summary>One funnel row (a template and vendor, or a day of one vendor): sent → resolved → exposed → clicked.</summary>
public sealed record FunnelRow(string? Day, string TplId, string TplName, string Vendor, long Sends, long Resolves, long Exposures, long Clicks)
{
    public double? ResolveDrop => ReportRules.Drop(Sends, Resolves);

    public double? ExposureDrop => ReportRules.Drop(Resolves, Exposures);

    public double? ClickDrop => ReportRules.Drop(Exposures, Clicks);
}

/// <summary>A line or bar of a chart: its name's resource key (or a vendor) and one value per label.</summary>
public sealed record ReportSeries(string Key, IReadOnlyList<long> Values);

/// <summary>A report as a page shows it: the chart (labels and series over the whole range), a page of the table and the totals.</summary>
public sealed record ReportView<TRow>(IReadOnlyList<string> Labels, IReadOnlyList<ReportSeries> Series, PagedResult<TRow> Rows, TRow Totals);

/// <summary>A template or service number to filter by.</summary>
public sealed record ReportOption(string Value, string Name);

/// <summary>The vendors a report filters by: the wire names, and <see cref="Unknown"/> for events that named none (stored as "").</summary>
public static class ReportVendors
{
    public const string Unknown = "none";

    public static readonly IReadOnlyList<string> All = [.. Enum.GetValues<Templates.Document.Vendor>().Select(VendorNames.Wire), Unknown];

    /// <summary>The stored value a filter names ("" for <see cref="Unknown"/>), or null when it names no vendor.</summary>
    public static string? Stored(string? filter) => filter == Unknown ? "" : VendorNames.Parse(filter) is { } v ? VendorNames.Wire(v) : null;

    /// <summary>The filter's value for a stored vendor.</summary>
    public static string Filter(string stored) => stored.Length == 0 ? Unknown : stored;
}

/// <summary>
/// Reads the reports from the rollup tables only (never the raw events), for the signed-in user's account: the tenant
/// filter of its context keeps every other account's rows out. Days are the account's (the rollups are kept in its zone).
/// </summary>
public sealed class ReportReader(AccessGuard guard, TenantDb dbs, IStringLocalizer<SharedResource> l)
{
    public static readonly IReadOnlyList<string> SendSeriesKeys = ["Reports.Sends", "Reports.SendSuccess", "Reports.ResolveSuccess"];
    public static readonly IReadOnlyList<string> TemplateSeriesKeys = ["Reports.Resolves", "Reports.ExposurePv", "Reports.ClickPv"];
    public static readonly IReadOnlyList<string> MenuSeriesKeys = ["Reports.BilledPv", "Reports.FreePv"];
    public static readonly IReadOnlyList<string> FunnelSteps = ["Reports.Sends", "Reports.Resolves", "Reports.ExposurePv", "Reports.ClickPv"];

    /// <summary>The range's problem as a field error (<c>From</c> or <c>To</c>), or null.</summary>
    public KmError? Check(DateOnly? from, DateOnly? to, int maxDays) => ReportRules.Check(from, to, maxDays) switch
    {
        null => null,
        RangeProblem.Missing => new KmError(ErrorCodes.InvalidParameter, l["Reports.Range.Missing"]).OnField(from is null ? "From" : "To"),
        RangeProblem.TooLong => new KmError(ErrorCodes.InvalidParameter, l["Reports.Range.TooLong", maxDays]).OnField("To"),
        var problem => new KmError(ErrorCodes.InvalidParameter, l[$"Reports.Range.{problem}"]).OnField("To"),
    };

    public Task<Result<ReportView<SendReportRow>>> SendAsync(SendReportQuery query, PageRequest page, CancellationToken ct) =>
        ReadAsync(query.From, query.To, ReportRules.YearMaxDays, async db =>
        {
            var rows = await SendRowsAsync(db, query, ct);
            var labels = ReportRules.Periods(query.From!.Value, query.To!.Value, query.Period);
            var byLabel = rows.ToDictionary(r => r.Period);
            IReadOnlyList<long> Values(Func<SendReportRow, long> value) => [.. labels.Select(p => byLabel.TryGetValue(p, out var r) ? value(r) : 0)];
            var newest = rows.AsEnumerable().Reverse().ToList();
            return new ReportView<SendReportRow>(
                labels, [new(SendSeriesKeys[0], Values(r => r.Sends)), new(SendSeriesKeys[1], Values(r => r.SendSuccess)), new(SendSeriesKeys[2], Values(r => r.ResolveSuccess))],
                new PagedResult<SendReportRow>([.. newest.Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize)], newest.Count),
                new SendReportRow("", rows.Sum(r => r.Submissions), rows.Sum(r => r.Sends), rows.Sum(r => r.SendSuccess), rows.Sum(r => r.SupportResolve), rows.Sum(r => r.ResolveSuccess)));
        }, ct);

    public Task<Result<ReportView<TemplateReportRow>>> TemplatesAsync(TemplateReportQuery query, PageRequest page, CancellationToken ct) =>
        ReadAsync(query.From, query.To, ReportRules.TemplateMaxDays, async db =>
        {
            var filtered = Templates(db, query.From!.Value, query.To!.Value, query.TplId, query.Vendor);
            var days = await filtered.GroupBy(r => r.Day).OrderBy(g => g.Key).Select(g => new
            {
                Day = g.Key, Resolves = g.Sum(r => r.Resolves), ExposurePv = g.Sum(r => r.ExposurePv), ExposureUv = g.Sum(r => r.ExposureUv),
                ClickPv = g.Sum(r => r.ClickPv), ClickUv = g.Sum(r => r.ClickUv),
            }).ToListAsync(ct);
            var labels = ReportRules.Periods(query.From.Value, query.To.Value, ReportPeriod.Day);
            var byDay = days.ToDictionary(d => ReportRules.Text(d.Day));
            IReadOnlyList<long> Values(Func<long[], long> value) =>
                [.. labels.Select(d => byDay.TryGetValue(d, out var r) ? value([r.Resolves, r.ExposurePv, r.ClickPv]) : 0)];
            var total = await TemplateRows(db, filtered).CountAsync(ct);
            var rows = await TemplateRows(db, filtered).Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize).ToListAsync(ct);
            var names = await TemplateNamesAsync(db, rows.Select(r => r.TplId), ct);
            return new ReportView<TemplateReportRow>(
                labels, [new(TemplateSeriesKeys[0], Values(v => v[0])), new(TemplateSeriesKeys[1], Values(v => v[1])), new(TemplateSeriesKeys[2], Values(v => v[2]))],
                new PagedResult<TemplateReportRow>([.. rows.Select(r => r with { TplName = names.GetValueOrDefault(r.TplId, "") })], total),
                new TemplateReportRow("", "", "", days.Sum(d => d.Resolves), days.Sum(d => d.ExposurePv), days.Sum(d => d.ExposureUv), days.Sum(d => d.ClickPv), days.Sum(d => d.ClickUv)));
        }, ct);

    public Task<Result<ReportView<MenuReportRow>>> MenusAsync(MenuReportQuery query, PageRequest page, CancellationToken ct) =>
        ReadAsync(query.From, query.To, ReportRules.YearMaxDays, async db =>
        {
            var filtered = await MenusAsync(db, query, ct);
            var perDay = await filtered.GroupBy(r => r.Day).OrderBy(g => g.Key)
                .Select(g => new { Day = g.Key, BilledPv = g.Sum(r => r.BilledPv), FreePv = g.Sum(r => r.FreePv), Uv = g.Sum(r => r.Uv) }).ToListAsync(ct);
            var labels = ReportRules.Periods(query.From!.Value, query.To!.Value, query.Period);
            var byPeriod = perDay.GroupBy(d => ReportRules.PeriodOf(d.Day, query.Period))
                .ToDictionary(g => g.Key, g => (Billed: g.Sum(d => d.BilledPv), Free: g.Sum(d => d.FreePv)));
            var rows = await MenuRowsAsync(db, filtered, query.Period, ct);
            var shown = rows.Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize).ToList();
            var named = await NameMenuRowsAsync(db, shown, ct);
            return new ReportView<MenuReportRow>(
                labels,
                [
                    new(MenuSeriesKeys[0], [.. labels.Select(p => byPeriod.TryGetValue(p, out var v) ? v.Billed : 0)]),
                    new(MenuSeriesKeys[1], [.. labels.Select(p => byPeriod.TryGetValue(p, out var v) ? v.Free : 0)]),
                ],
                new PagedResult<MenuReportRow>(named, rows.Count),
                new MenuReportRow("", "", "", "", "", perDay.Sum(d => d.BilledPv), perDay.Sum(d => d.FreePv), perDay.Sum(d => d.Uv)));
        }, ct);

    public Task<Result<ReportView<FunnelRow>>> FunnelAsync(FunnelQuery query, PageRequest page, CancellationToken ct) =>
        ReadAsync(query.From, query.To, ReportRules.TemplateMaxDays, async db =>
        {
            var vendor = query.Vendor is null ? null : ReportVendors.Stored(query.Vendor);
            var filtered = Templates(db, query.From!.Value, query.To!.Value, query.TplId, query.Vendor);
            if (vendor is null)
            {
                var byVendor = await filtered.GroupBy(r => r.Vendor).OrderBy(g => g.Key == "").ThenBy(g => g.Key).Select(g => new
                {
                    Vendor = g.Key, Sends = g.Sum(r => r.Sends), Resolves = g.Sum(r => r.Resolves), Exposures = g.Sum(r => r.ExposurePv), Clicks = g.Sum(r => r.ClickPv),
                }).ToListAsync(ct);
                var total = await FunnelRows(filtered).CountAsync(ct);
                var rows = await FunnelRows(filtered).Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize).ToListAsync(ct);
                var names = await TemplateNamesAsync(db, rows.Select(r => r.TplId), ct);
                return new ReportView<FunnelRow>(
                    FunnelSteps,
                    [.. byVendor.Select(v => new ReportSeries(ReportVendors.Filter(v.Vendor), [v.Sends, v.Resolves, v.Exposures, v.Clicks]))],
                    new PagedResult<FunnelRow>([.. rows.Select(r => r with { TplName = names.GetValueOrDefault(r.TplId, "") })], total),
                    new FunnelRow(null, "", "", "", byVendor.Sum(v => v.Sends), byVendor.Sum(v => v.Resolves), byVendor.Sum(v => v.Exposures), byVendor.Sum(v => v.Clicks)));
            }

            var days = await FunnelDaysAsync(filtered, ct);
            var labels = ReportRules.Periods(query.From.Value, query.To.Value, ReportPeriod.Day);
            var byDay = days.ToDictionary(d => d.Day!);
            IReadOnlyList<long> Values(Func<FunnelRow, long> value) => [.. labels.Select(d => byDay.TryGetValue(d, out var r) ? value(r) : 0)];
            var newest = days.AsEnumerable().Reverse().ToList();
            var name = query.TplId is { } tpl ? (await TemplateNamesAsync(db, [tpl], ct)).GetValueOrDefault(tpl, "") : "";
            return new ReportView<FunnelRow>(
                labels,
                [new(FunnelSteps[0], Values(r => r.Sends)), new(FunnelSteps[1], Values(r => r.Resolves)), new(FunnelSteps[2], Values(r => r.Exposures)), new(FunnelSteps[3], Values(r => r.Clicks))],
                new PagedResult<FunnelRow>([.. newest.Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize).Select(r => r with { TplId = query.TplId ?? "", TplName = name, Vendor = vendor })], newest.Count),
                new FunnelRow(null, query.TplId ?? "", name, vendor, days.Sum(d => d.Sends), days.Sum(d => d.Resolves), days.Sum(d => d.Exposures), days.Sum(d => d.Clicks)));
        }, ct);

    /// <summary>The account's card templates (for the template filters) and service numbers (for the name search's hints).</summary>
    public async Task<Result<IReadOnlyList<ReportOption>>> TemplateChoicesAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ReportView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var templates = await db.AimTemplates.AsNoTracking().Where(t => t.TplId != "").Select(t => new { t.TplId, t.Name }).ToListAsync(ct);
        return templates.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new ReportOption(t.TplId, $"{t.Name}（{t.TplId}）")).ToList();
    }

    private async Task<Result<ReportView<TRow>>> ReadAsync<TRow>(
        DateOnly? from, DateOnly? to, int maxDays, Func<KooMessageDb, Task<ReportView<TRow>>> read, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ReportView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (Check(from, to, maxDays) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await read(db);
    }

    /// <summary>The periods of 智能信息报表 that have data, oldest first (a month sums its days).</summary>
    internal static async Task<List<SendReportRow>> SendRowsAsync(KooMessageDb db, SendReportQuery query, CancellationToken ct)
    {
        var days = await db.AccountDayRollups.AsNoTracking().Where(r => r.Day >= query.From!.Value && r.Day <= query.To!.Value).OrderBy(r => r.Day).ToListAsync(ct);
        return [.. days.GroupBy(d => ReportRules.PeriodOf(d.Day, query.Period)).Select(g => new SendReportRow(
            g.Key, g.Sum(d => d.Submissions), g.Sum(d => d.Sends), g.Sum(d => d.SendSuccess), g.Sum(d => d.SupportResolve), g.Sum(d => d.ResolveSuccess)))];
    }

    internal static IQueryable<TemplateDayRollup> Templates(KooMessageDb db, DateOnly from, DateOnly to, string? tplId, string? vendorFilter)
    {
        var rows = db.TemplateDayRollups.AsNoTracking().Where(r => r.Day >= from && r.Day <= to);
        if (!string.IsNullOrWhiteSpace(tplId))
        {
            rows = rows.Where(r => r.TemplateId == tplId);
        }

        if (vendorFilter is not null && ReportVendors.Stored(vendorFilter) is { } vendor)
        {
            rows = rows.Where(r => r.Vendor == vendor);
        }

        return rows;
    }

    /// <summary>A row per template and vendor, ordered by template then vendor; names are filled in afterwards.</summary>
    internal static IQueryable<TemplateReportRow> TemplateRows(KooMessageDb db, IQueryable<TemplateDayRollup> filtered) =>
        filtered.GroupBy(r => new { r.TemplateId, r.Vendor }).OrderBy(g => g.Key.TemplateId).ThenBy(g => g.Key.Vendor).Select(g => new TemplateReportRow(
            g.Key.TemplateId, "", g.Key.Vendor, g.Sum(r => r.Resolves), g.Sum(r => r.ExposurePv), g.Sum(r => r.ExposureUv), g.Sum(r => r.ClickPv), g.Sum(r => r.ClickUv)));

    internal static IQueryable<FunnelRow> FunnelRows(IQueryable<TemplateDayRollup> filtered) =>
        filtered.GroupBy(r => new { r.TemplateId, r.Vendor }).OrderBy(g => g.Key.TemplateId).ThenBy(g => g.Key.Vendor).Select(g => new FunnelRow(
            null, g.Key.TemplateId, "", g.Key.Vendor, g.Sum(r => r.Sends), g.Sum(r => r.Resolves), g.Sum(r => r.ExposurePv), g.Sum(r => r.ClickPv)));

    /// <summary>The filtered rows' days, oldest first.</summary>
    internal static async Task<List<FunnelRow>> FunnelDaysAsync(IQueryable<TemplateDayRollup> filtered, CancellationToken ct)
    {
        var days = await filtered.GroupBy(r => r.Day).OrderBy(g => g.Key).Select(g => new
        {
            Day = g.Key, Sends = g.Sum(r => r.Sends), Resolves = g.Sum(r => r.Resolves), Exposures = g.Sum(r => r.ExposurePv), Clicks = g.Sum(r => r.ClickPv),
        }).ToListAsync(ct);
        return [.. days.Select(d => new FunnelRow(ReportRules.Text(d.Day), "", "", "", d.Sends, d.Resolves, d.Exposures, d.Clicks))];
    }

    internal static async Task<Dictionary<string, string>> TemplateNamesAsync(KooMessageDb db, IEnumerable<string> tplIds, CancellationToken ct)
    {
        var ids = tplIds.Distinct().ToList();
        var found = await db.AimTemplates.AsNoTracking().Where(t => ids.Contains(t.TplId)).Select(t => new { t.TplId, t.Name }).ToListAsync(ct);
        return found.GroupBy(t => t.TplId).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
    }

    /// <summary>The menu rollups of the range, narrowed to the service numbers whose name holds the search.</summary>
    internal static async Task<IQueryable<MenuDayRollup>> MenusAsync(KooMessageDb db, MenuReportQuery query, CancellationToken ct)
    {
        var rows = db.MenuDayRollups.AsNoTracking().Where(r => r.Day >= query.From!.Value && r.Day <= query.To!.Value);
        if (TextNormalizer.Name(query.ServiceNumberName) is { Length: > 0 } name)
        {
            var ids = await db.ServiceNumbers.AsNoTracking().Where(s => s.Name.Contains(name)).Select(s => s.Id).ToListAsync(ct);
            var keys = ids.Select(i => i.ToString()).ToList();
            rows = rows.Where(r => keys.Contains(r.ServiceNumber));
        }

        return rows;
    }

    /// <summary>A row per period, service number and item: newest period first, then service number and item. Names are filled in by <see cref="NameMenuRowsAsync"/>.</summary>
    internal static async Task<List<MenuReportRow>> MenuRowsAsync(KooMessageDb db, IQueryable<MenuDayRollup> filtered, ReportPeriod period, CancellationToken ct)
    {
        var days = await filtered.OrderByDescending(r => r.Day).ThenBy(r => r.ServiceNumber).ThenBy(r => r.MenuItem)
            .Select(r => new { r.Day, r.ServiceNumber, r.MenuItem, r.BilledPv, r.FreePv, r.Uv }).ToListAsync(ct);
        return [.. days.GroupBy(d => (Period: ReportRules.PeriodOf(d.Day, period), d.ServiceNumber, d.MenuItem))
            .Select(g => new MenuReportRow(g.Key.Period, g.Key.ServiceNumber, "", g.Key.MenuItem, "", g.Sum(d => d.BilledPv), g.Sum(d => d.FreePv), g.Sum(d => d.Uv)))];
    }

    /// <summary>The service numbers' names and the items' names (from the live menu, else the newest that was live).</summary>
    internal static async Task<List<MenuReportRow>> NameMenuRowsAsync(KooMessageDb db, IReadOnlyCollection<MenuReportRow> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => Guid.TryParse(r.ServiceNumberId, out var g) ? g : (Guid?)null).OfType<Guid>().Distinct().ToList();
        var numbers = await db.ServiceNumbers.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var versions = await db.MenuVersions.AsNoTracking()
            .Where(v => ids.Contains(v.ServiceNumberId) && (v.State == MenuVersionState.Live || v.State == MenuVersionState.Retired))
            .Select(v => new { v.ServiceNumberId, v.State, v.Number, v.MenuJson }).ToListAsync(ct);
        var items = new Dictionary<(string, string), string>();
        foreach (var v in versions.OrderBy(v => v.State == MenuVersionState.Live ? 0 : 1).ThenByDescending(v => v.Number))
        {
            foreach (var (_, item, _) in new MenuVersion { MenuJson = v.MenuJson }.Menu().All())
            {
                items.TryAdd((v.ServiceNumberId.ToString(), item.Key), item.Name);
            }
        }

        return [.. rows.Select(r => r with
        {
            ServiceNumber = numbers.FirstOrDefault(n => n.Id.ToString() == r.ServiceNumberId)?.Name ?? r.ServiceNumberId,
            MenuItem = items.GetValueOrDefault((r.ServiceNumberId, r.MenuItemKey), r.MenuItemKey),
        })];
    }
}
