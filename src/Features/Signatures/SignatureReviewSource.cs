using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Signatures;

/// <summary>
/// Signatures in the review queue, in three steps: content review (PENDING_REVIEW → PROCESSING), processing done with the
/// channel number (PROCESSING → REVIEW_PASSED), and activation (PENDING_ACTIVATE → REVIEW_PASSED). Each may be refused.
/// </summary>
public sealed class SignatureReviewSource(IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "signature";

    public string Kind => KindName;

    public async Task<IReadOnlyList<ReviewItem>> PendingAsync(KooMessageDb db, CancellationToken ct)
    {
        var waiting = SignatureStates.Waiting.ToList();
        var rows = await db.Signatures.AsNoTracking().Where(s => waiting.Contains(s.Status))
            .Select(s => new { s.Id, s.AccountId, s.Name, s.Status, s.SubmittedAt, s.UrgedAt })
            .ToListAsync(ct);
        return rows.Select(s => new ReviewItem(KindName, s.Id, s.AccountId, $"【{s.Name}】", $"SignatureStatus.{s.Status}", s.SubmittedAt, s.UrgedAt)).ToList();
    }

    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var detail = await SignatureService.DetailAsync(db, id, ct);
        if (detail is null)
        {
            return null;
        }

        var f = detail.Form;
        var fields = new List<ReviewField>
        {
            new("Field.SignatureName", f.Name),
            new("Field.SignatureType", l[$"SignatureType.{f.Type}"]),
            new("Field.App", detail.AppName),
            new("Field.SignatureSource", l[$"SignatureSource.{f.Source}"]),
            new("Field.SourceTitle", f.SourceTitleContent ?? "—"),
            new("Field.InvolvedThird", l[f.IsInvolvedThird ? "Common.Yes" : "Common.No"]),
            new("Field.ApplyDesc", f.ApplyDesc ?? "—"),
            new("Field.Status", l[$"SignatureStatus.{detail.Status}"]),
        };
        var attachments = detail.Licenses.Select(file => new ReviewAttachment("Field.License", file.Id, file.FileName, file.ContentType)).ToList();
        if (detail.PowerOfAttorney is { } attorney)
        {
            attachments.Add(new("Field.PowerOfAttorney", attorney.Id, attorney.FileName, attorney.ContentType));
        }

        var item = new ReviewItem(KindName, id, detail.AccountId, $"【{f.Name}】", $"SignatureStatus.{detail.Status}", detail.SubmittedAt, detail.UrgedAt);
        var input = detail.Status == SignatureStatus.Processing ? new ReviewInput("Field.ChannelNumber", Signature.ChannelNumberMax, true) : null;
        return new ReviewDetail(item, fields, attachments, input);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        var s = await db.Signatures.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null || !SignatureStates.Waiting.Contains(s.Status))
        {
            return new KmError(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
        }

        var action = !decision.Approve ? SignatureAction.Reject : s.Status switch
        {
            SignatureStatus.PendingReview => SignatureAction.Approve,
            SignatureStatus.Processing => SignatureAction.Complete,
            _ => SignatureAction.Activate,
        };
        if (action == SignatureAction.Complete)
        {
            var channel = decision.Input?.Trim();
            if (string.IsNullOrEmpty(channel) || channel.Length > Signature.ChannelNumberMax || !channel.All(char.IsAsciiDigit))
            {
                return new KmError("KM.00001098", l["Signatures.ChannelNumber", Signature.ChannelNumberMax]);
            }

            s.ChannelNumber = channel;
        }

        var before = new { Status = SignatureStates.WireName(s.Status) };
        s.Status = SignatureStates.Next(s.Status, action)!.Value;
        s.ReviewDesc = decision.Approve ? null : decision.Reason;
        s.UrgedAt = null;
        await db.SaveChangesAsync(ct);
        var notify = !decision.Approve ? "Notify.SignatureRejected"
            : s.Status == SignatureStatus.Processing ? "Notify.SignatureProcessing"
            : "Notify.SignaturePassed";
        return new ReviewOutcome(s.AccountId, SignaturesModule.AuditType, s.Name, s.SubmittedBy, before,
            new { Status = SignatureStates.WireName(s.Status), s.ReviewDesc, s.ChannelNumber }, notify, SignaturesModule.Route);
    }
}
