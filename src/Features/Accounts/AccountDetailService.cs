using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Accounts;

public sealed record AccountSummary(
    Guid Id, string Name, AccountStatus Status, DateTime CreatedAt, bool IsDemo, int UserCount, int FilingCount, int SmsAppCount, int SignatureCount);


public sealed record AccountFilingRow(Guid Id, string Name, FilingStatus Status, DateTime UpdatedAt);

/// <summary>
/// 平台管理 › 账号管理 › an account: what the platform administrator sees of it, and the way back in for its users
/// (a reset password shown once, an unlock). Every read and write crosses accounts through the platform's logged bypass.
/// </summary>
public sealed class AccountDetailService(
    AccessGuard guard,
    TenantDb dbs,
    UserDirectory directory,
    AuditLog audit,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    private static readonly SortColumns<Enterprise> FilingSorts = new SortColumns<Enterprise>()
        .Add(nameof(AccountFilingRow.Name), e => e.Name).Add(nameof(AccountFilingRow.Status), e => e.Status).Add(nameof(AccountFilingRow.UpdatedAt), e => e.UpdatedAt);

    public async Task<Result<AccountSummary>> GetAsync(Guid accountId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "open an account's detail page", ct);

        // Extension members cannot appear in an expression tree: the sets are taken first.
        var filings = db.Enterprises;
        var apps = db.SmsApps;
        var signatures = db.Signatures;
        var summary = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new AccountSummary(
                a.Id, a.Name, a.Status, a.CreatedAt, a.IsDemo,
                db.Users.Count(u => u.AccountId == a.Id),
                filings.Count(e => e.AccountId == a.Id),
                apps.Count(s => s.AccountId == a.Id),
                signatures.Count(s => s.AccountId == a.Id)))
            .SingleOrDefaultAsync(ct);
        return summary is null ? NotFound() : summary;
    }

    public async Task<Result<PagedResult<UserRow>>> ListUsersAsync(Guid accountId, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "list an account's users", ct);
        return await UserService.PageAsync(db, db.Users.AsNoTracking().Where(u => u.AccountId == accountId), page, clock, ct);
    }

    public async Task<Result<PagedResult<AccountFilingRow>>> ListFilingsAsync(Guid accountId, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "list an account's filings", ct);
        var query = db.Enterprises.AsNoTracking().Where(e => e.AccountId == accountId);
        if (page.Term is { } term)
        {
            query = query.Where(e => e.Name.Contains(term));
        }

        return await FilingSorts.Apply(query, page, q => q.OrderByDescending(e => e.UpdatedAt)).ThenBy(e => e.Id)
            .Select(e => new AccountFilingRow(e.Id, e.Name, e.Status, e.UpdatedAt))
            .ToPageAsync(page, ct);
    }

    /// <summary>
    /// Gives a tenant user a random temporary password, returned once for the administrator to pass on (never logged or
    /// stored in clear); the user is unlocked and must change it at the next sign-in.
    /// </summary>
    public Task<Result<string>> ResetPasswordAsync(Guid accountId, string userId, CancellationToken ct) =>
        ChangeTenantUserAsync(accountId, userId, "reset a tenant user's password", async (users, db, actor, user) =>
        {
            var password = DemoSeeder.NewPassword();
            var reset = await directory.ResetPasswordAsync(users, user, password);
            if (reset.Error is { } failed)
            {
                return failed;
            }

            audit.Record(db, actor, Change(user, AuditActions.ResetPassword, null, new { user.MustChangePassword }));
            return password;
        }, ct);

    /// <summary>Ends a lockout (too many wrong passwords) without touching the password.</summary>
    public async Task<Result> UnlockAsync(Guid accountId, string userId, CancellationToken ct)
    {
        var result = await ChangeTenantUserAsync(accountId, userId, "unlock a tenant user", async (users, db, actor, user) =>
        {
            var before = new { user.LockoutEnd };
            foreach (var step in new Func<Task<IdentityResult>>[] { () => users.SetLockoutEndDateAsync(user, null), () => users.ResetAccessFailedCountAsync(user) })
            {
                var done = await step();
                if (!done.Succeeded)
                {
                    return directory.Failure(done);
                }
            }

            audit.Record(db, actor, Change(user, AuditActions.Unlock, before, new { user.LockoutEnd }));
            return "";
        }, ct);
        return result.Error is { } failed ? failed : Result.Ok();
    }

    private static AuditChange Change(AppUser user, string action, object? before, object? after) =>
        new(user.AccountId, action, UsersModule.AuditType, user.Id, user.UserName, before, after);

    private KmError NotFound() => new(ErrorCodes.NotFound, l["Errors.AccountNotFound"]);

    /// <summary>Finds the user among the given account's users only (never staff, never another account's) and saves the change with its audit entry.</summary>
    private async Task<Result<string>> ChangeTenantUserAsync(
        Guid accountId, string userId, string reason, Func<UserManager<AppUser>, KooMessageDb, UserContext, AppUser, Task<Result<string>>> change, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        return await directory.RunForPlatformAsync<string>(auth.Value, reason, async (users, db) =>
        {
            var user = await users.FindByIdAsync(userId);
            if (user is null || user.AccountId is null || user.AccountId != accountId)
            {
                return new KmError(ErrorCodes.NotFound, l["Errors.UserNotFound"]);
            }

            var changed = await change(users, db, auth.Value, user);
            if (changed.IsSuccess)
            {
                await db.SaveChangesAsync(ct);
            }

            return changed;
        }, ct);
    }
}
