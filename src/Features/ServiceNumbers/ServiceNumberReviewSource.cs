using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>
/// Service numbers in the review queue, three steps of one kind: a new one (approve → 已生效), a change of a live one
/// (approve → the change replaces the live profile), and an unfreeze request (approve → 已生效 again). Reject keeps
/// what is live and records the reason.
/// </summary>
public sealed class ServiceNumberReviewSource(ChinaRegions regions, TimeProvider clock, IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "service_number";
    public const string NewKey = "ServiceNumbers.Review.New";
    public const string ChangeKey = "ServiceNumbers.Review.Change";
    public const string UnfreezeKey = "ServiceNumbers.Review.Unfreeze";

    public string Kind => KindName;

    public static ReviewSubject Subject(ServiceNumber s) => new(KindName, s.Id, s.AccountId, s.PendingProfile?.Name ?? s.Name, StepKey(s.State, s.WasApproved));

    public static string StepKey(ServiceNumberState state, bool wasApproved) =>
        state == ServiceNumberState.Frozen ? UnfreezeKey : wasApproved ? ChangeKey : NewKey;

    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var d = await ServiceNumberService.DetailAsync(db, id, ct);
        if (d is null)
        {
            return null;
        }

        var p = d.Latest;
        List<ReviewField> fields =
        [
            new("ServiceNumbers.Field.Name", p.Name),
            new("ServiceNumbers.Field.Remark", p.Remark),
            new("ServiceNumbers.Field.Abstract", p.Abstract),
            new("ServiceNumbers.Field.Industry", l[$"ServiceNumberIndustry.{p.Industry}"]),
            new("ServiceNumbers.Field.Signatures", string.Join("\n", p.Signatures.Select(s => $"【{s.Name}】 {Region(s.RegionCode)}"))),
            new("Field.Status", $"{l[$"ServiceNumberState.{d.State}"]} · {l[$"ApproveState.{d.ApproveState}"]}"),
        ];
        if (d.Pending is not null)
        {
            fields.Add(new("ServiceNumbers.Review.LiveName", d.Display));
        }

        if (d.ChangeReason is { } reason)
        {
            fields.Add(new(d.State == ServiceNumberState.Frozen ? "ServiceNumbers.Field.UnfreezeReason" : "ServiceNumbers.Field.ChangeReason", reason));
        }

        var attachments = new List<ReviewAttachment>();
        if (d.Images.GetValueOrDefault(p.LogoImageId) is { } logo)
        {
            attachments.Add(Attachment("ServiceNumbers.Field.Logo", logo));
        }

        attachments.AddRange(p.AuthorizationImageIds.Select(d.Images.GetValueOrDefault).OfType<ServiceImageRow>()
            .Select(i => Attachment("ServiceNumbers.Field.AuthorizationFiles", i)));
        return new ReviewDetail(p.Name, StepKey(d.State, d.WasApproved), fields, attachments, null);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        var s = await db.ServiceNumbers.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null || s.ApproveState != ApproveState.Reviewing || StepKey(s.State, s.WasApproved) != decision.ShownState)
        {
            return NotWaiting();
        }

        var before = ServiceNumberService.Snapshot(s);
        var now = clock.GetUtcNow().UtcDateTime;
        var step = decision.ShownState;
        s.Version++;
        s.UpdatedAt = now;
        if (decision.Approve)
        {
            if (s.PendingProfile is { } change)
            {
                s.Apply(change);
                s.PendingProfile = null;
            }

            s.State = ServiceNumberState.Active;
            s.ApproveState = ApproveState.Approved;
            s.ReviewDesc = null;
            s.ChangeReason = null;
            s.OnlineAt ??= now;
            s.FrozenAt = null;
        }
        else
        {
            // The live profile (or the frozen state) stays; a rejected change is kept for the owner to correct.
            s.ApproveState = ApproveState.Rejected;
            s.ReviewDesc = decision.Reason;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            return e is DbUpdateConcurrencyException ? NotWaiting() : new KmError(ErrorCodes.Conflict, l["ServiceNumbers.NameTaken"]);
        }

        var notify = (step, decision.Approve) switch
        {
            (UnfreezeKey, true) => "ServiceNumbers.Notify.Unfrozen",
            (UnfreezeKey, false) => "ServiceNumbers.Notify.UnfreezeRejected",
            (_, true) => "ServiceNumbers.Notify.Approved",
            _ => "ServiceNumbers.Notify.Rejected",
        };
        return new ReviewOutcome(s.AccountId, ServiceNumbersModule.AuditType, s.Name, s.SubmittedBy, before, ServiceNumberService.Snapshot(s), notify,
            ServiceNumbersModule.DetailRoute(s.Id));
    }

    private string Region(string code) => regions.Parse(code) is { } scope ? regions.Describe(scope, l) : code;

    private static ReviewAttachment Attachment(string labelKey, ServiceImageRow image) =>
        new(labelKey, image.FileId, image.FileName, image.ContentType);

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
