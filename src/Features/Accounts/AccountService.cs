using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Accounts;

public sealed record AccountRow(Guid Id, string Name, AccountStatus Status, int UserCount, DateTime CreatedAt, bool IsDemo);

public sealed record MyAccount(Guid Id, string Name, AccountStatus Status, string TimeZone);

public sealed class AccountService(
    AccessGuard guard,
    CurrentUser currentUser,
    TenantDb dbs,
    UserDirectory directory,
    AuditLog audit,
    NotificationService notifications,
    SettingsService settings,
    IValidator<NewAccountForm> validator,
    IOptions<ConsoleOptions> options,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    private static readonly SortColumns<Account> Sorts = new SortColumns<Account>()
        .Add(nameof(AccountRow.Name), a => a.Name).Add(nameof(AccountRow.Status), a => a.Status).Add(nameof(AccountRow.CreatedAt), a => a.CreatedAt);

    public async Task<Result<PagedResult<AccountRow>>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "list accounts", ct);
        var query = db.Accounts.AsNoTracking();
        if (page.Term is { } term)
        {
            query = query.Where(a => a.Name.Contains(term));
        }

        return await Sorts.Apply(query, page, q => q.OrderByDescending(a => a.CreatedAt)).ThenBy(a => a.Id)
            .Select(a => new AccountRow(a.Id, a.Name, a.Status, db.Users.Count(u => u.AccountId == a.Id), a.CreatedAt, a.IsDemo))
            .ToPageAsync(page, ct);
    }

    /// <summary>The signed-in user's own account, or null for platform staff.</summary>
    public async Task<MyAccount?> GetMineAsync(CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (user.AccountId is not { } accountId)
        {
            return null;
        }

        await using var db = await dbs.ForAsync(user, ct);
        return await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new MyAccount(a.Id, a.Name, a.Status, a.TimeZone)).SingleOrDefaultAsync(ct);
    }

    public async Task<Result<Guid>> CreateAsync(NewAccountForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        return await OpenAsync(form, auth.Value, AuditActions.Create, ct);
    }

    /// <summary>Sign-up: a new account and its first user (FullAccess), when the platform administrator allows it.</summary>
    public async Task<Result<Guid>> SignUpAsync(NewAccountForm form, CancellationToken ct)
    {
        if (!(await settings.GetAsync(ct)).SignUpEnabled)
        {
            return new KmError(ErrorCodes.SignUpClosed, l["SignUp.Closed"]);
        }

        return await OpenAsync(form, null, AuditActions.SignUp, ct);
    }

    public async Task<Result> SetFrozenAsync(Guid accountId, bool frozen, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, frozen ? "freeze account" : "unfreeze account", ct);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return new KmError(ErrorCodes.NotFound, l["Errors.AccountNotFound"]);
        }

        var status = frozen ? AccountStatus.Frozen : AccountStatus.Active;
        if (account.Status == status)
        {
            return Result.Ok();
        }

        var before = new { account.Status };
        account.Status = status;
        audit.Record(db, auth.Value, new AuditChange(
            account.Id, frozen ? AuditActions.Freeze : AuditActions.Unfreeze, AccountsModule.AuditType,
            account.Id.ToString(), account.Name, before, new { account.Status }));
        var owners = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where u.AccountId == account.Id && r.Name == Roles.FullAccess
                            select u.Id).ToListAsync(ct);
        foreach (var owner in owners)
        {
            notifications.Add(db, account.Id, owner, frozen ? "Notify.AccountFrozen" : "Notify.AccountUnfrozen", [account.Name], null);
        }

        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    private async Task<Result<Guid>> OpenAsync(NewAccountForm form, UserContext? actor, string action, CancellationToken ct)
    {
        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var name = TextNormalizer.Name(form.AccountName);
        var opened = await directory.RunAsync<Guid>(DbScope.AllAccounts("open an account: its name is unique across accounts"), async (users, db) =>
        {
            if (await db.Accounts.AnyAsync(a => a.Name == name, ct))
            {
                return new KmError(ErrorCodes.Conflict, l["Accounts.DuplicateName", name]).OnField(nameof(NewAccountForm.AccountName));
            }

            var account = new Account { Name = name, TimeZone = options.Value.DefaultTimeZone, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Accounts.Add(account);
            await db.SaveChangesAsync(ct);
            var owner = await directory.CreateAsync(users, db, actor, account.Id, form, Roles.FullAccess, action);
            if (owner.Error is { } error)
            {
                return error;
            }

            audit.Record(db, actor ?? UserDirectory.ActorOf(owner.Value, Roles.FullAccess), new AuditChange(
                account.Id, action, AccountsModule.AuditType, account.Id.ToString(), account.Name, null, new { account.Name, account.Status }));
            await db.SaveChangesAsync(ct);
            return account.Id;
        }, ct);
        return opened;
    }
}
