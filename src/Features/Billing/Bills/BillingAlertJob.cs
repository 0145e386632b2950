using System.Globalization;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Billing.Bills;

/// <summary>
/// Hourly: every account's alerts become notifications to its FullAccess users, once per alert key (a package and the
/// threshold that raised it). A balance or arrears alert that no longer stands is forgotten, so the next drop notifies again.
/// </summary>
public sealed class BillingAlertJob(TenantDb dbs, NotificationService notifications, TimeProvider clock) : IJobHandler
{
    public const string KindName = "billing.alerts";

    public static readonly RecurringJob Schedule = new(KindName, TimeSpan.FromHours(1));

    public string Kind => KindName;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        List<Guid> accounts;
        await using (var system = await dbs.ForSystemAsync("list the wallets whose alerts to check", ct))
        {
            accounts = await system.BillingAccounts.AsNoTracking().OrderBy(b => b.AccountId).Select(b => b.AccountId).ToListAsync(ct);
        }

        long sent = 0;
        foreach (var accountId in accounts)
        {
            sent += await NotifyAsync(accountId, ct);
        }

        return new JobResult(Rows: sent);
    }

    /// <summary>Sends the account's alerts not sent before; returns how many alerts were sent.</summary>
    public async Task<int> NotifyAsync(Guid accountId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.ForAccountAsync(accountId, "billing alerts", ct);
        var alerts = await BillingAlerts.ForAsync(db, accountId, now, ct);
        var keys = alerts.Select(a => a.Key).ToList();
        var sentBefore = await db.BillingAlertsSent.Where(s => s.AccountId == accountId).ToListAsync(ct);
        var standing = sentBefore.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var fresh = alerts.Where(a => !standing.Contains(a.Key)).ToList();
        var gone = sentBefore.Where(s => !keys.Contains(s.Key) && (s.Key.StartsWith("balance:", StringComparison.Ordinal) || s.Key == "arrears")).ToList();
        if (fresh.Count == 0 && gone.Count == 0)
        {
            return 0;
        }

        var owners = fresh.Count == 0 ? [] : await (
            from u in db.Users
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where u.AccountId == accountId && !u.IsDisabled && r.Name == Roles.FullAccess
            select u.Id).ToListAsync(ct);
        db.BillingAlertsSent.RemoveRange(gone);
        foreach (var alert in fresh)
        {
            db.BillingAlertsSent.Add(new BillingAlertSent { AccountId = accountId, Key = alert.Key, SentAt = now });
            var (key, args) = Notice(alert);
            foreach (var owner in owners)
            {
                notifications.Add(db, accountId, owner, key, args, BillsModule.Route);
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another run recorded the same alert first: it sent the notification.
            return 0;
        }

        return fresh.Count;
    }

    /// <summary>The notification's text key and arguments (stored as text, put into words in each reader's language).</summary>
    public static (string Key, IReadOnlyList<string> Args) Notice(BillingAlert alert) => alert.Kind switch
    {
        BillingAlertKind.LowRemaining => ("BillingAlerts.Notice.LowRemaining", [alert.SpecName ?? "", alert.Remaining.ToString("N0", CultureInfo.InvariantCulture), Percent(alert)]),
        BillingAlertKind.Expiring => ("BillingAlerts.Notice.Expiring", [alert.SpecName ?? "", (alert.ExpiresAt is { } at ? UserTime.ToLocal(at, UserTime.DefaultZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null) ?? ""]),
        BillingAlertKind.LowBalance => ("BillingAlerts.Notice.LowBalance", [Money.Format(alert.BalanceFen)]),
        _ => ("BillingAlerts.Notice.Arrears", [Money.Format(alert.BalanceFen)]),
    };

    private static string Percent(BillingAlert alert) =>
        alert.Units == 0 ? "0" : (alert.Remaining * 100m / alert.Units).ToString("0.#", CultureInfo.InvariantCulture);
}
