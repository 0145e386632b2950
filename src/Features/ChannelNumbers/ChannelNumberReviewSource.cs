using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>Channel numbers in the review queue: 审核中 → 审核通过 (bindable), or 驳回 with a reason.</summary>
public sealed class ChannelNumberReviewSource(TimeProvider clock, IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "channel_number";

    private static readonly string WaitingKey = StateKey(ApproveState.Reviewing);

    public string Kind => KindName;

    public static ReviewSubject Subject(ChannelNumber c) => new(KindName, c.Id, c.AccountId, c.Number, WaitingKey);

    public static string StateKey(ApproveState state) => $"ApproveState.{state}";

    /// <summary>The reviewer reads the number, its type, signatures, whether signatures are checked, and sees the proofs.</summary>
    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var d = await ChannelNumberService.DetailAsync(db, id, ct);
        if (d is null)
        {
            return null;
        }

        List<ReviewField> fields =
        [
            new("ChannelNumbers.Number", d.Number),
            new("ChannelNumbers.Type", l[$"ChannelNumberType.{d.Type}"]),
            new("ChannelNumbers.Signatures", string.Join("\n", d.Signatures.Select(s => $"【{s}】"))),
            new("ChannelNumbers.SignCheck", l[d.SignCheck ? "Common.Yes" : "Common.No"]),
            new("Field.Status", l[StateKey(d.ApproveState)]),
        ];
        var attachments = d.Proofs.Select(f => new ReviewAttachment("ChannelNumbers.Proofs", f.Id, f.FileName, f.ContentType)).ToList();
        return new ReviewDetail(d.Number, StateKey(d.ApproveState), fields, attachments, null);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        if (decision.ShownState != WaitingKey)
        {
            return NotWaiting();
        }

        var to = decision.Approve ? ApproveState.Approved : ApproveState.Rejected;
        var reviewDesc = decision.Approve ? null : decision.Reason;
        var now = clock.GetUtcNow().UtcDateTime;

        // The decision raises the version: a tab that showed the port before it cannot bind or delete on what it saw.
        var changed = await db.ChannelNumbers.Where(c => c.Id == id && c.ApproveState == ApproveState.Reviewing).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.ApproveState, to).SetProperty(c => c.ReviewDesc, reviewDesc).SetProperty(c => c.UpdatedAt, now)
            .SetProperty(c => c.Version, c => c.Version + 1), ct);
        if (changed == 0)
        {
            return NotWaiting();
        }

        var port = await db.ChannelNumbers.AsNoTracking().SingleAsync(c => c.Id == id, ct);
        return new ReviewOutcome(port.AccountId, ChannelNumbersModule.AuditType, port.Number, port.SubmittedBy,
            new { ApproveState = ApproveState.Reviewing }, new { port.ApproveState, port.ReviewDesc },
            decision.Approve ? "Notify.ChannelNumberApproved" : "Notify.ChannelNumberRejected", ChannelNumbersModule.Route);
    }

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
