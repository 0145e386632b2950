using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Layout;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Overview;

/// <summary>One step of the flow guide 企业备案 → 签名 → 模板 → 短链 → 报表, with where this account stands.</summary>
public sealed record FlowStep(NavItem Item, FlowStepState State);

public enum FlowStepState
{
    NotAvailable,
    ToDo,
    Done,
}

public sealed record OverviewCount(string LabelKey, int Value, string? Href);

public sealed record OverviewData(IReadOnlyList<FlowStep> Steps, IReadOnlyList<OverviewCount> Counts);

public sealed class OverviewService(AccessGuard guard, TenantDb dbs, TimeProvider clock)
{
    /// <summary>The flow guide's steps, in order; each names the page that does it.</summary>
    public static readonly IReadOnlyList<string> FlowHrefs = ["/enterprise/filings", "/sms/signatures", "/aim/templates", "/aim/short-links", "/reports"];

    public async Task<Result<OverviewData>> GetAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.OverviewView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        var weekAgo = clock.GetUtcNow().UtcDateTime.AddDays(-7);
        if (user.IsPlatformStaff)
        {
            await using var platform = await dbs.ForPlatformAsync(user, "overview counts", ct);
            return new OverviewData([],
            [
                new("Overview.Accounts", await platform.Accounts.CountAsync(ct), user.Can(Permission.AccountManage) ? "/platform/accounts" : null),
                new("Overview.FrozenAccounts", await platform.Accounts.CountAsync(a => a.Status == AccountStatus.Frozen, ct), null),
                new("Overview.TenantUsers", await platform.Users.CountAsync(u => u.AccountId != null, ct), null),
                new("Overview.Staff", await platform.Users.CountAsync(u => u.AccountId == null, ct), user.Can(Permission.StaffManage) ? "/platform/staff" : null),
            ]);
        }

        await using var db = await dbs.ForAsync(user, ct);
        var steps = FlowHrefs.Select(href => new FlowStep(NavModel.Find(href)!, FlowStepState.NotAvailable)).ToList();
        return new OverviewData(steps,
        [
            new("Overview.Users", await db.Users.CountAsync(ct), user.Can(Permission.UserView) ? "/iam/users" : null),
            new("Overview.ActiveUsers", await db.Users.CountAsync(u => !u.IsDisabled, ct), null),
            new("Overview.ChangesThisWeek", await db.AuditEntries.CountAsync(e => e.At >= weekAgo, ct), user.Can(Permission.AuditView) ? "/iam/audit-log" : null),
        ]);
    }
}
