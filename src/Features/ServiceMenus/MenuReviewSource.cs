using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>
/// Menu versions in the review queue: 审核中 → 已生效 (the live version before it is retired in the same step), or
/// 驳回 with a reason (the version becomes editable again; the live one stays in force).
/// </summary>
public sealed class MenuReviewSource(TimeProvider clock, IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "service_menu";

    public static readonly string WaitingKey = StateKey(MenuVersionState.Reviewing);

    public string Kind => KindName;

    public static string StateKey(MenuVersionState state) => $"MenuVersionState.{state}";

    public static ReviewSubject Subject(MenuVersion v, ServiceNumberRef sn) =>
        new(KindName, v.Id, v.AccountId, $"{sn.Display} v{v.Number}", WaitingKey);

    /// <summary>The reviewer reads the service number, the change reason, each item with where it goes and whether a tap is billed, and sees the menu in the simulator.</summary>
    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var v = await db.MenuVersions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (v is null)
        {
            return null;
        }

        var sn = await db.ServiceNumbers.AsNoTracking().Where(s => s.Id == v.ServiceNumberId).Select(s => new { s.Name, s.Remark }).SingleAsync(ct);
        var menu = v.Menu();
        var lines = menu.All().Select(x => $"{(x.Parent is null ? "" : "　└ ")}{x.Item.Name}：{MenuDescriptions.Target(x.Item, l)}（{l[MenuDescriptions.BillingKey(x.Item)]}）");
        List<ReviewField> fields =
        [
            new("ServiceMenus.Field.ServiceNumber", $"{sn.Name}（{sn.Remark}）"),
            new("ServiceMenus.Field.VersionNumber", $"v{v.Number}"),
            new("ServiceMenus.Field.ChangeReason", v.ChangeReason ?? "—"),
            new("ServiceMenus.Field.Items", string.Join("\n", lines)),
            new("Field.Status", l[StateKey(v.State)]),
        ];
        return new ReviewDetail($"{sn.Name} v{v.Number}", StateKey(v.State), fields, [], null)
        {
            Preview = new ReviewPreview(typeof(MenuSimulator), new Dictionary<string, object> { [nameof(MenuSimulator.Menu)] = menu, [nameof(MenuSimulator.Title)] = sn.Name }),
        };
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        if (decision.ShownState != WaitingKey)
        {
            return NotWaiting();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.MenuVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id && v.State == MenuVersionState.Reviewing, ct);
        if (row is null)
        {
            return NotWaiting();
        }

        // A frozen service number freezes everything under it: its menu cannot go live until it is unfrozen.
        if (decision.Approve && await db.ServiceNumbers.AnyAsync(s => s.Id == row.ServiceNumberId && s.State == ServiceNumberState.Frozen, ct))
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["ServiceMenus.FrozenNoApproval"]);
        }

        if (decision.Approve)
        {
            // The live version steps down first: the filtered unique index allows one live version per service number.
            await db.MenuVersions.Where(v => v.ServiceNumberId == row.ServiceNumberId && v.State == MenuVersionState.Live).ExecuteUpdateAsync(set => set
                .SetProperty(v => v.State, MenuVersionState.Retired).SetProperty(v => v.UpdatedAt, now).SetProperty(v => v.Version, v => v.Version + 1), ct);
        }

        var to = decision.Approve ? MenuVersionState.Live : MenuVersionState.Rejected;
        var reviewDesc = decision.Approve ? null : decision.Reason;
        var changed = await db.MenuVersions.Where(v => v.Id == id && v.State == MenuVersionState.Reviewing).ExecuteUpdateAsync(set => set
            .SetProperty(v => v.State, to).SetProperty(v => v.ReviewDesc, reviewDesc).SetProperty(v => v.UpdatedAt, now)
            .SetProperty(v => v.OnlineAt, decision.Approve ? now : null)
            .SetProperty(v => v.Version, v => v.Version + 1), ct);
        if (changed == 0)
        {
            return NotWaiting();
        }

        var name = await db.ServiceNumbers.AsNoTracking().Where(s => s.Id == row.ServiceNumberId).Select(s => s.Name).SingleAsync(ct);
        return new ReviewOutcome(row.AccountId, ServiceMenusModule.AuditType, $"{name} v{row.Number}", row.SubmittedBy,
            new { State = MenuVersionState.Reviewing.ToString() },
            new { State = to.ToString(), ReviewDesc = reviewDesc },
            decision.Approve ? "Notify.ServiceMenuApproved" : "Notify.ServiceMenuRejected",
            $"{ServiceMenusModule.Route}?sn={row.ServiceNumberId}");
    }

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
