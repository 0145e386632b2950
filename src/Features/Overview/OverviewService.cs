using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Layout;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
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
                new("Overview.Waiting", await platform.ReviewTickets.CountAsync(t => t.State == ReviewTicketState.Open, ct), user.Can(Permission.ReviewView) ? "/review" : null),
            ]);
        }

        await using var db = await dbs.ForAsync(user, ct);
        var filed = await db.Enterprises.AnyAsync(e => e.Status == FilingStatus.Approved, ct);
        var signed = await db.Signatures.AnyAsync(s => s.Status == SignatureStatus.ReviewPassed, ct);
        var done = new HashSet<string>();
        if (filed)
        {
            done.Add("/enterprise/filings");
        }

        if (signed)
        {
            done.Add("/sms/signatures");
        }

        var steps = FlowHrefs.Select(href => NavModel.Find(href)!).Select(item => new FlowStep(item,
            !item.Available ? FlowStepState.NotAvailable : done.Contains(item.Href) ? FlowStepState.Done : FlowStepState.ToDo)).ToList();
        return new OverviewData(steps,
        [
            new("Overview.Users", await db.Users.CountAsync(ct), user.Can(Permission.UserView) ? "/iam/users" : null),
            new("Overview.ActiveUsers", await db.Users.CountAsync(u => !u.IsDisabled, ct), null),
            new("Overview.Filings", await db.Enterprises.CountAsync(ct), user.Can(Permission.FilingView) ? "/enterprise/filings" : null),
            new("Overview.Signatures", await db.Signatures.CountAsync(ct), user.Can(Permission.SignatureView) ? "/sms/signatures" : null),
            new("Overview.ChangesThisWeek", await db.AuditEntries.CountAsync(e => e.At >= weekAgo, ct), user.Can(Permission.AuditView) ? "/iam/audit-log" : null),
        ]);
    }
}
