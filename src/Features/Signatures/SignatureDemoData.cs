using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.SmsApps;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Signatures;

/// <summary>Signatures in every state, on the launched demo app; those that wait have their tickets.</summary>
internal sealed class SignatureDemoData(FileStore files) : IDemoData
{
    public int Order => 30;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.Signatures.AnyAsync(s => s.AccountId == demo.AccountId, ct))
        {
            return;
        }

        var appId = await db.SmsApps.Where(a => a.AccountId == demo.AccountId && a.Name == SmsAppDemoData.LaunchedAppName).Select(a => a.Id).SingleAsync(ct);
        var signatures = new (string Name, SignatureType Type, SignatureStatus Status, string? Channel, string? Review)[]
        {
            ("示例科技", SignatureType.Notify, SignatureStatus.ReviewPassed, "1069012345", null),
            ("示例商城", SignatureType.Promotion, SignatureStatus.PendingReview, null, null),
            ("示例会员", SignatureType.Notify, SignatureStatus.Processing, null, null),
            ("示例优选", SignatureType.Promotion, SignatureStatus.ReviewNotPass, null, "签名与营业执照上的企业名称不一致，请补充授权委托书。"),
            ("示例出行", SignatureType.Notify, SignatureStatus.ToBeActivated, "1069012346", null),
            ("示例生活", SignatureType.Notify, SignatureStatus.PendingActivate, "1069012347", null),
        };
        var now = demo.Now;
        for (var i = 0; i < signatures.Length; i++)
        {
            var (name, type, status, channel, review) = signatures[i];
            var license = await files.SaveBytesAsync(db, demo.Owner, demo.AccountId, "营业执照.png", "image/png", DemoFiles.Png, ct);
            var signature = new Signature
            {
                AccountId = demo.AccountId, AppId = appId, Name = name, Type = type, Source = SignatureSource.Enterprise, Status = status, ChannelNumber = channel,
                ReviewDesc = review, SubmittedAt = now.AddHours(-2 - (i * 5)), SubmittedBy = demo.OwnerId, CreatedAt = now.AddDays(-i), UpdatedAt = now.AddHours(-i),
                UrgedAt = status == SignatureStatus.PendingReview ? now.AddMinutes(-90) : null,
            };
            signature.Files.Add(new SignatureFile { AccountId = demo.AccountId, Purpose = SignatureFilePurpose.License, FileId = license.Id });
            db.Signatures.Add(signature);
            if (SignatureStates.Waiting.Contains(status))
            {
                var ticket = ReviewTickets.Open(db, SignatureReviewSource.Subject(signature), signature.SubmittedAt);
                ticket.UrgedAt = signature.UrgedAt;
                ticket.IsUrged = signature.UrgedAt is not null;
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
