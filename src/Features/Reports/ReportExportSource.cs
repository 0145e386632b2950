using System.Runtime.CompilerServices;
using System.Text.Json;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Reports;

/// <summary>The four reports.</summary>
public enum ReportKind
{
    Send,
    Templates,
    Menus,
    Funnel,
}

/// <summary>
/// A report's export with the conditions the page shows (range, 报表类型, template, vendor, service number): the same
/// rows as its table, read from the rollups, every row of the range rather than a page.
/// </summary>
public sealed class ReportExportSource(ReportKind kind) : IExportSource
{
    private static readonly ExportField[] SendFields =
    [
        new("period", "Reports.Period", ExportCellKind.Text, 12),
        new("submissions", "Reports.Submissions", ExportCellKind.Whole, 12),
        new("sends", "Reports.Sends", ExportCellKind.Whole, 12),
        new("send_success", "Reports.SendSuccess", ExportCellKind.Whole, 12),
        new("support_resolve", "Reports.SupportResolve", ExportCellKind.Whole, 12),
        new("resolve_success", "Reports.ResolveSuccess", ExportCellKind.Whole, 12),
    ];

    private static readonly ExportField[] TemplateFields =
    [
        new("tpl_id", "Reports.TplId", ExportCellKind.Identifier, 12),
        new("tpl_name", "Field.Template", ExportCellKind.Text, 24),
        new("vendor", "Reports.Vendor", ExportCellKind.Text, 10),
        new("resolves", "Reports.Resolves", ExportCellKind.Whole, 12),
        new("expose_pv", "Reports.ExposurePv", ExportCellKind.Whole, 12),
        new("expose_uv", "Reports.ExposureUv", ExportCellKind.Whole, 12),
        new("click_pv", "Reports.ClickPv", ExportCellKind.Whole, 12),
        new("click_uv", "Reports.ClickUv", ExportCellKind.Whole, 12),
    ];

    private static readonly ExportField[] MenuFields =
    [
        new("period", "Reports.Period", ExportCellKind.Text, 12),
        new("service_number", "Reports.ServiceNumber", ExportCellKind.Text, 18),
        new("menu_item", "Reports.MenuItem", ExportCellKind.Text, 16),
        new("billed_pv", "Reports.BilledPv", ExportCellKind.Whole, 12),
        new("free_pv", "Reports.FreePv", ExportCellKind.Whole, 12),
        new("total_pv", "Reports.TotalPv", ExportCellKind.Whole, 12),
        new("uv", "Reports.Uv", ExportCellKind.Whole, 12),
    ];

    private static readonly ExportField[] FunnelFields =
    [
        new("day", "Reports.Day", ExportCellKind.Text, 12),
        new("tpl_id", "Reports.TplId", ExportCellKind.Identifier, 12),
        new("tpl_name", "Field.Template", ExportCellKind.Text, 24),
        new("vendor", "Reports.Vendor", ExportCellKind.Text, 10),
        new("sends", "Reports.Sends", ExportCellKind.Whole, 12),
        new("resolves", "Reports.Resolves", ExportCellKind.Whole, 12),
        new("resolve_drop", "Reports.ResolveDrop", ExportCellKind.Text, 10),
        new("exposures", "Reports.ExposurePv", ExportCellKind.Whole, 12),
        new("exposure_drop", "Reports.ExposureDrop", ExportCellKind.Text, 10),
        new("clicks", "Reports.ClickPv", ExportCellKind.Whole, 12),
        new("click_drop", "Reports.ClickDrop", ExportCellKind.Text, 10),
    ];

    public static string KeyOf(ReportKind kind) => kind switch
    {
        ReportKind.Send => "report_send",
        ReportKind.Templates => "report_templates",
        ReportKind.Menus => "report_menus",
        _ => "report_funnel",
    };

    public string Key => KeyOf(kind);

    public string TitleKey => $"Reports.Title.{kind}";

    public Permission ViewPermission => Permission.ReportView;

    public Permission ExportPermission => Permission.ReportExport;

    public IReadOnlyList<ExportField> Fields => kind switch
    {
        ReportKind.Send => SendFields,
        ReportKind.Templates => TemplateFields,
        ReportKind.Menus => MenuFields,
        _ => FunnelFields,
    };

    public static string Parameters(SendReportQuery query) => JsonSerializer.Serialize(query);

    public static string Parameters(TemplateReportQuery query, string? templateName) => JsonSerializer.Serialize(new TemplateExportFilter(query, templateName));

    public static string Parameters(MenuReportQuery query) => JsonSerializer.Serialize(query);

    public static string Parameters(FunnelQuery query, string? templateName) => JsonSerializer.Serialize(new FunnelExportFilter(query, templateName));

    public IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l)
    {
        var conditions = new List<ExportCondition>();
        switch (kind)
        {
            case ReportKind.Send:
                var send = Read<SendReportQuery>(parameters, ReportRules.YearMaxDays, q => (q.From, q.To));
                conditions.Add(Range(send.From, send.To));
                conditions.Add(new("Reports.Type", l[$"ReportPeriod.{send.Period}"]));
                break;
            case ReportKind.Templates:
                var template = Read<TemplateExportFilter>(parameters, ReportRules.TemplateMaxDays, f => (f.Query.From, f.Query.To));
                conditions.Add(Range(template.Query.From, template.Query.To));
                AddTemplateAndVendor(conditions, template.Query.TplId, template.TemplateName, template.Query.Vendor, l);
                break;
            case ReportKind.Menus:
                var menus = Read<MenuReportQuery>(parameters, ReportRules.YearMaxDays, q => (q.From, q.To));
                conditions.Add(Range(menus.From, menus.To));
                conditions.Add(new("Reports.Type", l[$"ReportPeriod.{menus.Period}"]));
                if (!string.IsNullOrWhiteSpace(menus.ServiceNumberName))
                {
                    conditions.Add(new("Reports.ServiceNumberName", menus.ServiceNumberName.Trim()));
                }

                break;
            default:
                var funnel = Read<FunnelExportFilter>(parameters, ReportRules.TemplateMaxDays, f => (f.Query.From, f.Query.To));
                conditions.Add(Range(funnel.Query.From, funnel.Query.To));
                AddTemplateAndVendor(conditions, funnel.Query.TplId, funnel.TemplateName, funnel.Query.Vendor, l);
                break;
        }

        return conditions;
    }

    public async Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct)
    {
        switch (kind)
        {
            case ReportKind.Send:
                return (await ReportReader.SendRowsAsync(db, Read<SendReportQuery>(parameters, ReportRules.YearMaxDays, q => (q.From, q.To)), ct)).Count;
            case ReportKind.Templates:
                var q = Read<TemplateExportFilter>(parameters, ReportRules.TemplateMaxDays, f => (f.Query.From, f.Query.To)).Query;
                return await ReportReader.TemplateRows(db, ReportReader.Templates(db, q.From!.Value, q.To!.Value, q.TplId, q.Vendor)).LongCountAsync(ct);
            case ReportKind.Menus:
                var menus = Read<MenuReportQuery>(parameters, ReportRules.YearMaxDays, m => (m.From, m.To));
                return (await ReportReader.MenuRowsAsync(db, await ReportReader.MenusAsync(db, menus, ct), menus.Period, ct)).Count;
            default:
                var f = Read<FunnelExportFilter>(parameters, ReportRules.TemplateMaxDays, x => (x.Query.From, x.Query.To)).Query;
                var filtered = ReportReader.Templates(db, f.From!.Value, f.To!.Value, f.TplId, f.Vendor);
                return f.Vendor is not null && ReportVendors.Stored(f.Vendor) is not null
                    ? (await ReportReader.FunnelDaysAsync(filtered, ct)).Count
                    : await ReportReader.FunnelRows(filtered).LongCountAsync(ct);
        }
    }

    public async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        switch (kind)
        {
            case ReportKind.Send:
                var send = Read<SendReportQuery>(parameters, ReportRules.YearMaxDays, q => (q.From, q.To));
                foreach (var r in (await ReportReader.SendRowsAsync(db, send, ct)).AsEnumerable().Reverse())
                {
                    yield return [r.Period, r.Submissions, r.Sends, r.SendSuccess, r.SupportResolve, r.ResolveSuccess];
                }

                break;
            case ReportKind.Templates:
                var q = Read<TemplateExportFilter>(parameters, ReportRules.TemplateMaxDays, f => (f.Query.From, f.Query.To)).Query;
                var rows = await ReportReader.TemplateRows(db, ReportReader.Templates(db, q.From!.Value, q.To!.Value, q.TplId, q.Vendor)).ToListAsync(ct);
                var names = await ReportReader.TemplateNamesAsync(db, rows.Select(r => r.TplId), ct);
                foreach (var r in rows)
                {
                    yield return [r.TplId, names.GetValueOrDefault(r.TplId, ""), VendorText(r.Vendor, l), r.Resolves, r.ExposurePv, r.ExposureUv, r.ClickPv, r.ClickUv];
                }

                break;
            case ReportKind.Menus:
                var menus = Read<MenuReportQuery>(parameters, ReportRules.YearMaxDays, m => (m.From, m.To));
                var menuRows = await ReportReader.MenuRowsAsync(db, await ReportReader.MenusAsync(db, menus, ct), menus.Period, ct);
                foreach (var r in await ReportReader.NameMenuRowsAsync(db, menuRows, ct))
                {
                    yield return [r.Period, r.ServiceNumber, r.MenuItem, r.BilledPv, r.FreePv, r.TotalPv, r.Uv];
                }

                break;
            default:
                var f = Read<FunnelExportFilter>(parameters, ReportRules.TemplateMaxDays, x => (x.Query.From, x.Query.To)).Query;
                var filtered = ReportReader.Templates(db, f.From!.Value, f.To!.Value, f.TplId, f.Vendor);
                var vendor = f.Vendor is null ? null : ReportVendors.Stored(f.Vendor);
                var funnel = vendor is null
                    ? await ReportReader.FunnelRows(filtered).ToListAsync(ct)
                    : [.. (await ReportReader.FunnelDaysAsync(filtered, ct)).AsEnumerable().Reverse().Select(d => d with { TplId = f.TplId ?? "", Vendor = vendor })];
                var funnelNames = await ReportReader.TemplateNamesAsync(db, funnel.Select(r => r.TplId), ct);
                foreach (var r in funnel)
                {
                    yield return
                    [
                        r.Day ?? "", r.TplId, funnelNames.GetValueOrDefault(r.TplId, ""), VendorText(r.Vendor, l), r.Sends, r.Resolves, ReportRules.DropText(r.ResolveDrop),
                        r.Exposures, ReportRules.DropText(r.ExposureDrop), r.Clicks, ReportRules.DropText(r.ClickDrop),
                    ];
                }

                break;
        }
    }

    /// <summary>A vendor as the reports show it: its wire name, or 未知 for events that named none.</summary>
    public static string VendorText(string stored, IStringLocalizer l) => stored.Length == 0 ? l["Reports.UnknownVendor"] : stored;

    private static ExportCondition Range(DateOnly? from, DateOnly? to) => new("Reports.Range", $"{ReportRules.Text(from!.Value)} ~ {ReportRules.Text(to!.Value)}");

    private static void AddTemplateAndVendor(List<ExportCondition> conditions, string? tplId, string? templateName, string? vendor, IStringLocalizer l)
    {
        if (!string.IsNullOrWhiteSpace(tplId))
        {
            conditions.Add(new("Field.Template", templateName ?? tplId));
        }

        if (vendor is not null && ReportVendors.Stored(vendor) is { } stored)
        {
            conditions.Add(new("Reports.Vendor", VendorText(stored, l)));
        }
    }

    /// <summary>The conditions; a range the page would refuse (missing, reversed, too long) is refused here too.</summary>
    private static T Read<T>(string parameters, int maxDays, Func<T, (DateOnly? From, DateOnly? To)> range)
    {
        var filter = JsonSerializer.Deserialize<T>(parameters) ?? throw new JsonException("No report conditions.");
        var (from, to) = range(filter);
        return ReportRules.Check(from, to, maxDays) is null ? filter : throw new JsonException("The report's range is not one the page accepts.");
    }

    private sealed record TemplateExportFilter(TemplateReportQuery Query, string? TemplateName);

    private sealed record FunnelExportFilter(FunnelQuery Query, string? TemplateName);
}
