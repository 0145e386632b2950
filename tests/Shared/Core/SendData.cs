using KooMessage.Console.Data;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.SmsTemplates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>What the send page needs in an account: the short-link data plus an adopted SMS template with a TEXT variable and the link slot.</summary>
public static class SendData
{
    public const string SmsContent = "${1}您好，账单详情请查看 ${2} 。";

    /// <summary>The approved card template (${name}, ${amount}), the 星河 signature and its app, and the SMS template 账单提醒 (${1} TEXT, ${2} NEWTEXT).</summary>
    public static async Task<SendTaskForm> SendSetupAsync(this IServiceProvider services, Guid accountId, string tplId = "600000001")
    {
        var (id, _) = await services.ApprovedTemplateAsync(accountId, tplId);
        await using var db = await services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test send data", CancellationToken.None);
        var signature = await db.Signatures.SingleAsync(s => s.Name == ShortLinkData.Signature);
        var sms = await db.SmsTemplates.FirstOrDefaultAsync(t => t.SignatureId == signature.Id);
        if (sms is null)
        {
            sms = new SmsTemplate
            {
                AccountId = accountId, SignatureId = signature.Id, Name = "账单提醒", Content = SmsContent, Type = SignatureType.Notify, Status = SmsTemplateStatus.Adopted,
                Variables = [new() { Index = 1, Type = SmsVariableType.TEXT }, new() { Index = 2, Type = SmsVariableType.NEWTEXT }],
                SubmittedAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.SmsTemplates.Add(sms);
            await db.SaveChangesAsync();
        }

        return new SendTaskForm
        {
            Name = "账单通知", TplId = id, LinkType = ShortLinkType.Individual, ExpiryDays = 7, SmsAppId = signature.AppId, SignatureId = signature.Id, SmsTemplateId = sms.Id,
            Fallback = SendFallback.PlainSms,
        };
    }
}
