using System.Runtime.CompilerServices;
using System.Text.Json;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Sending;

/// <summary>The opt-out list's search as an export carries it.</summary>
public sealed record OptOutExportFilter(string? Mobile);

/// <summary>
/// 退订名单's export: like <see cref="SendDetailsExportSource"/>, one source with numbers masked and one with numbers in
/// full for who may see them, so the latter's files never show in another role's download center.
/// </summary>
public sealed class OptOutExportSource(bool fullNumbers) : IExportSource
{
    public const string MaskedKey = "opt_outs";
    public const string FullKey = "opt_outs_full";

    public string Key => fullNumbers ? FullKey : MaskedKey;

    public string TitleKey => fullNumbers ? "OptOuts.FullTitle" : "Nav.OptOuts";

    public Permission ViewPermission => fullNumbers ? Permission.MobileView : Permission.SendView;

    public Permission ExportPermission => ViewPermission;

    public IReadOnlyList<ExportField> Fields { get; } =
    [
        new("mobile", "SendDetails.Mobile", ExportCellKind.Identifier, 14),
        new("at", "OptOuts.OptedOutAt", ExportCellKind.DateTime, 18),
        new("source", "OptOuts.Source", ExportCellKind.Text, 16),
        new("note", "OptOuts.Note", ExportCellKind.Text, 30),
        new("task", "Field.TaskName", ExportCellKind.Text, 20),
        new("msg", "SendDetails.MessageId", ExportCellKind.Identifier, 34),
        new("sent", "OptOuts.MessageSentAt", ExportCellKind.DateTime, 18),
    ];

    public static string Parameters(string? search) =>
        JsonSerializer.Serialize(new OptOutExportFilter(SendDetailsRules.Mobile(search)));

    public IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l) =>
        Read(parameters).Mobile is { } mobile ? [new("SendDetails.Mobile", fullNumbers ? mobile : SendDetailsRules.Mask(mobile))] : [];

    public Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct) =>
        OptOutService.Filter(db, Read(parameters).Mobile).LongCountAsync(ct);

    public async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var r in OptOutService.Filter(db, Read(parameters).Mobile).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return
            [
                fullNumbers ? r.Mobile : SendDetailsRules.Mask(r.Mobile), UserTime.ToLocal(r.CreatedAt, timeZone), SourceOf(r, l), r.Note, r.TaskName ?? "",
                r.MessageId?.ToString("N") ?? "", r.MessageSentAt is { } sent ? UserTime.ToLocal(sent, timeZone) : null,
            ];
        }
    }

    /// <summary>How the number came on the list: the reply it sent, or the user who added it.</summary>
    public static string SourceOf(OptOutRow row, IStringLocalizer l) =>
        row.Keyword.Length > 0 ? l["OptOuts.ByReply", row.Keyword] : l["OptOuts.ByHand", row.CreatedBy];

    private static OptOutExportFilter Read(string parameters)
    {
        var filter = JsonSerializer.Deserialize<OptOutExportFilter>(parameters) ?? throw new JsonException("No opt-out filter.");
        return filter.Mobile is { } m && SendDetailsRules.Mobile(m) != m ? throw new JsonException("Not a number the list accepts.") : filter;
    }
}
