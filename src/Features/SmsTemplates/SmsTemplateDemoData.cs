using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.SmsTemplates;

/// <summary>Two approved templates with a short-link slot under the demo's approved signature, one in review and one rejected.</summary>
internal sealed class SmsTemplateDemoData : IDemoData
{
    public int Order => 35;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.SmsTemplates.AnyAsync(t => t.AccountId == demo.AccountId, ct))
        {
            return;
        }

        var signature = await db.Signatures.Where(s => s.AccountId == demo.AccountId && s.Status == SignatureStatus.ReviewPassed)
            .OrderBy(s => s.CreatedAt).Select(s => s.Id).FirstAsync(ct);
        var templates = new (string Name, SignatureType Type, string Content, SmsTemplateVariable[] Variables, SmsTemplateStatus Status, string? Review)[]
        {
            ("会员权益到账通知", SignatureType.Notify, "尊敬的会员，您的本月专属权益已到账，点击 ${1} 查看详情。",
                [new() { Index = 1, Type = SmsVariableType.NEWTEXT, Description = "直发" }], SmsTemplateStatus.Adopted, null),
            ("订单发货提醒", SignatureType.Notify, "您的订单 ${1} 已于 ${2} 发货，物流详情请查看 ${3} ，如有疑问请致电 ${4}。",
                [
                    new() { Index = 1, Type = SmsVariableType.CHARDIGIT, Description = "订单号" },
                    new() { Index = 2, Type = SmsVariableType.DATETIME },
                    new() { Index = 3, Type = SmsVariableType.NEWTEXT, Description = "直发" },
                    new() { Index = 4, Type = SmsVariableType.PHONE },
                ], SmsTemplateStatus.Adopted, null),
            ("账单出账提醒", SignatureType.Notify, "您本月账单 ${1} 元已出，详情请查看 ${2} 。",
                [new() { Index = 1, Type = SmsVariableType.MONEY }, new() { Index = 2, Type = SmsVariableType.NEWTEXT }], SmsTemplateStatus.Reviewing, null),
            ("周末特惠活动", SignatureType.Promotion, "周末特惠全场五折起，戳 ${1} 抢购！",
                [new() { Index = 1, Type = SmsVariableType.NEWTEXT }], SmsTemplateStatus.Reject, "营销类内容须使用营销类签名，请更换签名后重新提交。"),
        };
        var now = demo.Now;
        for (var i = 0; i < templates.Length; i++)
        {
            var (name, type, content, variables, status, review) = templates[i];
            var template = new SmsTemplate
            {
                AccountId = demo.AccountId, SignatureId = signature, Name = name, Type = type, Content = content, Variables = [.. variables],
                Status = status, ReviewDesc = review, SubmittedAt = now.AddHours(-3 - (i * 4)), SubmittedBy = demo.OwnerId,
                CreatedAt = now.AddDays(-i), UpdatedAt = now.AddHours(-i),
            };
            db.SmsTemplates.Add(template);
            if (status == SmsTemplateStatus.Reviewing)
            {
                ReviewTickets.Open(db, SmsTemplateReviewSource.Subject(template), template.SubmittedAt);
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
