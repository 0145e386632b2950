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
    public async Task<Result<T>> RunAsync<T>(DbScope dbScope, Func<UserManager<AppUser>, KooMessageDb, Task<Result<T>>> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IdentityStoreDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var tx = await identity.Database.BeginTransactionAsync(ct);
        await using var db = await dbs.JoinAsync(identity.Database.GetDbConnection(), tx.GetDbTransaction(), dbScope, ct);
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
