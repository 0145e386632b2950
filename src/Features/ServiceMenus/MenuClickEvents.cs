using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.ServiceNumbers;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>A pushed event's service number (its id) must be one of the account's own.</summary>
internal sealed class ServiceNumberEventCheck(TenantDb dbs) : IEventSubjectCheck
{
    public EventSubject Subject => EventSubject.ServiceNumber;

    public async Task<IReadOnlySet<string>> OwnedAsync(Guid accountId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var wanted = ids.Select(i => Guid.TryParse(i, out var g) ? g : (Guid?)null).OfType<Guid>().ToList();
        await using var db = await dbs.ForAccountAsync(accountId, "event ingestion: service numbers named by pushed events", ct);
        var owned = await db.ServiceNumbers.AsNoTracking().Where(s => wanted.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        return ids.Where(i => Guid.TryParse(i, out var g) && owned.Contains(g)).ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>
/// Menu clicks (<c>menu_click</c>): the item must be in a menu of the service number that has been live (a click may
/// arrive after a newer version replaced it); the stored event carries the item's action and whether the tap is billed,
/// by <see cref="MenuBilling"/>, the rule the simulator shows.
/// </summary>
internal sealed class MenuClickEvents(TenantDb dbs) : IEventSubjectCheck, IEventCompletion
{
    public EventSubject Subject => EventSubject.MenuItem;

    public EventKind Kind => EventKind.MenuClick;

    public async Task<IReadOnlySet<string>> OwnedAsync(Guid accountId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var found = await ItemsAsync(accountId, ids, ct);
        return found.Keys.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<EventRecord>> CompleteAsync(Guid accountId, IReadOnlyList<EventRecord> events, CancellationToken ct)
    {
        var subjects = events.Select(SubjectOf).ToList();
        var found = await ItemsAsync(accountId, [.. subjects.OfType<string>()], ct);
        return [.. events.Select((e, i) => subjects[i] is { } s && found.TryGetValue(s, out var item)
            ? e with { MenuAction = item.Action.ToString(), Billed = MenuBilling.IsBilled(item) }
            : e)];
    }

    private static string? SubjectOf(EventRecord e) =>
        e.ServiceNumber is { } sn && e.MenuItem is { } item ? EventIngestion.MenuItemSubject(sn, item) : null;

    /// <summary>The item each subject names, from the live version, else the newest that was live.</summary>
    private async Task<Dictionary<string, MenuItemDraft>> ItemsAsync(Guid accountId, IReadOnlyCollection<string> subjects, CancellationToken ct)
    {
        var wanted = subjects.Select(s => s.Split('/', 2)).Where(p => p.Length == 2 && Guid.TryParse(p[0], out _))
            .Select(p => (ServiceNumber: Guid.Parse(p[0]), Key: p[1], Subject: $"{p[0]}/{p[1]}")).ToList();
        var ids = wanted.Select(w => w.ServiceNumber).Distinct().ToList();
        var found = new Dictionary<string, MenuItemDraft>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        await using var db = await dbs.ForAccountAsync(accountId, "event ingestion: menu items named by pushed menu clicks", ct);
        var versions = await db.MenuVersions.AsNoTracking()
            .Where(v => ids.Contains(v.ServiceNumberId) && (v.State == MenuVersionState.Live || v.State == MenuVersionState.Retired))
            .Select(v => new { v.ServiceNumberId, v.State, v.Number, v.MenuJson }).ToListAsync(ct);
        var menus = versions.OrderBy(v => v.State == MenuVersionState.Live ? 0 : 1).ThenByDescending(v => v.Number)
            .Select(v => (v.ServiceNumberId, Menu: new MenuVersion { MenuJson = v.MenuJson }.Menu())).ToList();
        foreach (var (sn, key, subject) in wanted)
        {
            var item = menus.Where(m => m.ServiceNumberId == sn).Select(m => m.Menu.Find(key)).FirstOrDefault(x => x is not null);
            if (item is { } hit)
            {
                found[subject] = hit.Item;
            }
        }

        return found;
    }
}
