using System.Runtime.CompilerServices;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Templates;

/// <summary>The template list's filter as an export carries it.</summary>
public sealed record TemplateExportFilter(string? CardId = null, Vendor? Vendor = null, TemplateAuditState? AuditState = null, bool? Enabled = null, string? Search = null);

/// <summary>模板管理's export: 我的模板 with the page's filters and search, one row per template.</summary>
public sealed class TemplateExportSource : IExportSource
{
    public const string SourceKey = "templates";

    public string Key => SourceKey;

    public string TitleKey => "Nav.Templates";

    public Permission ViewPermission => Permission.TemplateView;

    public Permission ExportPermission => Permission.TemplateExport;

    public IReadOnlyList<ExportField> Fields { get; } =
    [
        new("id", "Field.TplId", ExportCellKind.Identifier, 12),
        new("name", "Field.TemplateName", ExportCellKind.Text, 24),
        new("layout", "Field.Layout", ExportCellKind.Text, 16),
        new("vendors", "Field.TargetVendors", ExportCellKind.Text, 30),
        new("use", "Field.TemplateUse", ExportCellKind.Text, 10),
        new("audit", "Field.AuditState", ExportCellKind.Text, 12),
        new("reason", "Field.ReviewDesc", ExportCellKind.Text, 40),
        new("enabled", "Field.TemplateEnabled", ExportCellKind.Text, 10),
        new("updated", "Field.UpdatedAt", ExportCellKind.DateTime, 18),
    ];

    public static string Parameters(TemplateQuery query, string? search) =>
        JsonSerializer.Serialize(new TemplateExportFilter(query.CardId, query.Vendor, query.AuditState, query.Enabled, string.IsNullOrWhiteSpace(search) ? null : search.Trim()));

    public IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l)
    {
        var filter = Read(parameters);
        var conditions = new List<ExportCondition>();
        if (filter.CardId is { } card)
        {
            conditions.Add(new("Field.Layout", RuleBook.Default.Layouts.TryGetValue(card, out var layout) ? layout.Name : card));
        }

        if (filter.Vendor is { } vendor)
        {
            conditions.Add(new("Field.Vendor", VendorNames.Wire(vendor)));
        }

        if (filter.AuditState is { } state)
        {
            conditions.Add(new("Field.AuditState", l[$"TemplateAuditState.{state}"]));
        }

        if (filter.Enabled is { } enabled)
        {
            conditions.Add(new("Field.TemplateEnabled", l[enabled ? "Templates.Enabled" : "Templates.Disabled"]));
        }

        if (Term(filter) is { } term)
        {
            conditions.Add(new("Common.Search", term));
        }

        return conditions;
    }

    public Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct) => Query(db, parameters).LongCountAsync(ct);

    public async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var t in Query(db, parameters).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return
            [
                t.TplId, t.Name, RuleBook.Default.Layouts.TryGetValue(t.CardId, out var layout) ? layout.Name : t.CardId,
                string.Join(l["Common.ListSeparator"], AimTemplate.ParseVendors(t.Vendors).Select(VendorNames.Wire)),
                l[$"TemplateUse.{t.Use}"].Value, l[$"TemplateAuditState.{t.AuditState}"].Value, t.AuditDesc,
                l[t.Enabled ? "Templates.Enabled" : "Templates.Disabled"].Value, UserTime.ToLocal(t.UpdatedAt, timeZone),
            ];
        }
    }

    private static IQueryable<AimTemplate> Query(KooMessageDb db, string parameters)
    {
        var f = Read(parameters);
        return TemplateService.Query(db, new TemplateQuery(TemplateTab.Mine, f.CardId, f.Vendor, f.AuditState, f.Enabled), Term(f), new PageRequest());
    }

    private static TemplateExportFilter Read(string parameters) =>
        JsonSerializer.Deserialize<TemplateExportFilter>(parameters) ?? throw new JsonException("No template filter.");

    private static string? Term(TemplateExportFilter filter) => TextNormalizer.Name(filter.Search) is { Length: > 0 } term ? term : null;
}
