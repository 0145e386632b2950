using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>A pushed event may name the account's own link codes only.</summary>
internal sealed class LinkEventCheck(TenantDb dbs) : IEventSubjectCheck
{
    public EventSubject Subject => EventSubject.LinkCode;

    public async Task<IReadOnlySet<string>> OwnedAsync(Guid accountId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var db = await dbs.ForAccountAsync(accountId, "event ingestion: link codes named by pushed events", ct);
        var owned = await db.ShortLinks.AsNoTracking().Where(k => ids.Contains(k.Code)).Select(k => k.Code).Distinct().ToListAsync(ct);
        return owned.ToHashSet(StringComparer.Ordinal);
    }
}
