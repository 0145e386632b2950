using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.SmsApps;

/// <summary>Two SMS apps: one launched (the demo signatures use it), one waiting in the review queue to be launched.</summary>
internal sealed class SmsAppDemoData : IDemoData
{
    public const string LaunchedAppName = "会员通知";

    public int Order => 10;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.SmsApps.AnyAsync(a => a.AccountId == demo.AccountId, ct))
        {
            return;
        }

        var waiting = new SmsApp { AccountId = demo.AccountId, Name = "营销活动", Status = SmsAppStatus.Created, CreatedAt = demo.Now.AddHours(-3), SubmittedBy = demo.OwnerId };
        db.SmsApps.AddRange(
            new SmsApp { AccountId = demo.AccountId, Name = LaunchedAppName, UpLinkAddress = "https://demo.koomessage.local/uplink", Status = SmsAppStatus.Launched, CreatedAt = demo.Now.AddDays(-20), SubmittedBy = demo.OwnerId },
            waiting);
        ReviewTickets.Open(db, SmsAppReviewSource.Subject(waiting), waiting.CreatedAt);
        await db.SaveChangesAsync(ct);
    }
}
