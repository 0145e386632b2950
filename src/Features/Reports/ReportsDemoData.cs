using System.Globalization;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.ServiceMenus;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Templates;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Reports;

/// <summary>
/// Ninety days of events for the demo account, so the reports have something to show once the rollup job has read them:
/// for each approved template (its group link's code on the resolves), sends with their delivery reports, resolves,
/// exposures and clicks from a pool of customers, spread over the vendors as handsets are (fewer clicks than exposures
/// than resolves than sends, each vendor with its own rates); and taps on every live menu's items (billed or free by the
/// menu's PV rule). Seeded from a fixed random sequence, in the account's days, never after the seeding's time.
/// </summary>
internal sealed class ReportsDemoData : IDemoData
{
    public const int Days = 90;
    public const string IdPrefix = "demo-report-";

    // Vendor, share of handsets (‰), the share of its deliveries resolved; "" for handsets that named no vendor.
    private static readonly (string Vendor, int Share, double Resolve)[] Vendors =
    [
        ("HUAWEI", 380, 0.78), ("XIAOMI", 170, 0.70), ("OPPO", 180, 0.68), ("VIVO", 170, 0.66), ("MEIZU", 40, 0.50), ("SAMSUNG", 30, 0.45), ("", 30, 0.30),
    ];

    public int Order => 950;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.Events.AnyAsync(e => e.AccountId == demo.AccountId && e.ExternalId != null && e.ExternalId.StartsWith(IdPrefix), ct))
        {
            return;
        }

        var zone = await db.Set<Account>().Where(a => a.Id == demo.AccountId).Select(a => a.TimeZone).SingleAsync(ct);
        var templates = await db.AimTemplates.AsNoTracking()
            .Where(t => t.AccountId == demo.AccountId && t.Enabled && t.AuditState == TemplateAuditState.Approved && t.TplId != "")
            .OrderBy(t => t.TplId).Select(t => t.TplId).Take(4).ToListAsync(ct);
        var links = await (from l in db.ShortLinks.AsNoTracking()
                           join t in db.ResolveTasks.AsNoTracking() on l.TaskId equals t.Id
                           where t.AccountId == demo.AccountId && t.Type == ShortLinkType.Group
                           select new { t.TplId, l.Code }).ToListAsync(ct);
        var menus = await db.MenuVersions.AsNoTracking().Where(v => v.AccountId == demo.AccountId && v.State == MenuVersionState.Live)
            .Select(v => new { v.ServiceNumberId, v.MenuJson }).ToListAsync(ct);

        var random = new Random(950);
        var customers = Enumerable.Range(0, 3000).Select(i => ShortLinkService.NumberHashOf(string.Create(CultureInfo.InvariantCulture, $"1390000{i:D4}"))!).ToArray();
        var today = ReportRules.Today(demo.Now, zone);
        var pushed = 0;
        string NextId() => string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}{pushed++}");
        var events = new List<EventRecord>();
        for (var back = Days - 1; back >= 0; back--)
        {
            var day = today.AddDays(-back);
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            foreach (var (tplId, index) in templates.Select((t, i) => (t, i)))
            {
                var code = links.FirstOrDefault(l => l.TplId == tplId)?.Code;
                var sends = (weekend ? 12 : 30) + random.Next(20) - (index * 6) + ((Days - back) / 6);
                for (var n = 0; n < sends; n++)
                {
                    var at = When(day, zone, random);
                    if (at > demo.Now)
                    {
                        continue;
                    }

                    var (vendor, resolveRate) = PickVendor(random);
                    var customer = customers[random.Next(customers.Length)];
                    var bytes = new byte[16];
                    random.NextBytes(bytes);
                    var message = new Guid(bytes);
                    events.Add(Event(demo, EventKind.Send, at, GatewayCallbacks.SendEventId(message), tplId, vendor, customer));
                    if (random.NextDouble() >= 0.96)
                    {
                        continue;
                    }

                    events.Add(Event(demo, EventKind.DeliveryReport, at.AddSeconds(3), GatewayCallbacks.ReportEventId(message, DeliveryReports.Delivered), null, null, null));
                    if (random.NextDouble() >= resolveRate)
                    {
                        continue;
                    }

                    var resolved = at.AddMinutes(1 + random.Next(90));
                    events.Add(Event(demo, EventKind.Resolve, resolved, null, tplId, vendor, customer) with { LinkCode = code, Agent = UserAgents.Phone });
                    if (random.NextDouble() >= 0.62)
                    {
                        continue;
                    }

                    var exposures = random.NextDouble() < 0.2 ? 2 : 1;
                    for (var e = 0; e < exposures; e++)
                    {
                        events.Add(Event(demo, EventKind.Exposure, resolved.AddSeconds(5 + (e * 600)), NextId(), tplId, vendor, customer));
                    }

                    if (random.NextDouble() < 0.28)
                    {
                        var clicks = random.NextDouble() < 0.15 ? 2 : 1;
                        for (var c = 0; c < clicks; c++)
                        {
                            events.Add(Event(demo, EventKind.Click, resolved.AddSeconds(30 + (c * 120)), NextId(), tplId, vendor, customer));
                        }
                    }
                }

                // Link previews and scanners open the link too: visits that count nothing.
                events.Add(Event(demo, EventKind.Visit, When(day, zone, random), null, tplId, null, null) with { LinkCode = code, Agent = UserAgents.Bot, IsBot = true });
            }

            foreach (var menu in menus)
            {
                var items = new MenuVersion { MenuJson = menu.MenuJson }.Menu().All().Select(x => x.Item).ToList();
                var taps = (weekend ? 18 : 10) + random.Next(15);
                for (var n = 0; n < taps && items.Count > 0; n++)
                {
                    var at = When(day, zone, random);
                    if (at > demo.Now)
                    {
                        continue;
                    }

                    var item = items[Math.Min(items.Count - 1, (int)(items.Count * random.NextDouble() * random.NextDouble() * 1.6))];
                    events.Add(Event(demo, EventKind.MenuClick, at, NextId(), null, PickVendor(random).Vendor, customers[random.Next(400)]) with
                    {
                        ServiceNumber = menu.ServiceNumberId.ToString(), MenuItem = item.Key, MenuAction = item.Action.ToString(), Billed = MenuBilling.IsBilled(item),
                    });
                }
            }
        }

        await EventStore.WriteHistoryAsync(db, events, ct);
    }

    /// <summary>A moment of <paramref name="day"/> between 08:00 and 22:00 in the account's zone, as UTC.</summary>
    private static DateTime When(DateOnly day, string zone, Random random) =>
        UserTime.ToUtc(day.ToDateTime(new TimeOnly(8, 0)).AddSeconds(random.Next(14 * 3600)), zone);

    private static (string? Vendor, double Resolve) PickVendor(Random random)
    {
        var pick = random.Next(1000);
        foreach (var (vendor, share, resolve) in Vendors)
        {
            if (pick < share)
            {
                return (vendor.Length == 0 ? null : vendor, resolve);
            }

            pick -= share;
        }

        return (Vendors[0].Vendor, Vendors[0].Resolve);
    }

    private static EventRecord Event(DemoAccount demo, EventKind kind, DateTime at, string? externalId, string? tplId, string? vendor, string? numberHash) =>
        new(demo.AccountId, kind, at) { ExternalId = externalId, TemplateId = tplId, Vendor = vendor, NumberHash = numberHash };
}
