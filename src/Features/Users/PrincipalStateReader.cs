using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Users;

/// <summary>The user's row (by primary key, inside their own account's scope), their roles and their account's status.</summary>
internal sealed class PrincipalStateReader(TenantDb dbs) : IPrincipalStateReader
{
    public async Task<PrincipalState?> ReadAsync(UserContext user, CancellationToken ct)
    {
        await using var db = await dbs.ForAsync(user, ct);
        var row = await db.Users.AsNoTracking().Where(u => u.Id == user.UserId)
            .Select(u => new { u.IsDisabled, Status = db.Set<Account>().Where(a => a.Id == u.AccountId).Select(a => (AccountStatus?)a.Status).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (row is null || (user.AccountId is not null && row.Status is null))
        {
            return null;
        }

        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == user.UserId
                           select r.Name).ToListAsync(ct);
        return new PrincipalState(row.IsDisabled, roles.OfType<string>().ToList(), row.Status == AccountStatus.Frozen);
    }
}
