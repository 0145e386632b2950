using System.Runtime.CompilerServices;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Signatures;

/// <summary>The signature list's filter as an export carries it.</summary>
public sealed record SignatureExportFilter(SignatureStatus? Status = null, SignatureType? Type = null, string? Search = null);

/// <summary>签名管理's export: the page's filter and search, one row per signature, newest first.</summary>
public sealed class SignatureExportSource : IExportSource
{
    public const string SourceKey = "signatures";

    public string Key => SourceKey;

    public string TitleKey => "Nav.Signatures";

    public Permission ViewPermission => Permission.SignatureView;

    public Permission ExportPermission => Permission.SignatureExport;

    public IReadOnlyList<ExportField> Fields { get; } =
    [
        new("name", "Field.SignatureName", ExportCellKind.Text, 20),
        new("type", "Field.SignatureType", ExportCellKind.Text, 12),
        new("app", "Field.App", ExportCellKind.Text, 20),
        new("source", "Field.SignatureSource", ExportCellKind.Text, 28),
        new("status", "Field.Status", ExportCellKind.Text, 16),
        new("channel", "Field.ChannelNumber", ExportCellKind.Identifier, 16),
        new("reason", "Field.ReviewDesc", ExportCellKind.Text, 40),
        new("submitted", "Field.SubmittedAt", ExportCellKind.DateTime, 18),
        new("created", "Field.CreatedAt", ExportCellKind.DateTime, 18),
    ];

    public static string Parameters(SignatureQuery query, string? search) =>
        JsonSerializer.Serialize(new SignatureExportFilter(query.Status, query.Type, string.IsNullOrWhiteSpace(search) ? null : search.Trim()));

    public IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l)
    {
        var filter = Read(parameters);
        var conditions = new List<ExportCondition>();
        if (filter.Status is { } status)
        {
            conditions.Add(new("Field.Status", l[$"SignatureStatus.{status}"]));
        }

        if (filter.Type is { } type)
        {
            conditions.Add(new("Field.SignatureType", l[$"SignatureType.{type}"]));
        }

        if (Term(filter) is { } term)
        {
            conditions.Add(new("Common.Search", term));
        }

        return conditions;
    }

    public Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct) =>
        Query(db, parameters).LongCountAsync(ct);

    public async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var s in Query(db, parameters).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return
            [
                s.Name, l[$"SignatureType.{s.Type}"].Value, s.AppName, l[$"SignatureSource.{s.Source}"].Value, l[$"SignatureStatus.{s.Status}"].Value,
                s.ChannelNumber, s.ReviewDesc, UserTime.ToLocal(s.SubmittedAt, timeZone), UserTime.ToLocal(s.CreatedAt, timeZone),
            ];
        }
    }

    private static IQueryable<SignatureRow> Query(KooMessageDb db, string parameters)
    {
        var filter = Read(parameters);
        return SignatureService.Query(db, new SignatureQuery(filter.Status, filter.Type), Term(filter), new PageRequest());
    }

    private static SignatureExportFilter Read(string parameters) =>
        JsonSerializer.Deserialize<SignatureExportFilter>(parameters) ?? throw new JsonException("No signature filter.");

    private static string? Term(SignatureExportFilter filter) => TextNormalizer.Name(filter.Search) is { Length: > 0 } term ? term : null;
}
