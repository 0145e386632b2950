using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>
/// pub_name is unique across accounts: whether another account holds a name is asked of every account's service
/// numbers, which no tenant context sees. Callers ask inside their open write transaction, so that a second account
/// saving the same name waits for that transaction's lock and then finds this one's name.
/// </summary>
public sealed class ServiceNumberNames(TenantDb dbs)
{
    public async Task<bool> TakenByAnotherAccountAsync(string name, Guid accountId, CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync("service number names are unique across accounts", ct);
        return await db.ServiceNumbers.AsNoTracking().AnyAsync(s => s.Name == name && s.AccountId != accountId, ct);
    }
}
