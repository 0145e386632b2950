using System.Runtime.CompilerServices;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>The port list's filter and search as an export carries them.</summary>
public sealed record ChannelPortExportFilter(bool? Bound = null, ChannelNumberType? Type = null, string? Number = null, string? Search = null);

/// <summary>The binding list's filter and search as an export carries them.</summary>
public sealed record ChannelBindingExportFilter(Guid? ServiceNumberId = null, string? ServiceNumberName = null, string? Search = null);

/// <summary>通道号列表's export (ListPortInfos type 0): the page's filter and search, one row per port, newest first.</summary>
public sealed class ChannelPortExportSource : IExportSource
{
    public const string SourceKey = "channel_numbers";

    public string Key => SourceKey;

    public string TitleKey => "ChannelNumbers.Ports";

    public Permission ViewPermission => Permission.ChannelView;

    public Permission ExportPermission => Permission.ChannelView;

    public IReadOnlyList<ExportField> Fields { get; } =
    [
        new("port", "ChannelNumbers.Number", ExportCellKind.Identifier, 24),
        new("type", "ChannelNumbers.Type", ExportCellKind.Text, 12),
        new("signatures", "ChannelNumbers.Signatures", ExportCellKind.Text, 36),
        new("sign_check", "ChannelNumbers.SignCheck", ExportCellKind.Text, 12),
        new("state", "Field.Status", ExportCellKind.Text, 12),
        new("bound", "ChannelNumbers.BindState", ExportCellKind.Text, 12),
        new("reason", "Field.ReviewDesc", ExportCellKind.Text, 36),
        new("created", "Field.CreatedAt", ExportCellKind.DateTime, 18),
    ];

    public static string Parameters(ChannelPortQuery query, string? search) =>
        JsonSerializer.Serialize(new ChannelPortExportFilter(query.Bound, query.Type, query.Number, string.IsNullOrWhiteSpace(search) ? null : search.Trim()));

    public IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l)
    {
        var filter = Read(parameters);
        var conditions = new List<ExportCondition>();
        if (filter.Bound is { } bound)
        {
            conditions.Add(new("ChannelNumbers.BindState", l[bound ? "ChannelNumbers.Bound" : "ChannelNumbers.Unbound"]));
        }

        if (filter.Type is { } type)
        {
            conditions.Add(new("ChannelNumbers.Type", l[$"ChannelNumberType.{type}"]));
        }

        if (ChannelNumberRules.NormalizeNumber(filter.Number) is { Length: > 0 } number)
        {
            conditions.Add(new("ChannelNumbers.Number", number));
        }

        if (Term(filter.Search) is { } term)
        {
            conditions.Add(new("ChannelNumbers.SignatureSearch", term));
        }

        return conditions;
    }

    public Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct) => Query(db, parameters).LongCountAsync(ct);

    public async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var c in Query(db, parameters).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return
            [
                c.Number, l[$"ChannelNumberType.{c.Type}"].Value, string.Join(l["Common.ListSeparator"].Value, c.Signatures), l[c.SignCheck ? "Common.Yes" : "Common.No"].Value,
                l[$"ApproveState.{c.ApproveState}"].Value, l[c.Bindings > 0 ? "ChannelNumbers.Bound" : "ChannelNumbers.Unbound"].Value, c.ReviewDesc,
                UserTime.ToLocal(c.CreatedAt, timeZone),
            ];
        }
    }

    private static IQueryable<ChannelPortRow> Query(KooMessageDb db, string parameters)
    {
        var filter = Read(parameters);
        return ChannelNumberService.PortQuery(db, new ChannelPortQuery(filter.Bound, filter.Type, filter.Number), Term(filter.Search), new PageRequest());
    }

    private static ChannelPortExportFilter Read(string parameters) =>
        JsonSerializer.Deserialize<ChannelPortExportFilter>(parameters) ?? throw new JsonException("No channel-number filter.");

    internal static string? Term(string? search) => TextNormalizer.Name(search) is { Length: > 0 } term ? term : null;
}

/// <summary>绑定关系列表's export (ListPortInfos type 1): one row per binding, with the region in words.</summary>
public sealed class ChannelBindingExportSource(ChinaRegions regions) : IExportSource
{
    public const string SourceKey = "channel_bindings";

    public string Key => SourceKey;

    public string TitleKey => "ChannelNumbers.Bindings";

    public Permission ViewPermission => Permission.ChannelView;

    public Permission ExportPermission => Permission.ChannelView;

    public IReadOnlyList<ExportField> Fields { get; } =
    [
        new("port", "ChannelNumbers.Number", ExportCellKind.Identifier, 24),
        new("type", "ChannelNumbers.Type", ExportCellKind.Text, 12),
        new("pub_name", "ChannelNumbers.ServiceNumber", ExportCellKind.Text, 28),
        new("province", "ChannelNumbers.Region", ExportCellKind.Text, 36),
        new("signatures", "ChannelNumbers.BindSignatures", ExportCellKind.Text, 36),
        new("merchant", "ChannelNumbers.Merchant", ExportCellKind.Text, 28),
        new("created", "ChannelNumbers.BoundAt", ExportCellKind.DateTime, 18),
    ];

    /// <summary>The filter, with the service number's name as the page shows it (the download center lists the filter in words).</summary>
    public static string Parameters(ChannelBindingQuery query, string? serviceNumberName, string? search) =>
        JsonSerializer.Serialize(new ChannelBindingExportFilter(query.ServiceNumberId, serviceNumberName, string.IsNullOrWhiteSpace(search) ? null : search.Trim()));

    public IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l)
    {
        var filter = Read(parameters);
        var conditions = new List<ExportCondition>();
        if (filter.ServiceNumberId is { } id)
        {
            conditions.Add(new("ChannelNumbers.ServiceNumber", filter.ServiceNumberName ?? id.ToString()));
        }

        if (ChannelPortExportSource.Term(filter.Search) is { } term)
        {
            conditions.Add(new("ChannelNumbers.SignatureSearch", term));
        }

        return conditions;
    }

    public Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct) => Query(db, parameters).LongCountAsync(ct);

    public async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var b in Query(db, parameters).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return
            [
                b.Number, l[$"ChannelNumberType.{b.Type}"].Value, b.ServiceNumber, regions.Parse(b.Region) is { } r ? regions.Describe(r, l) : b.Region,
                string.Join(l["Common.ListSeparator"].Value, b.Signatures), b.MerchantName, UserTime.ToLocal(b.CreatedAt, timeZone),
            ];
        }
    }

    private static IQueryable<ChannelBindingRow> Query(KooMessageDb db, string parameters)
    {
        var filter = Read(parameters);
        return ChannelNumberService.BindingQuery(db, new ChannelBindingQuery(filter.ServiceNumberId), ChannelPortExportSource.Term(filter.Search));
    }

    private static ChannelBindingExportFilter Read(string parameters) =>
        JsonSerializer.Deserialize<ChannelBindingExportFilter>(parameters) ?? throw new JsonException("No binding filter.");
}
