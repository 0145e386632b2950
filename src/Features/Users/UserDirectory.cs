using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Users;

/// <summary>
/// Runs Identity work in a scope of its own (Blazor circuits must not hold a context), in one transaction shared by
/// Identity's narrow context and a console context of the given scope, so a user, its role, the account it opens and
/// the audit entry land together.
/// </summary>
public sealed class UserDirectory(IServiceScopeFactory scopes, TenantDb dbs, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public Task<Result<T>> RunAsync<T>(DbScope dbScope, Func<UserManager<AppUser>, KooMessageDb, Task<Result<T>>> work, CancellationToken ct) =>
        RunAsync((connection, tx) => dbs.JoinAsync(connection, tx, dbScope, ct), work, ct);

    /// <summary>Identity work of platform staff on any account's users, checked and logged as <see cref="TenantDb.ForPlatformAsync"/>.</summary>
    public Task<Result<T>> RunForPlatformAsync<T>(UserContext staff, string reason, Func<UserManager<AppUser>, KooMessageDb, Task<Result<T>>> work, CancellationToken ct) =>
        RunAsync((connection, tx) => dbs.JoinForPlatformAsync(connection, tx, staff, reason, ct), work, ct);

    private async Task<Result<T>> RunAsync<T>(
        Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<KooMessageDb>> join,
        Func<UserManager<AppUser>, KooMessageDb, Task<Result<T>>> work,
        CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IdentityStoreDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var tx = await identity.Database.BeginTransactionAsync(ct);
        await using var db = await join(identity.Database.GetDbConnection(), tx.GetDbTransaction());
        var result = await work(users, db);
        if (result.IsSuccess)
        {
            await tx.CommitAsync(ct);
        }

        return result;
    }

    /// <summary>
    /// Creates a user with one role; <paramref name="actor"/> null means the new user acts for itself (setup, sign-up).
    /// The e-mail address must be new in the user's account (or among the staff), never compared with other accounts'.
    /// </summary>
    public async Task<Result<AppUser>> CreateAsync(
        UserManager<AppUser> users, KooMessageDb db, UserContext? actor, Guid? accountId, UserCredentialsForm form, string role, string action)
    {
        var user = new AppUser
        {
            UserName = TextNormalizer.Name(form.UserName),
            Email = TextNormalizer.Name(form.Email),
            EmailConfirmed = true,
            AccountId = accountId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var email = users.NormalizeEmail(user.Email);
        if (await db.Users.AnyAsync(u => u.AccountId == accountId && u.NormalizedEmail == email))
        {
            return new KmError(ErrorCodes.Conflict, l["Users.EmailTaken", user.Email]).OnField(nameof(UserCredentialsForm.Email));
        }

        var created = await users.CreateAsync(user, form.Password);
        if (!created.Succeeded)
        {
            return Failure(created);
        }

        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            return Failure(added);
        }

        audit.Record(db, actor ?? ActorOf(user, role), new AuditChange(
            accountId, action, UsersModule.AuditType, user.Id, user.UserName, null, new { user.UserName, user.Email, Role = role }));
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>
    /// Someone else sets the user's password: the user is unlocked and must change it at the next sign-in. The new
    /// security stamp ends sessions signed in before the reset.
    /// </summary>
    public async Task<Result> ResetPasswordAsync(UserManager<AppUser> users, AppUser user, string password)
    {
        user.MustChangePassword = true;
        var steps = new Func<Task<IdentityResult>>[]
        {
            () => users.RemovePasswordAsync(user),
            () => users.AddPasswordAsync(user, password),
            () => users.SetLockoutEndDateAsync(user, null),
            () => users.ResetAccessFailedCountAsync(user),
        };
        foreach (var step in steps)
        {
            var done = await step();
            if (!done.Succeeded)
            {
                return Failure(done);
            }
        }

        return Result.Ok();
    }

    public static UserContext ActorOf(AppUser user, string role) =>
        new(user.Id, user.UserName ?? "", user.AccountId, null, [role]);

    public KmError Failure(IdentityResult result)
    {
        var duplicate = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
        var message = string.Join(" ", result.Errors.Select(e => e.Description));
        var error = new KmError(duplicate ? ErrorCodes.Conflict : ErrorCodes.InvalidParameter, message.Length > 0 ? message : l["Errors.Unexpected"]);
        return duplicate ? error.OnField(nameof(UserCredentialsForm.UserName)) : error;
    }
}
