using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>
/// Homepages in the review queue. A homepage is decided after its service number's profile has been approved (a
/// homepage of a service number that never took effect has nothing to show on); approve → the submitted content goes
/// live (已生效), reject → the live homepage stays and the reason is recorded.
/// </summary>
public sealed class HomepageReviewSource(TimeProvider clock, IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "service_homepage";
    private const string WaitingKey = "ApproveState.Reviewing";

    public string Kind => KindName;

    public static ReviewSubject Subject(ServiceNumber s, ServiceHomepage h) => new(KindName, h.Id, h.AccountId, s.PendingProfile?.Name ?? s.Name, WaitingKey);

    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var serviceNumberId = await db.ServiceHomepages.AsNoTracking().Where(h => h.Id == id).Select(h => (Guid?)h.ServiceNumberId).SingleOrDefaultAsync(ct);
        if (serviceNumberId is not { } numberId || await ServiceNumberService.DetailAsync(db, numberId, ct) is not { Homepage: { } h } d)
        {
            return null;
        }

        var c = h.Content;
        List<ReviewField> fields =
        [
            new("ServiceNumbers.Field.Name", d.Display),
            new("Homepage.Field.Summary", c.Summary),
            new("Homepage.Field.QuickApps", c.QuickApps.Count == 0 ? "—" : string.Join("\n", c.QuickApps.Select(a => $"{a.Name}: {a.Description} ({a.Deeplink}, {a.EngineVersion})"))),
            new("Homepage.Field.Hotlines", c.Hotlines.Count == 0 ? "—" : string.Join("\n", c.Hotlines.Select(t => $"{t.Tel} {t.Usage}"))),
            new("Field.Status", $"{l[$"ServiceNumberState.{d.State}"]} · {l[$"ApproveState.{d.ApproveState}"]}"),
        ];
        if (h.ChangeReason is { } reason)
        {
            fields.Add(new("Homepage.Field.ChangeReason", reason));
        }

        var attachments = new List<ReviewAttachment>();
        if (d.Images.GetValueOrDefault(c.BackgroundImageId) is { } background)
        {
            attachments.Add(new("Homepage.Field.Background", background.FileId, background.FileName, background.ContentType));
        }

        attachments.AddRange(c.QuickApps.Select(a => d.Images.GetValueOrDefault(a.LogoImageId)).OfType<ServiceImageRow>()
            .Select(i => new ReviewAttachment("Homepage.Field.QuickAppLogo", i.FileId, i.FileName, i.ContentType)));
        return new ReviewDetail(d.Latest.Name, h.ApproveState == ApproveState.Reviewing ? WaitingKey : $"ApproveState.{h.ApproveState}", fields, attachments, null);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        var h = await db.ServiceHomepages.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (h is null || h.ApproveState != ApproveState.Reviewing || decision.ShownState != WaitingKey)
        {
            return NotWaiting();
        }

        var number = await db.ServiceNumbers.AsNoTracking().SingleAsync(s => s.Id == h.ServiceNumberId, ct);
        if (decision.Approve && !number.WasApproved)
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["Homepage.NumberFirst"]);
        }

        var before = new { h.State, h.ApproveState };
        var now = clock.GetUtcNow().UtcDateTime;
        h.Version++;
        h.UpdatedAt = now;
        if (decision.Approve)
        {
            h.LiveContent = h.Content;
            h.State = ServiceNumberState.Active;
            h.ApproveState = ApproveState.Approved;
            h.ReviewDesc = null;
            h.ChangeReason = null;
            h.OnlineAt ??= now;
        }
        else
        {
            h.ApproveState = ApproveState.Rejected;
            h.ReviewDesc = decision.Reason;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return NotWaiting();
        }

        return new ReviewOutcome(h.AccountId, ServiceNumbersModule.HomepageAuditType, number.Name, h.SubmittedBy, before, new { h.State, h.ApproveState, h.ReviewDesc },
            decision.Approve ? "Homepage.Notify.Approved" : "Homepage.Notify.Rejected", ServiceNumbersModule.DetailRoute(number.Id));
    }

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
