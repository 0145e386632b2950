using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Preview;
using KooMessage.Console.Features.Templates.Rules;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Templates;

/// <summary>
/// A template version in one vendor's review: the queue's item is the <see cref="AimTemplateVendor"/> row. Activating
/// approves the template as soon as any targeted vendor does; the template fails only when every vendor it went to
/// rejected it. (The reference's "超过1个厂商" could never approve a template aimed at one vendor.)
/// </summary>
public sealed class TemplateReviewSource(TimeProvider clock, IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "template";

    public const string PendingKey = "VendorActivation.Pending";

    public string Kind => KindName;

    public static ReviewSubject Subject(AimTemplate t, AimTemplateVendor review) =>
        new(KindName, review.Id, t.AccountId, $"{t.Name}（{t.TplId}）· {VendorNames.Wire(review.Vendor)}", PendingKey);

    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var review = await db.AimTemplateVendors.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, ct);
        if (review is null)
        {
            return null;
        }

        var template = await db.AimTemplates.AsNoTracking().SingleAsync(t => t.Id == review.TemplateId, ct);
        var version = await db.AimTemplateVersions.AsNoTracking().SingleAsync(v => v.Id == review.VersionId, ct);
        var document = TemplateJson.Parse(version.Document);
        var profile = VendorRenderProfile.For(document, review.Vendor);
        List<ReviewField> fields =
        [
            new("Field.TemplateName", template.Name),
            new("Field.TplId", template.TplId),
            new("Field.Layout", LayoutText(document.CardId)),
            new("Field.Vendor", VendorNames.Wire(review.Vendor)),
            new("Field.TemplateUse", l[$"TemplateUse.{document.Use}"]),
            new("Field.SmsSignatures", document.SmsSignatures.Length == 0 ? "—" : l.JoinList(document.SmsSignatures)),
            new("Field.TemplateVersion", version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            .. TemplateSummary.Lines(document, profile, l).Select(line => new ReviewField(line.LabelKey, line.Value)),
            new("Field.Status", l[$"VendorActivation.{review.State}"]),
        ];
        return new ReviewDetail($"{template.Name}（{template.TplId}）", $"VendorActivation.{review.State}", fields, [], null)
        {
            Preview = await PreviewAsync(db, template.AccountId, review.Vendor, document, ct),
        };
    }

    /// <summary>
    /// The card as the ticket's vendor renders it, with that vendor's violations: the check knows the materials' pixels
    /// and bytes, and the pictures show, for the files of the template's own account only.
    /// </summary>
    private static async Task<ReviewPreview> PreviewAsync(KooMessageDb db, Guid accountId, Vendor vendor, TemplateDocument document, CancellationToken ct)
    {
        var ids = TemplateMaterials.FileIds(document).ToList();
        var own = await db.StoredFiles.AsNoTracking().Where(f => ids.Contains(f.Id) && f.AccountId == accountId).Select(f => f.Id).ToListAsync(ct);
        var urls = own.Select(TemplateMaterials.FileUrl).ToDictionary(url => url, url => url);
        var facts = (await TemplateMaterials.FactsAsync(db, document, ct)).Where(f => urls.ContainsKey(f.Key)).ToDictionary();
        return new ReviewPreview(typeof(VendorPreview), new Dictionary<string, object>
        {
            [nameof(VendorPreview.Vendor)] = vendor,
            [nameof(VendorPreview.Document)] = document,
            [nameof(VendorPreview.Check)] = TemplateCheck.Run(document, facts),
            [nameof(VendorPreview.MaterialUrls)] = urls,
            [nameof(VendorPreview.Large)] = true,
        });
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        if (decision.ShownState != PendingKey)
        {
            return NotWaiting();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var to = decision.Approve ? VendorActivationState.Activated : VendorActivationState.Rejected;
        var reason = decision.Approve ? null : decision.Reason;
        var changed = await db.AimTemplateVendors.Where(v => v.Id == id && v.State == VendorActivationState.Pending).ExecuteUpdateAsync(set => set
            .SetProperty(v => v.State, to).SetProperty(v => v.Reason, reason).SetProperty(v => v.DecidedAt, now).SetProperty(v => v.DecidedBy, reviewer.UserName), ct);
        if (changed == 0)
        {
            return NotWaiting();
        }

        var review = await db.AimTemplateVendors.AsNoTracking().SingleAsync(v => v.Id == id, ct);
        var outcome = await SettleAsync(db, review.VersionId, now, ct);
        var template = await db.AimTemplates.AsNoTracking().SingleAsync(t => t.Id == review.TemplateId, ct);
        var version = await db.AimTemplateVersions.AsNoTracking().SingleAsync(v => v.Id == review.VersionId, ct);
        var notify = outcome switch
        {
            TemplateVersionState.Approved => "Notify.TemplateApproved",
            TemplateVersionState.Rejected => "Notify.TemplateFailed",
            _ => decision.Approve ? "Notify.TemplateVendorActivated" : "Notify.TemplateVendorRejected",
        };
        return new ReviewOutcome(template.AccountId, TemplatesModule.AuditType, $"{template.Name}（{VendorNames.Wire(review.Vendor)}）", version.SubmittedBy,
            new { Vendor = VendorNames.Wire(review.Vendor), State = (int)VendorActivationState.Pending },
            new { Vendor = VendorNames.Wire(review.Vendor), State = (int)to, Reason = reason, AuditState = (int)template.AuditState }, notify, TemplatesModule.Route);
    }

    /// <summary>
    /// After a vendor's decision: the version is approved at the first activation, and failed once every vendor rejected
    /// it. Only a version still in review moves (one conditional update each), so two decisions at once settle it once.
    /// Returns what the version became by this decision, or null when it did not move.
    /// </summary>
    public static async Task<TemplateVersionState?> SettleAsync(KooMessageDb db, Guid versionId, DateTime now, CancellationToken ct)
    {
        var reviews = await db.AimTemplateVendors.AsNoTracking().Where(v => v.VersionId == versionId).Select(v => new { v.Vendor, v.State, v.Reason }).ToListAsync(ct);
        var version = await db.AimTemplateVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => new { v.TemplateId }).SingleAsync(ct);
        if (reviews.Any(r => r.State == VendorActivationState.Activated))
        {
            var moved = await db.AimTemplateVersions.Where(v => v.Id == versionId && v.State == TemplateVersionState.Submitted)
                .ExecuteUpdateAsync(set => set.SetProperty(v => v.State, TemplateVersionState.Approved), ct);
            if (moved == 0)
            {
                return null;
            }

            await db.AimTemplates.Where(t => t.Id == version.TemplateId && t.DraftVersionId == versionId).ExecuteUpdateAsync(set => set
                .SetProperty(t => t.AuditState, TemplateAuditState.Approved).SetProperty(t => t.AuditDesc, (string?)null)
                .SetProperty(t => t.ApprovedVersionId, versionId).SetProperty(t => t.DraftVersionId, (Guid?)null)
                .SetProperty(t => t.UpdatedAt, now).SetProperty(t => t.Version, t => t.Version + 1), ct);
            return TemplateVersionState.Approved;
        }

        if (reviews.All(r => r.State == VendorActivationState.Rejected))
        {
            var moved = await db.AimTemplateVersions.Where(v => v.Id == versionId && v.State == TemplateVersionState.Submitted)
                .ExecuteUpdateAsync(set => set.SetProperty(v => v.State, TemplateVersionState.Rejected), ct);
            if (moved == 0)
            {
                return null;
            }

            var desc = string.Join("；", reviews.Select(r => $"{VendorNames.Wire(r.Vendor)}：{r.Reason}"));
            desc = desc.Length <= AimTemplate.AuditDescMax ? desc : desc[..AimTemplate.AuditDescMax];
            await db.AimTemplates.Where(t => t.Id == version.TemplateId && t.DraftVersionId == versionId).ExecuteUpdateAsync(set => set
                .SetProperty(t => t.AuditState, TemplateAuditState.Failed).SetProperty(t => t.AuditDesc, desc)
                .SetProperty(t => t.UpdatedAt, now).SetProperty(t => t.Version, t => t.Version + 1), ct);
            return TemplateVersionState.Rejected;
        }

        return null;
    }

    private static string LayoutText(string cardId) =>
        RuleBook.Default.Layouts.TryGetValue(cardId, out var layout) ? $"{layout.Name}（{cardId}）" : cardId;

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
