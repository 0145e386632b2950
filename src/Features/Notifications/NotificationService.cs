using System.Text.Json;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Notifications;

public sealed record NotificationItem(long Id, string Title, string? Link, DateTime CreatedAt, bool IsRead);

/// <summary>
/// Notifications are stored as a text key and its arguments, and put into words when read, so each user reads
/// them in the language they chose.
/// </summary>
public sealed class NotificationService(CurrentUser currentUser, TenantDb dbs, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int Shown = 20;

    public void Add(KooMessageDb db, Guid? accountId, string userId, string textKey, IReadOnlyList<string> args, string? link) =>
        db.Notifications.Add(new Notification
        {
            AccountId = accountId,
            UserId = userId,
            TextKey = textKey,
            TextArgs = JsonSerializer.Serialize(args),
            Link = link,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });

    public async Task<(IReadOnlyList<NotificationItem> Items, int Unread)> ListMineAsync(CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (!user.IsAuthenticated)
        {
            return ([], 0);
        }

        await using var db = await dbs.ForAsync(user, ct);
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == user.UserId && n.AccountId == user.AccountId);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var rows = await mine.OrderByDescending(n => n.Id).Take(Shown).ToListAsync(ct);
        return (rows.Select(n => new NotificationItem(n.Id, Text(n), n.Link, n.CreatedAt, n.ReadAt is not null)).ToList(), unread);
    }

    public async Task MarkAllReadAsync(CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        await using var db = await dbs.ForAsync(user, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications
            .Where(n => n.UserId == user.UserId && n.AccountId == user.AccountId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    private string Text(Notification n)
    {
        var args = JsonSerializer.Deserialize<string[]>(n.TextArgs) ?? [];
        return l[n.TextKey, args.Cast<object>().ToArray()];
    }
}
