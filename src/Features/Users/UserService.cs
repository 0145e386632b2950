using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Users;

/// <summary>Whose users a page manages: the signed-in account's (权限管理 › 用户) or the platform's staff (平台管理 › 员工).</summary>
public enum UserScope
{
    Tenant,
    Staff,
}

public sealed record UserRow(string Id, string UserName, string Email, string Role, bool IsDisabled, bool IsLockedOut, DateTime CreatedAt, bool MustChangePassword);

public sealed class UserService(
    AccessGuard guard,
    CurrentUser currentUser,
    TenantDb dbs,
    UserDirectory directory,
    AuditLog audit,
    NotificationService notifications,
    IValidator<NewUserForm> newUserValidator,
    IValidator<PasswordForm> passwordValidator,
    IValidator<ChangePasswordForm> changePasswordValidator,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    private static readonly SortColumns<AppUser> Sorts = new SortColumns<AppUser>()
        .Add(nameof(UserRow.UserName), u => u.UserName).Add(nameof(UserRow.Email), u => u.Email).Add(nameof(UserRow.CreatedAt), u => u.CreatedAt);

    public static IReadOnlyList<string> RolesOf(UserScope scope) => scope == UserScope.Tenant ? Roles.Tenant : Roles.Platform;

    public async Task<Result<PagedResult<UserRow>>> ListAsync(UserScope scope, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(scope == UserScope.Tenant ? Permission.UserView : Permission.StaffManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var actor = auth.Value;
        await using var db = scope == UserScope.Tenant
            ? await dbs.ForAsync(actor, ct)
            : await dbs.ForPlatformAsync(actor, "list platform staff", ct);
        var query = db.Users.AsNoTracking();
        if (scope == UserScope.Staff)
        {
            query = query.Where(u => u.AccountId == null);
        }

        return await PageAsync(db, query, page, clock, ct);
    }

    /// <summary>One page of users, searched by name or e-mail, each with its role and state: the users page, the staff page and an account's page.</summary>
    internal static async Task<PagedResult<UserRow>> PageAsync(KooMessageDb db, IQueryable<AppUser> query, PageRequest page, TimeProvider clock, CancellationToken ct)
    {
        if (page.Term is { } term)
        {
            query = query.Where(u => u.UserName!.Contains(term) || u.Email!.Contains(term));
        }

        var rows = await Sorts.Apply(query, page, q => q.OrderBy(u => u.UserName)).ThenBy(u => u.Id)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.Email,
                Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                u.IsDisabled,
                u.LockoutEnd,
                u.CreatedAt,
                u.MustChangePassword,
            })
            .ToPageAsync(page, ct);
        var now = clock.GetUtcNow();
        return new PagedResult<UserRow>(
            rows.Items.Select(u => new UserRow(u.Id, u.UserName ?? "", u.Email ?? "", u.Role ?? "", u.IsDisabled, u.LockoutEnd > now, u.CreatedAt, u.MustChangePassword)).ToList(),
            rows.Total);
    }

    public async Task<Result<string>> CreateAsync(UserScope scope, NewUserForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(ManagePermission(scope), ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await newUserValidator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        if (!RolesOf(scope).Contains(form.Role))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.Role"]);
        }

        var actor = auth.Value;
        var accountId = scope == UserScope.Tenant ? actor.AccountId : null;
        var created = await directory.RunAsync<AppUser>(DbScope.Tenant(accountId),
            (users, db) => directory.CreateAsync(users, db, actor, accountId, form, form.Role, AuditActions.Create), ct);
        return created.Error is { } error ? error : created.Value.Id;
    }

    public async Task<Result> SetRoleAsync(UserScope scope, string userId, string role, CancellationToken ct)
    {
        if (!RolesOf(scope).Contains(role))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.Role"]);
        }

        return await ChangeAsync(scope, userId, async (users, db, actor, user) =>
        {
            var before = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
            if (before == role)
            {
                return Result.Ok();
            }

            await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
            var added = await users.AddToRoleAsync(user, role);
            if (!added.Succeeded)
            {
                return directory.Failure(added);
            }

            await users.UpdateSecurityStampAsync(user);
            audit.Record(db, actor, Change(user, AuditActions.Update, new { Role = before }, new { Role = role }));
            notifications.Add(db, user.AccountId, user.Id, "Notify.RoleChanged", [l[$"Role.{role}"].Value], null);
            return Result.Ok();
        }, ct);
    }

    public Task<Result> SetDisabledAsync(UserScope scope, string userId, bool disabled, CancellationToken ct) =>
        ChangeAsync(scope, userId, async (users, db, actor, user) =>
        {
            if (user.IsDisabled == disabled)
            {
                return Result.Ok();
            }

            user.IsDisabled = disabled;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
            audit.Record(db, actor, Change(
                user,
                disabled ? AuditActions.Disable : AuditActions.Enable,
                new { IsDisabled = !disabled },
                new { IsDisabled = disabled }));
            return Result.Ok();
        }, ct);

    public async Task<Result> ResetPasswordAsync(UserScope scope, string userId, PasswordForm form, CancellationToken ct)
    {
        if (await passwordValidator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(scope, userId, async (users, db, actor, user) =>
        {
            var reset = await directory.ResetPasswordAsync(users, user, form.Password);
            if (reset.Error is { } failed)
            {
                return failed;
            }

            audit.Record(db, actor, Change(user, AuditActions.ResetPassword, null, new { user.MustChangePassword }));
            notifications.Add(db, user.AccountId, user.Id, "Notify.PasswordReset", [actor.UserName], Identity.IdentityModule.ChangePasswordRoute);
            return Result.Ok();
        }, ct);
    }

    /// <summary>Any signed-in user changes their own password (frozen accounts too: it changes no tenant data).</summary>
    public async Task<Result> ChangeOwnPasswordAsync(ChangePasswordForm form, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync();
        if (!actor.IsAuthenticated)
        {
            return guard.Denied();
        }

        if (await changePasswordValidator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var result = await directory.RunAsync<bool>(DbScope.Tenant(actor.AccountId), async (users, db) =>
        {
            var user = await users.FindByIdAsync(actor.UserId);
            if (user is null)
            {
                return guard.Denied();
            }

            // Saved by the change itself, so a password someone else set stops being required to change with it.
            user.MustChangePassword = false;
            var changed = await users.ChangePasswordAsync(user, form.CurrentPassword, form.Password);
            if (!changed.Succeeded)
            {
                return directory.Failure(changed);
            }

            audit.Record(db, actor, Change(user, AuditActions.ChangePassword, null, null));
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        return result.Error is { } failed ? failed : Result.Ok();
    }

    private static Task<bool> HasActiveAdministratorAsync(KooMessageDb db, CancellationToken ct) =>
        (from u in db.Users
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where u.AccountId == null && !u.IsDisabled && r.Name == Roles.PlatformAdmin
         select u.Id).AnyAsync(ct);

    private static Permission ManagePermission(UserScope scope) =>
        scope == UserScope.Tenant ? Permission.UserManage : Permission.StaffManage;

    private static AuditChange Change(AppUser user, string action, object? before, object? after) =>
        new(user.AccountId, action, UsersModule.AuditType, user.Id, user.UserName, before, after);

    /// <summary>
    /// Finds the target among the caller's own users (never another account's), refuses self-changes, runs the change,
    /// and keeps at least one active platform administrator.
    /// </summary>
    private async Task<Result> ChangeAsync(
        UserScope scope, string userId, Func<UserManager<AppUser>, KooMessageDb, UserContext, AppUser, Task<Result>> change, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(ManagePermission(scope), ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var actor = auth.Value;
        if (actor.UserId == userId)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Errors.CannotChangeSelf"]);
        }

        var accountId = scope == UserScope.Tenant ? actor.AccountId : null;
        var result = await directory.RunAsync<bool>(DbScope.Tenant(accountId), async (users, db) =>
        {
            var user = await users.FindByIdAsync(userId);
            if (user is null || user.AccountId != accountId)
            {
                return new KmError(ErrorCodes.NotFound, l["Errors.UserNotFound"]);
            }

            var changed = await change(users, db, actor, user);
            if (changed.Error is { } error)
            {
                return error;
            }

            // Checked in the change's own transaction (SQLite serializes writers), so two administrators demoting
            // each other at once cannot leave the platform without one.
            if (scope == UserScope.Staff && !await HasActiveAdministratorAsync(db, ct))
            {
                return new KmError(ErrorCodes.Conflict, l["Staff.LastAdministrator"]);
            }

            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        return result.Error is { } failed ? failed : Result.Ok();
    }
}
