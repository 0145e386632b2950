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

    /// <summary>How a new app waiting to be launched appears in the queue.</summary>
    public static ReviewSubject Subject(SmsApp app) => new(KindName, app.Id, app.AccountId, app.Name, StateKey(app.Status));

    public static string StateKey(SmsAppStatus status) => $"SmsAppStatus.{status}";

    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var app = await db.SmsApps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        return app is null
            ? null
            : new ReviewDetail(
                app.Name,
                StateKey(app.Status),
                [
                    new("Field.AppName", app.Name),
                    new("Field.UpLink", app.UpLinkAddress ?? "—"),
                    new("Field.Status", l[StateKey(app.Status)]),
                ],
                [],
                null);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        if (decision.ShownState != StateKey(SmsAppStatus.Created))
        {
            return NotWaiting();
        }

        var to = decision.Approve ? SmsAppStatus.Launched : SmsAppStatus.Suspended;
        var reason = decision.Approve ? null : decision.Reason;
        var changed = await db.SmsApps.Where(a => a.Id == id && a.Status == SmsAppStatus.Created).ExecuteUpdateAsync(set => set
            .SetProperty(a => a.Status, to)
            .SetProperty(a => a.StatusReason, reason), ct);
        if (changed == 0)
        {
            return NotWaiting();
        }

        var app = await db.SmsApps.AsNoTracking().SingleAsync(a => a.Id == id, ct);
        return new ReviewOutcome(app.AccountId, SmsAppsModule.AuditType, app.Name, app.SubmittedBy, new { Status = SmsAppStatus.Created }, new { app.Status, app.StatusReason },
            decision.Approve ? "Notify.SmsAppLaunched" : "Notify.SmsAppSuspended", SmsAppsModule.Route);
    }

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
