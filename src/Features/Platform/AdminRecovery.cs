using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace KooMessage.Console.Features.Platform;

/// <summary>
/// <c>dotnet run -- reset-admin-password &lt;user name&gt;</c>: the way back in for a platform whose administrators are
/// all locked out, disabled or have forgotten their passwords (in the manner of <c>grafana cli admin reset-admin-password</c>).
/// Only someone who can run the server's command line can use it; the web never offers it.
/// </summary>
public sealed class AdminRecovery(UserDirectory directory, AuditLog audit)
{
    public const string Command = "reset-admin-password";

    /// <summary>
    /// Gives the staff user a new random password (to be changed at the next sign-in), unlocks and enables them and makes
    /// them a platform administrator (only).
    /// </summary>
    public async Task<Result<string>> ResetAsync(string userName, CancellationToken ct) =>
        await directory.RunAsync<string>(DbScope.Tenant(null), async (users, db) =>
        {
            var user = await users.FindByNameAsync(userName.Trim());
            if (user is null || user.AccountId is not null)
            {
                return new KmError(ErrorCodes.NotFound, $"No platform staff user named \"{userName}\".");
            }

            var password = DemoSeeder.NewPassword();
            var steps = new Func<Task<IdentityResult>>[]
            {
                () => users.RemovePasswordAsync(user),
                () => users.AddPasswordAsync(user, password),
                () => users.SetLockoutEndDateAsync(user, null),
                () => users.ResetAccessFailedCountAsync(user),
                async () =>
                {
                    user.IsDisabled = false;
                    user.MustChangePassword = true;
                    return await users.UpdateAsync(user);
                },
                // A staff user holds one role: an administrator brought back is a PlatformAdmin and nothing else.
                async () => await users.RemoveFromRolesAsync(user, [.. (await users.GetRolesAsync(user)).Where(r => r != Roles.PlatformAdmin)]),
                async () => await users.IsInRoleAsync(user, Roles.PlatformAdmin) ? IdentityResult.Success : await users.AddToRoleAsync(user, Roles.PlatformAdmin),
                () => users.UpdateSecurityStampAsync(user),
            };
            foreach (var step in steps)
            {
                var done = await step();
                if (!done.Succeeded)
                {
                    return directory.Failure(done);
                }
            }

            var actor = new UserContext("", "command line", null, null, [Roles.PlatformAdmin]);
            audit.Record(db, actor, new AuditChange(null, AuditActions.ResetPassword, UsersModule.AuditType, user.Id, user.UserName, null, new { Role = Roles.PlatformAdmin, IsDisabled = false }));
            await db.SaveChangesAsync(ct);
            return password;
        }, ct);
}
