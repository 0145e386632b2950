using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Sending;

/// <summary>The send-details filter as an export carries it: the query, the task's name and the time zone its window was picked in (both for the conditions' words).</summary>
public sealed record SendDetailsExportFilter(SendDetailsQuery Query, string? TaskName, string TimeZone, string? SignatureName = null, string? TemplateName = null);

/// <summary>
/// 发送任务明细's export, one row per message as the list shows it. Two sources: numbers masked (whoever reads the
/// details exports and downloads them) and numbers in full (only who may see numbers in full starts or downloads them,
/// checked against the current role when the export is asked for and when the file is downloaded), so a file with
/// full numbers never shows in another role's download center.
/// </summary>
public sealed class SendDetailsExportSource(bool fullNumbers) : IExportSource
{
    public const string MaskedKey = "send_details";
    public const string FullKey = "send_details_full";

    public string Key => fullNumbers ? FullKey : MaskedKey;

    public string TitleKey => fullNumbers ? "SendDetails.FullTitle" : "Nav.SendDetails";

    public Permission ViewPermission => fullNumbers ? Permission.MobileView : Permission.SendView;

    public Permission ExportPermission => ViewPermission;

    public IReadOnlyList<ExportField> Fields { get; } =
    [
        new("msg", "SendDetails.MessageId", ExportCellKind.Identifier, 38),
        new("task", "Field.TaskName", ExportCellKind.Text, 20),
        new("mobile", "SendDetails.Mobile", ExportCellKind.Identifier, 14),
        new("result", "SendDetails.Result", ExportCellKind.Text, 10),
        new("state", "SendDetails.State", ExportCellKind.Text, 18),
        new("code", "SendDetails.ResultCode", ExportCellKind.Text, 30),
        new("submitted", "SendDetails.SubmittedAt", ExportCellKind.DateTime, 18),
        new("reported", "SendDetails.ReportedAt", ExportCellKind.DateTime, 18),
    ];

    public static string Parameters(SendDetailsQuery query, string? taskName, string timeZone, string? signatureName = null, string? templateName = null) =>
        JsonSerializer.Serialize(new SendDetailsExportFilter(query, taskName, timeZone, signatureName, templateName));

    public IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l)
    {
        var filter = Read(parameters);
        var q = filter.Query;
        var conditions = new List<ExportCondition>();
        if (q.TaskId is { } task)
        {
            conditions.Add(new("Field.TaskName", filter.TaskName ?? task.ToString()));
        }

        if (SendDetailsRules.Mobile(q.Mobile) is { } mobile)
        {
            conditions.Add(new("SendDetails.Mobile", fullNumbers ? mobile : SendDetailsRules.Mask(mobile)));
        }

        if (q.SignatureId is { } signature)
        {
            conditions.Add(new("Field.SmsSignature", filter.SignatureName ?? signature.ToString()));
        }

        if (q.TplId is { Length: > 0 } tplId)
        {
            conditions.Add(new("Field.Template", filter.TemplateName ?? tplId));
        }

        if (q.Result is { } result)
        {
            conditions.Add(new("SendDetails.Result", l[$"SendResult.{result}"]));
        }

        if (q is { From: { } from, To: { } to })
        {
            string Local(DateTime utc) => UserTime.ToLocal(utc, filter.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            conditions.Add(new("SendDetails.SendTime", $"{Local(from)} ~ {Local(to)}"));
        }

        return conditions;
    }

    public Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct) =>
        SendDetailsService.Filter(db, Read(parameters).Query).LongCountAsync(ct);

    public async IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var r in SendDetailsService.Filter(db, Read(parameters).Query).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return
            [
                r.MessageId.ToString("N"), r.TaskName, fullNumbers ? r.Mobile : SendDetailsRules.Mask(r.Mobile), l[$"SendResult.{r.Result}"].Value,
                l[$"SendMessageState.{r.State}"].Value, ResultCodes.Describe(r.ResultCode, l), r.SubmittedAt is { } s ? UserTime.ToLocal(s, timeZone) : null,
                r.ReportedAt is { } at ? UserTime.ToLocal(at, timeZone) : null,
            ];
        }
    }

    /// <summary>The filter; one the list would refuse (a bad number, a window over 24 h) is refused here too.</summary>
    private static SendDetailsExportFilter Read(string parameters)
    {
        var filter = JsonSerializer.Deserialize<SendDetailsExportFilter>(parameters) ?? throw new JsonException("No send-details filter.");
        var q = filter.Query;
        if ((!string.IsNullOrWhiteSpace(q.Mobile) && SendDetailsRules.Mobile(q.Mobile) is null) || SendDetailsRules.Check(q.From, q.To) is not null)
        {
            throw new JsonException("The send-details filter is not one the list accepts.");
        }

        return filter;
    }
}
