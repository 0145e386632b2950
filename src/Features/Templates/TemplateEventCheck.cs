using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Templates;

/// <summary>A pushed event may name the account's own templates only (the platform's starters are nobody's to push for).</summary>
internal sealed class TemplateEventCheck(TenantDb dbs) : IEventSubjectCheck
{
    public EventSubject Subject => EventSubject.Template;

    public async Task<IReadOnlySet<string>> OwnedAsync(Guid accountId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var db = await dbs.ForAccountAsync(accountId, "event ingestion: templates named by pushed events", ct);
        var owned = await db.AimTemplates.AsNoTracking().Where(t => ids.Contains(t.TplId)).Select(t => t.TplId).ToListAsync(ct);
        return owned.ToHashSet(StringComparer.Ordinal);
    }
}
