using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Enterprises;

/// <summary>企业备案 in the review queue: approve (materials become approved) or reject with a reason.</summary>
public sealed class FilingReviewSource(TimeProvider clock, IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "filing";

    public string Kind => KindName;

    /// <summary>How a submitted filing appears in the queue.</summary>
    public static ReviewSubject Subject(Enterprise e) => new(KindName, e.Id, e.AccountId, e.Name, StateKey(e.Status));

    public static string StateKey(FilingStatus status) => $"FilingStatus.{status}";

    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var detail = await EnterpriseService.DetailAsync(db, id, ct);
        if (detail is null)
        {
            return null;
        }

        var f = detail.Form;
        var fields = new List<ReviewField>
        {
            new("Field.CertificateType", l[$"CertificateType.{f.CertificateType}"]),
            new("Field.EnterpriseName", f.Name),
            new(f.CertificateType == CertificateType.NonProfit ? "Field.OrganizationCode" : "Field.Uscc", f.CreditCode),
            new("Field.ContactName", f.ContactName),
            new("Field.ContactPhone", f.ContactPhone),
            new("Field.ContactEmail", f.ContactEmail),
            new("Field.EnterpriseType", f.EnterpriseType is { } type ? l[$"EnterpriseType.{type}"] : "—"),
            new("Field.Industry", f.Industry is { } industry ? l[$"Industry.{industry}"] : "—"),
            new("Field.Scenarios", MaterialCatalog.ScenarioNames(f.Scenarios, l)),
            new("Field.Status", l[$"FilingStatus.{detail.Status}"]),
        };
        var attachments = new List<ReviewAttachment>();
        if (detail.License is { } license)
        {
            attachments.Add(new("Field.License", license.Id, license.FileName, license.ContentType));
        }

        attachments.AddRange(detail.Materials.Select(m => new ReviewAttachment($"Material.{m.Kind}", m.File.Id, m.File.FileName, m.File.ContentType)));
        return new ReviewDetail(f.Name, StateKey(detail.Status), fields, attachments, null);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        if (decision.ShownState != StateKey(FilingStatus.Reviewing))
        {
            return NotWaiting();
        }

        var to = decision.Approve ? FilingStatus.Approved : FilingStatus.Rejected;
        var reason = decision.Approve ? null : decision.Reason;
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Enterprises.Where(e => e.Id == id && e.Status == FilingStatus.Reviewing).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Status, to)
            .SetProperty(e => e.ReviewReason, reason)
            .SetProperty(e => e.ReviewedBy, reviewer.UserName)
            .SetProperty(e => e.ReviewedAt, now), ct);
        if (changed == 0)
        {
            return NotWaiting();
        }

        if (decision.Approve)
        {
            await db.EnterpriseMaterials.Where(m => m.EnterpriseId == id).ExecuteUpdateAsync(set => set.SetProperty(m => m.Approved, true), ct);
        }

        var filing = await db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == id, ct);
        return new ReviewOutcome(filing.AccountId, EnterprisesModule.AuditType, filing.Name, filing.SubmittedBy, new { Status = FilingStatus.Reviewing }, new { filing.Status, filing.ReviewReason },
            decision.Approve ? "Notify.FilingApproved" : "Notify.FilingRejected", EnterprisesModule.Route);
    }

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
