using System.Globalization;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Billing.Bills;

public enum BillingAlertKind
{
    /// <summary>A package has no more than the threshold's share of its units left.</summary>
    LowRemaining = 1,

    /// <summary>A package expires within the threshold's days.</summary>
    Expiring = 2,

    /// <summary>The balance is below the threshold.</summary>
    LowBalance = 3,

    /// <summary>The account is in arrears (宽限期 or 保留期).</summary>
    Arrears = 4,
}

/// <summary>
/// One alert standing now. <see cref="Key"/> names it with the threshold that raised it, so a notification is sent once
/// per package and threshold (a changed threshold raises it afresh).
/// </summary>
public sealed record BillingAlert(BillingAlertKind Kind, string Key, Guid? PackageId = null, PackageFamily? Family = null, string? SpecName = null,
    long Remaining = 0, long Units = 0, DateTime? ExpiresAt = null, long BalanceFen = 0, ArrearsState Arrears = ArrearsState.Normal);

/// <summary>A notification already sent for an alert key, so the hourly check sends each once.</summary>
public sealed class BillingAlertSent : ITenantOwned
{
    public const int KeyMax = 80;

    public long Id { get; set; }

    public Guid AccountId { get; set; }

    public string Key { get; set; } = "";

    public DateTime SentAt { get; set; }
}

internal sealed class BillingAlertSentConfiguration : IEntityTypeConfiguration<BillingAlertSent>
{
    public void Configure(EntityTypeBuilder<BillingAlertSent> builder)
    {
        builder.ToTable("BillingAlertsSent");
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.Key).HasMaxLength(BillingAlertSent.KeyMax);
        builder.HasIndex(a => new { a.AccountId, a.Key }).IsUnique();
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class BillingAlertSets
{
    extension(KooMessageDb db)
    {
        public DbSet<BillingAlertSent> BillingAlertsSent => db.Set<BillingAlertSent>();
    }
}

/// <summary>The account's alerts now, from its thresholds (<see cref="BillingAccount"/>), packages and balance.</summary>
public static class BillingAlerts
{
    /// <summary>What stands for the context's account at <paramref name="now"/>: arrears or a low balance first, then packages by expiry.</summary>
    public static async Task<IReadOnlyList<BillingAlert>> ForAsync(KooMessageDb db, Guid accountId, DateTime now, CancellationToken ct)
    {
        var wallet = await db.BillingAccounts.AsNoTracking().SingleOrDefaultAsync(b => b.AccountId == accountId, ct) ?? new BillingAccount { AccountId = accountId };
        var packages = await db.ResourcePackages.AsNoTracking().Where(p => p.ExpiresAt > now && p.Used < p.Units && p.StartsAt <= now)
            .OrderBy(p => p.ExpiresAt).ToListAsync(ct);
        return Of(wallet, packages, now);
    }

    /// <summary>The alerts of <paramref name="wallet"/>'s thresholds over its active <paramref name="packages"/>.</summary>
    public static IReadOnlyList<BillingAlert> Of(BillingAccount wallet, IEnumerable<ResourcePackage> packages, DateTime now)
    {
        var alerts = new List<BillingAlert>();
        if (wallet.Arrears != ArrearsState.Normal)
        {
            alerts.Add(new BillingAlert(BillingAlertKind.Arrears, "arrears", BalanceFen: wallet.BalanceFen, Arrears: wallet.Arrears));
        }
        else if (wallet.AlertBalanceFen > 0 && wallet.BalanceFen < wallet.AlertBalanceFen)
        {
            alerts.Add(new BillingAlert(BillingAlertKind.LowBalance, Invariant($"balance:{wallet.AlertBalanceFen}"), BalanceFen: wallet.BalanceFen));
        }

        foreach (var p in packages.Where(p => p.StateAt(now) == PackageState.Active))
        {
            var remaining = p.Units - p.Used;
            if (wallet.AlertRemainingPercent > 0 && remaining * 100 <= p.Units * wallet.AlertRemainingPercent)
            {
                alerts.Add(new BillingAlert(BillingAlertKind.LowRemaining, Invariant($"remaining:{p.Id:N}:{wallet.AlertRemainingPercent}"),
                    p.Id, p.Family, p.SpecName, remaining, p.Units, p.ExpiresAt));
            }

            if (wallet.AlertExpiryDays > 0 && p.ExpiresAt <= now.AddDays(wallet.AlertExpiryDays))
            {
                alerts.Add(new BillingAlert(BillingAlertKind.Expiring, Invariant($"expiry:{p.Id:N}:{wallet.AlertExpiryDays}"),
                    p.Id, p.Family, p.SpecName, remaining, p.Units, p.ExpiresAt));
            }
        }

        return alerts;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
