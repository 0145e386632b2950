using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Users;

/// <summary>The user's row (by primary key, inside their own account's scope) with their roles and their account's status, in one query.</summary>
internal sealed class PrincipalStateReader(TenantDb dbs) : IPrincipalStateReader
{
    public async Task<PrincipalState?> ReadAsync(UserContext user, CancellationToken ct)
    {
        await using var db = await dbs.ForAsync(user, ct);
        var row = await db.Users.AsNoTracking().Where(u => u.Id == user.UserId)
            .Select(u => new
            {
                u.IsDisabled,
                Status = db.Set<Account>().Where(a => a.Id == u.AccountId).Select(a => (AccountStatus?)a.Status).FirstOrDefault(),
                Roles = db.Set<IdentityUserRole<string>>().Where(ur => ur.UserId == u.Id)
                    .Join(db.Set<IdentityRole>(), ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (row is null || (user.AccountId is not null && row.Status is null))
        {
            return null;
        }

        return new PrincipalState(row.IsDisabled, row.Roles.OfType<string>().ToList(), row.Status == AccountStatus.Frozen);
    }
}
