using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Billing.Bills.Prefixes;
using KooMessage.Console.Features.Sending;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Billing.Bills;

/// <summary>One month's numbers sent (handed to the gateway) by carrier, and China Mobile's share of them.</summary>
public sealed record MonthlyNetworkShare(int Year, int Month, long Total, IReadOnlyDictionary<Carrier, long> ByCarrier)
{
    /// <summary>基础版三网通道 asks that at least this share of the numbers sent are China Mobile's (§1.11).</summary>
    public const decimal RequiredMobileShare = 0.75m;

    public long Mobile => ByCarrier.GetValueOrDefault(Carrier.Mobile);

    /// <summary>China Mobile's share (0–1), null when nothing was sent.</summary>
    public decimal? MobileShare => Total == 0 ? null : decimal.Round((decimal)Mobile / Total, 4);

    /// <summary>Below the 75 % the three-network channel asks for.</summary>
    public bool BelowRequired => MobileShare < RequiredMobileShare;
}

/// <summary>三网通道's China Mobile share per month: the messages handed to the gateway, counted by their number's segment.</summary>
public static class NetworkShare
{
    /// <summary>The last <paramref name="months"/> calendar months (in <paramref name="timeZone"/>) up to the one holding <paramref name="now"/>, newest first.</summary>
    public static async Task<IReadOnlyList<MonthlyNetworkShare>> MonthsAsync(KooMessageDb db, DateTime now, string timeZone, int months, CancellationToken ct)
    {
        var local = UserTime.ToLocal(now, timeZone);
        var current = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var result = new List<MonthlyNetworkShare>();
        for (var i = 0; i < months; i++)
        {
            var start = current.AddMonths(-i);
            var (from, to) = (UserTime.ToUtc(start, timeZone), UserTime.ToUtc(start.AddMonths(1), timeZone));
            var segments = await db.SendMessages.AsNoTracking()
                .Where(m => m.SubmittedAt >= from && m.SubmittedAt < to)
                .GroupBy(m => m.Mobile.Substring(0, 4)).OrderBy(g => g.Key).Select(g => new { Segment = g.Key, Count = g.LongCount() }).ToListAsync(ct);
            result.Add(Count(start.Year, start.Month, segments.Select(s => (s.Segment, s.Count))));
        }

        return result;
    }

    /// <summary>A month's share from the counts of the numbers' first four digits.</summary>
    public static MonthlyNetworkShare Count(int year, int month, IEnumerable<(string Segment, long Count)> segments)
    {
        var byCarrier = new Dictionary<Carrier, long>();
        foreach (var (segment, count) in segments)
        {
            var carrier = CarrierPrefixes.Instance.Of(segment);
            byCarrier[carrier] = byCarrier.GetValueOrDefault(carrier) + count;
        }

        return new MonthlyNetworkShare(year, month, byCarrier.Values.Sum(), byCarrier);
    }
}
