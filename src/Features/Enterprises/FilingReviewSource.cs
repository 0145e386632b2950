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

    public async Task<IReadOnlyList<ReviewItem>> PendingAsync(KooMessageDb db, CancellationToken ct) =>
        await db.Enterprises.AsNoTracking().Where(e => e.Status == FilingStatus.Reviewing)
            .Select(e => new ReviewItem(KindName, e.Id, e.AccountId, e.Name, "FilingStatus.Reviewing", e.SubmittedAt ?? e.UpdatedAt, null))
            .ToListAsync(ct);

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
            new("Field.EnterpriseType", l[$"EnterpriseType.{f.EnterpriseType}"]),
            new("Field.Industry", l[$"Industry.{f.Industry}"]),
            new("Field.Scenarios", MaterialCatalog.ScenarioNames(f.Scenarios, l)),
            new("Field.Status", l[$"FilingStatus.{detail.Status}"]),
        };
        var attachments = new List<ReviewAttachment>();
        if (detail.License is { } license)
        {
            attachments.Add(new("Field.License", license.Id, license.FileName, license.ContentType));
        }

        attachments.AddRange(detail.Materials.Select(m => new ReviewAttachment($"Material.{m.Kind}", m.File.Id, m.File.FileName, m.File.ContentType)));
        var item = new ReviewItem(KindName, id, detail.AccountId, f.Name, $"FilingStatus.{detail.Status}", detail.SubmittedAt ?? detail.UpdatedAt, null);
        return new ReviewDetail(item, fields, attachments, null);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        var e = await db.Enterprises.Include(x => x.Materials).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (e is null || e.Status != FilingStatus.Reviewing)
        {
            return new KmError(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
        }

        var before = new { e.Status };
        e.Status = decision.Approve ? FilingStatus.Approved : FilingStatus.Rejected;
        e.ReviewReason = decision.Approve ? null : decision.Reason;
        e.ReviewedBy = reviewer.UserName;
        e.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        if (decision.Approve)
        {
            e.Materials.ForEach(m => m.Approved = true);
        }

        await db.SaveChangesAsync(ct);
        return new ReviewOutcome(e.AccountId, EnterprisesModule.AuditType, e.Name, e.SubmittedBy, before, new { e.Status, e.ReviewReason },
            decision.Approve ? "Notify.FilingApproved" : "Notify.FilingRejected", EnterprisesModule.Route);
    }
}
