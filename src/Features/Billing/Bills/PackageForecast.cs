using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Billing.Bills;

/// <summary>
/// A package's burn-down: units left, the daily rate of the last 30 days (or of its life, if shorter) and the days
/// until it is used up at that rate; <see cref="DaysLeft"/> is null while nothing is drawn from it.
/// </summary>
public sealed record PackageBurnDown(Guid PackageId, long Remaining, double DailyRate, int? DaysLeft, DateTime? ExhaustsAt, bool ExpiresFirst);

/// <summary>
/// Days until each package is exhausted at the rate it was drawn on in the last 30 days (units of usage records taken
/// from it). A read service: the packages page calls <see cref="ForAsync"/> with the packages it shows.
/// </summary>
public static class PackageForecast
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>The forecast of each of <paramref name="packageIds"/> the context can see, at <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyDictionary<Guid, PackageBurnDown>> ForAsync(KooMessageDb db, IReadOnlyCollection<Guid> packageIds, DateTime now, CancellationToken ct)
    {
        var since = now - Window;
        var packages = await db.ResourcePackages.AsNoTracking().Where(p => packageIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Units, p.Used, p.StartsAt, p.ExpiresAt }).ToListAsync(ct);
        var drawn = await db.UsageRecords.AsNoTracking()
            .Where(u => u.PackageId != null && packageIds.Contains(u.PackageId.Value) && u.Mode == UsageMode.Package && u.OccurredAt >= since && u.OccurredAt < now)
            .GroupBy(u => u.PackageId!.Value).OrderBy(g => g.Key).Select(g => new { Id = g.Key, Units = g.Sum(u => u.Quantity) }).ToListAsync(ct);
        var byPackage = drawn.ToDictionary(d => d.Id, d => d.Units);
        return packages.ToDictionary(p => p.Id, p => Of(p.Id, p.Units - p.Used, byPackage.GetValueOrDefault(p.Id), p.StartsAt, p.ExpiresAt, now));
    }

    /// <summary>
    /// The forecast from the units <paramref name="drawnInWindow"/> over the window (30 days, or since the package
    /// started if later, at least one day): days left rounded up, so a package that lasts 2.1 days shows 3.
    /// </summary>
    public static PackageBurnDown Of(Guid id, long remaining, long drawnInWindow, DateTime startsAt, DateTime expiresAt, DateTime now)
    {
        var windowStart = startsAt > now - Window ? startsAt : now - Window;
        var days = Math.Max(1.0, (now - windowStart).TotalDays);
        var rate = drawnInWindow / days;
        if (remaining <= 0)
        {
            return new PackageBurnDown(id, 0, rate, 0, now, false);
        }

        if (rate <= 0)
        {
            return new PackageBurnDown(id, remaining, 0, null, null, false);
        }

        var daysLeft = (int)Math.Min(int.MaxValue, Math.Ceiling(remaining / rate));
        var exhaustsAt = daysLeft > 36_500 ? DateTime.MaxValue : now.AddDays(daysLeft);
        return new PackageBurnDown(id, remaining, rate, daysLeft, exhaustsAt, exhaustsAt > expiresAt);
    }
}
