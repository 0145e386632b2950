using System.Collections.Immutable;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Templates;

/// <summary>
/// 我的模板 in every audit state, copied from the starters with the demo's approved signature and its 16:9 picture from
/// the 素材库: a draft, one in review at Huawei and OPPO (tickets open), one approved (Huawei activated, Xiaomi still
/// waiting), one failed (rejected, with the reason), an approved one disabled, an approved one whose newer draft is being
/// edited (the approved version stays in use), and one in review that Huawei rejected while Xiaomi still decides.
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
        var pictures = await db.Materials.Where(m => m.AccountId == demo.AccountId && m.Kind == MaterialKind.Image)
            .Select(m => new Picture(m.FileId, m.Width, m.Height)).ToListAsync(ct);
        Vendor[] two = [Vendor.Huawei, Vendor.Oppo];
        var samples = new (string Name, string Starter, TemplateAuditState State, bool Enabled, (Vendor Vendor, VendorActivationState State, string? Reason)[] Reviews, string? Title, string? Body, string? DraftTitle)[]
        {
            ("双十二预热图文", "100000001", TemplateAuditState.NotSubmitted, true, [], null, null, null),
            ("账单到期提醒", "100000002", TemplateAuditState.InReview, true, [(Vendor.Huawei, VendorActivationState.Pending, null), (Vendor.Oppo, VendorActivationState.Pending, null)], null, null, null),
            ("发货通知", "100000005", TemplateAuditState.Approved, true, [(Vendor.Huawei, VendorActivationState.Activated, null), (Vendor.Xiaomi, VendorActivationState.Pending, null)],
                null, "订单${orderNo}已发货。", null),
            ("会员日优惠券", "100000006", TemplateAuditState.Failed, true,
                [(Vendor.Huawei, VendorActivationState.Rejected, "卡券图片未体现发送方品牌。")], null, null, null),
            ("秋季新品横滑", "100000004", TemplateAuditState.Approved, false, [(Vendor.Huawei, VendorActivationState.Activated, null), (Vendor.Oppo, VendorActivationState.Activated, null)], null, null, null),
            ("会员积分提醒", "100000005", TemplateAuditState.Approved, true,
                [(Vendor.Huawei, VendorActivationState.Activated, null), (Vendor.Xiaomi, VendorActivationState.Activated, null)], "积分到账提醒", "积分已于${date}到账。", "您的积分即将到期"),
            ("春季焕新图文", "100000001", TemplateAuditState.InReview, true,
                [(Vendor.Huawei, VendorActivationState.Rejected, "主图未体现推广的商品，请更换。"), (Vendor.Xiaomi, VendorActivationState.Pending, null)], "春季焕新大促", null, null),
        };
        for (var i = 0; i < samples.Length; i++)
        {
            var (name, starter, state, enabled, reviews, title, body, draftTitle) = samples[i];
            var at = demo.Now.AddDays(-i - 1);
            var vendors = reviews.Length > 0 ? reviews.Select(r => r.Vendor).ToArray() : two;
            var document = Dressed((starters[starter] with { Name = name }).WithVendors(vendors), pictures, title, body);
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
            if (draftTitle is not null)
            {
                var draft = new AimTemplateVersion
                {
                    AccountId = demo.AccountId, TemplateId = template.Id, Number = 2, Document = TemplateJson.Serialize(Dressed(document, pictures, draftTitle, null)),
                    CreatedBy = demo.Owner.UserName, CreatedAt = at.AddHours(3), State = TemplateVersionState.Draft,
                };
                db.AimTemplateVersions.Add(draft);
                template.DraftVersionId = draft.Id;
                template.UpdatedAt = draft.CreatedAt;
            }

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

    private static readonly TemplateAction Link = TemplateAction.To("https://m.example.com/member");

    /// <summary>
    /// The starter with the demo's approved signature and a fallback SMS naming the template, its picture (opening the
    /// member page) in the empty image slots, that page behind its buttons and, when given, another title and body (the
    /// parameters it no longer uses dropped).
    /// </summary>
    private static TemplateDocument Dressed(TemplateDocument document, IReadOnlyList<Picture> pictures, string? title, string? body)
    {
        // The first of the demo's pictures in a ratio every targeted vendor takes in the layout.
        var picture = pictures.FirstOrDefault(p => document.TargetVendors.All(v =>
            RuleBook.Default.Rule(v, document.CardId).Image is not { } rule || rule.Sizes.Any(size => size.Fits(p.Width, p.Height))))?.FileId;
        var pages = document.Pages.Select(page => page with
        {
            Contents = [.. page.Contents.Select(c => c switch
            {
                { Type: ContentType.Image, Src: "" } when picture is { } file => c with { Src = TemplateMaterials.FileUrl(file), ActionType = ActionType.OpenUrl, Action = Link },
                { Type: ContentType.Text, IsTextTitle: true } when title is not null => c with { Content = title },
                { Type: ContentType.Text, IsTextTitle: not true } when body is not null => c with { Content = body },
                { Type: ContentType.Button, Action.Target: "" } => c with { Action = Link },
                _ => c,
            })],
        });
        ImmutableArray<TemplatePage> dressed = [.. pages];
        var used = document.Params.Where(p => dressed.Any(page => page.Contents.Any(c => c.Content?.Contains($"${{{p.Name}}}", StringComparison.Ordinal) == true)));
        return document with
        {
            Pages = dressed, Params = [.. used], SmsSignatures = ["示例科技"], SmsExample = $"【示例科技】{document.Name}，详情请查看卡片。", SmsTemplate = $"【示例科技】{document.Name}，详情请查看卡片。拒收请回复R",
        };
    }

    private sealed record Picture(Guid FileId, int Width, int Height);
}
