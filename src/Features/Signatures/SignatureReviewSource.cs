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
public sealed class SignatureReviewSource(TimeProvider clock, IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "signature";

    public string Kind => KindName;

    /// <summary>How a waiting signature appears in the queue.</summary>
    public static ReviewSubject Subject(Signature s) => new(KindName, s.Id, s.AccountId, $"【{s.Name}】", StateKey(s.Status));

    public static string StateKey(SignatureStatus status) => $"SignatureStatus.{status}";

    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var detail = await SignatureService.DetailAsync(db, id, ct);
        if (detail is null)
        {
            return null;
        }

        var f = detail.Form;
        List<ReviewField> fields =
        [
            new("Field.SignatureName", f.Name),
            new("Field.SignatureType", l[$"SignatureType.{f.Type}"]),
            new("Field.App", detail.AppName),
            new("Field.SignatureSource", l[$"SignatureSource.{f.Source}"]),
            .. SignatureForm.NeedsSourceTitle(f.Source) ? [new ReviewField(SignatureForm.SourceTitleLabel(f.Source), f.SourceTitleContent ?? "—")] : Array.Empty<ReviewField>(),
            new("Field.InvolvedThird", l[f.IsInvolvedThird ? "Common.Yes" : "Common.No"]),
            new("Field.ApplyDesc", f.ApplyDesc ?? "—"),
            new("Field.Status", l[$"SignatureStatus.{detail.Status}"]),
        ];
        var attachments = detail.Licenses.Select(file => new ReviewAttachment("Field.License", file.Id, file.FileName, file.ContentType)).ToList();
        if (detail.PowerOfAttorney is { } attorney)
        {
            attachments.Add(new("Field.PowerOfAttorney", attorney.Id, attorney.FileName, attorney.ContentType));
        }

        var input = detail.Status == SignatureStatus.Processing ? new ReviewInput("Field.ChannelNumber", Signature.ChannelNumberMax, true) : null;
        return new ReviewDetail($"【{f.Name}】", StateKey(detail.Status), fields, attachments, input);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        var shown = SignatureStates.Waiting.Where(w => StateKey(w) == decision.ShownState).Cast<SignatureStatus?>().FirstOrDefault();
        if (shown is not { } from)
        {
            return NotWaiting();
        }

        var action = !decision.Approve ? SignatureAction.Reject : from switch
        {
            SignatureStatus.PendingReview => SignatureAction.Approve,
            SignatureStatus.Processing => SignatureAction.Complete,
            _ => SignatureAction.Activate,
        };
        var channel = decision.Input?.Trim();
        if (action == SignatureAction.Complete
            && (string.IsNullOrEmpty(channel) || channel.Length > Signature.ChannelNumberMax || !channel.All(char.IsAsciiDigit)))
        {
            return new KmError("KM.00001098", l["Signatures.ChannelNumber", Signature.ChannelNumberMax]).OnField(nameof(ReviewDecision.Input));
        }

        var to = SignatureStates.Next(from, action)!.Value;
        var reviewDesc = decision.Approve ? null : decision.Reason;
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Signatures.Where(s => s.Id == id && s.Status == from).ExecuteUpdateAsync(set =>
        {
            set.SetProperty(s => s.Status, to).SetProperty(s => s.ReviewDesc, reviewDesc).SetProperty(s => s.UrgedAt, (DateTime?)null).SetProperty(s => s.UpdatedAt, now);
            if (action == SignatureAction.Complete)
            {
                set.SetProperty(s => s.ChannelNumber, channel);
            }
        }, ct);
        if (changed == 0)
        {
            return NotWaiting();
        }

        var signature = await db.Signatures.AsNoTracking().SingleAsync(s => s.Id == id, ct);
        if (SignatureStates.Waiting.Contains(to))
        {
            ReviewTickets.Open(db, Subject(signature), signature.SubmittedAt);
        }

        var notify = !decision.Approve ? "Notify.SignatureRejected"
            : to == SignatureStatus.Processing ? "Notify.SignatureProcessing"
            : "Notify.SignaturePassed";
        return new ReviewOutcome(signature.AccountId, SignaturesModule.AuditType, signature.Name, signature.SubmittedBy,
            new { Status = SignatureStates.WireName(from) },
            new { Status = SignatureStates.WireName(to), signature.ReviewDesc, signature.ChannelNumber }, notify, SignaturesModule.Route);
    }

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
