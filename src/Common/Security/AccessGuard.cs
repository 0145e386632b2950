using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Common.Security;

/// <summary>Every service asks here before it acts: the role must grant the permission, and a frozen account may not write.</summary>
public sealed class AccessGuard(CurrentUser currentUser, TenantDb dbs, IStringLocalizer<SharedResource> l)
{
    public async Task<Result<UserContext>> AuthorizeAsync(Permission permission, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsAuthenticated || !user.Can(permission))
        {
            return Denied();
        }

        if (PermissionRules.IsWrite(permission) && user.AccountId is { } accountId)
        {
            await using var db = await dbs.ForAsync(user, ct);
            var status = await db.Accounts.Where(a => a.Id == accountId).Select(a => (AccountStatus?)a.Status).SingleOrDefaultAsync(ct);
            if (status is null)
            {
                return Denied();
            }

            if (status == AccountStatus.Frozen)
            {
                return new KmError(ErrorCodes.AccountFrozen, l["Errors.AccountFrozen"]);
            }
        }

        return user;
    }

    public KmError Denied() => new(ErrorCodes.Unauthorized, l["Errors.Unauthorized"]);
}
