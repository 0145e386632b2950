using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Templates;

/// <summary>
/// 我的模板 in every audit state, copied from the starters: a draft, one in review at Huawei and OPPO (tickets open), one
/// approved (Huawei activated, OPPO still waiting), one failed (both rejected, with reasons), and an approved one disabled.
/// </summary>
internal sealed class TemplateDemoData : IDemoData
{
    public int Order => 50;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.AimTemplates.AnyAsync(t => t.AccountId == demo.AccountId, ct))
        {
            return;
        }

        var starters = TemplateStarters.All.ToDictionary(s => s.TplId, s => s.Document);
        var picture = await db.Materials.Where(m => m.AccountId == demo.AccountId && m.Kind == MaterialKind.Image)
            .OrderBy(m => m.Ratio != ImageRatio.SixteenToNine).ThenBy(m => m.CreatedAt).Select(m => (Guid?)m.FileId).FirstOrDefaultAsync(ct);
        Vendor[] two = [Vendor.Huawei, Vendor.Oppo];
        var samples = new (string Name, string Starter, TemplateAuditState State, bool Enabled, (Vendor Vendor, VendorActivationState State, string? Reason)[] Reviews)[]
        {
            ("双十二预热图文", "100000001", TemplateAuditState.NotSubmitted, true, []),
            ("账单到期提醒", "100000002", TemplateAuditState.InReview, true, [(Vendor.Huawei, VendorActivationState.Pending, null), (Vendor.Oppo, VendorActivationState.Pending, null)]),
            ("发货通知", "100000005", TemplateAuditState.Approved, true, [(Vendor.Huawei, VendorActivationState.Activated, null), (Vendor.Xiaomi, VendorActivationState.Pending, null)]),
            ("会员日优惠券", "100000006", TemplateAuditState.Failed, true,
                [(Vendor.Huawei, VendorActivationState.Rejected, "卡券图片未体现发送方品牌。")]),
            ("秋季新品横滑", "100000004", TemplateAuditState.Approved, false, [(Vendor.Huawei, VendorActivationState.Activated, null), (Vendor.Oppo, VendorActivationState.Activated, null)]),
        };
        for (var i = 0; i < samples.Length; i++)
        {
            var (name, starter, state, enabled, reviews) = samples[i];
            var at = demo.Now.AddDays(-i - 1);
            var vendors = reviews.Length > 0 ? reviews.Select(r => r.Vendor).ToArray() : two;
            var document = starters[starter] with { Name = name };
            document = Illustrated(document.WithVendors(vendors), picture);
            var template = new AimTemplate
            {
                AccountId = demo.AccountId, TplId = TemplateService.NewTplId(), Name = name, SearchName = TemplateStarters.SearchText(name), CardId = document.CardId,
                Vendors = AimTemplate.VendorList(vendors), Use = document.Use, Enabled = enabled, AuditState = state, CreatedBy = demo.Owner.UserName,
                CreatedAt = at, UpdatedAt = at.AddHours(2),
                AuditDesc = state == TemplateAuditState.Failed ? string.Join("；", reviews.Select(r => $"{VendorNames.Wire(r.Vendor)}：{r.Reason}")) : null,
            };
            var version = new AimTemplateVersion
            {
                AccountId = demo.AccountId, TemplateId = template.Id, Number = 1, Document = TemplateJson.Serialize(document), CreatedBy = demo.Owner.UserName, CreatedAt = at,
                State = state switch
                {
                    TemplateAuditState.InReview => TemplateVersionState.Submitted,
                    TemplateAuditState.Approved => TemplateVersionState.Approved,
                    TemplateAuditState.Failed => TemplateVersionState.Rejected,
                    _ => TemplateVersionState.Draft,
                },
                SubmittedAt = state == TemplateAuditState.NotSubmitted ? null : at.AddHours(1),
                SubmittedBy = state == TemplateAuditState.NotSubmitted ? null : demo.OwnerId,
            };
            if (state == TemplateAuditState.Approved)
            {
                template.ApprovedVersionId = version.Id;
            }
            else
            {
                template.DraftVersionId = version.Id;
            }

            db.AimTemplates.Add(template);
            db.AimTemplateVersions.Add(version);
            foreach (var (vendor, reviewState, reason) in reviews)
            {
                var review = db.AimTemplateVendors.Add(new AimTemplateVendor
                {
                    AccountId = demo.AccountId, TemplateId = template.Id, VersionId = version.Id, Vendor = vendor, State = reviewState, Reason = reason,
                    DecidedAt = reviewState == VendorActivationState.Pending ? null : at.AddHours(2), DecidedBy = reviewState == VendorActivationState.Pending ? null : "reviewer",
                }).Entity;
                if (reviewState == VendorActivationState.Pending)
                {
                    ReviewTickets.Open(db, TemplateReviewSource.Subject(template, review), version.SubmittedAt!.Value, VendorNames.Wire(vendor), VendorNames.Wire(vendor));
                }
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The starter's empty pictures shown with the demo's 16:9 picture (from the 素材库 demo data), its empty links with an https address.</summary>
    private static TemplateDocument Illustrated(TemplateDocument document, Guid? picture) => document with
    {
        Pages =
        [
            .. document.Pages.Select(page => page with
            {
                Contents =
                [
                    .. page.Contents.Select(c => c switch
                    {
                        { Type: ContentType.Image, Src: "" } when picture is { } id => c with { Src = TemplateMaterials.FileUrl(id) },
                        { ActionType: ActionType.OpenUrl, Action.Target: "" } => c with { Action = c.Action with { Target = "https://www.example.com/" } },
                        _ => c,
                    }),
                ],
            }),
        ],
    };
}
