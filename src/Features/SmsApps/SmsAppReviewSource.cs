using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.SmsApps;

/// <summary>A new SMS app waits for platform staff to launch it (CREATED → LAUNCHED), or to suspend it with a reason.</summary>
public sealed class SmsAppReviewSource(IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "sms_app";

    public string Kind => KindName;

    public async Task<IReadOnlyList<ReviewItem>> PendingAsync(KooMessageDb db, CancellationToken ct) =>
        await db.SmsApps.AsNoTracking().Where(a => a.Status == SmsAppStatus.Created)
            .Select(a => new ReviewItem(KindName, a.Id, a.AccountId, a.Name, "SmsAppStatus.Created", a.CreatedAt, null))
            .ToListAsync(ct);

    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var app = await db.SmsApps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        return app is null
            ? null
            : new ReviewDetail(
                new ReviewItem(KindName, app.Id, app.AccountId, app.Name, $"SmsAppStatus.{app.Status}", app.CreatedAt, null),
                [
                    new("Field.AppName", app.Name),
                    new("Field.UpLink", app.UpLinkAddress ?? "—"),
                    new("Field.Status", l[$"SmsAppStatus.{app.Status}"]),
                ],
                [],
                null);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        var app = await db.SmsApps.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || app.Status != SmsAppStatus.Created)
        {
            return new KmError(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
        }

        var before = new { app.Status };
        app.Status = decision.Approve ? SmsAppStatus.Launched : SmsAppStatus.Suspended;
        app.StatusReason = decision.Approve ? null : decision.Reason;
        await db.SaveChangesAsync(ct);
        return new ReviewOutcome(app.AccountId, SmsAppsModule.AuditType, app.Name, app.SubmittedBy, before, new { app.Status, app.StatusReason },
            decision.Approve ? "Notify.SmsAppLaunched" : "Notify.SmsAppSuspended", SmsAppsModule.Route);
    }
}
