using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Billing.Bills;

/// <summary>
/// A year of billing for the demo account: two top-ups, five package orders (one expired, one near exhaustion, one
/// expiring within the alert's 30 days, one on auto-renew, one large three-network package), daily usage drawn from
/// them and on demand (marketing sends and 移动单通道, which have no package), each usage hour settled by a charge, and
/// every balance change posted through <see cref="Ledger.PostAsync"/> at its own time, in order, so the ledger identity
/// holds. Catalog specs and unit prices are the seeded ones when they exist; missing ones are added here (demo only).
/// A finished send task two months ago, mostly to other carriers, shows the three-network share warning.
/// </summary>
internal sealed class BillsDemoData : IDemoData
{
    private const string By = "demo";

    /// <summary>Demo usage records take negative event ids, so they never collide with the event store's.</summary>
    private const long FirstEventId = -1_000_000_000;

    public int Order => 940;

    /// <summary>The specs the demo buys when the catalog has none of that family (prices are this console's choice, §5).</summary>
    private static readonly (PackageFamily Family, string Name, long Units, long PriceFen)[] DemoSpecs =
    [
        (PackageFamily.AimResolve, "10万条", 100_000, 80_000),
        (PackageFamily.AimSendNotify, "10万条", 100_000, 450_000),
        (PackageFamily.BasicThreeNetwork, "100万条", 1_000_000, 3_800_000),
        (PackageFamily.ServiceClicks, "30万次", 300_000, 60_000),
    ];

    /// <summary>On-demand unit prices (0.0001 CNY) used when the catalog has none in force.</summary>
    private static readonly Dictionary<BillingItem, long> DemoPrices = new()
    {
        [BillingItem.Resolve] = 100, [BillingItem.SendNotify] = 450, [BillingItem.SendMarketing] = 500,
        [BillingItem.PlainSms] = 400, [BillingItem.PlainSmsMobile] = 380, [BillingItem.ServiceClick] = 30,
    };

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.PackageOrders.AnyAsync(o => o.AccountId == demo.AccountId, ct))
        {
            return;
        }

        var now = Hour(demo.Now);
        var start = now.AddDays(-400);
        var specs = new Dictionary<PackageFamily, PackageSpec>();
        foreach (var (family, name, units, price) in DemoSpecs)
        {
            specs[family] = await db.PackageSpecs.Where(s => s.Family == family).OrderBy(s => s.Units).FirstOrDefaultAsync(ct)
                ?? db.PackageSpecs.Add(new PackageSpec { Family = family, Name = name, Units = units, PriceFen = price, CreatedAt = start }).Entity;
        }

        var prices = new Dictionary<BillingItem, long>();
        foreach (var item in Enum.GetValues<BillingItem>())
        {
            var found = await db.UnitPrices.Where(p => p.Item == item && p.EffectiveFrom <= start).OrderByDescending(p => p.EffectiveFrom).FirstOrDefaultAsync(ct);
            if (found is null)
            {
                found = new UnitPrice { Item = item, Price = DemoPrices[item], EffectiveFrom = start, CreatedAt = start, CreatedBy = By };
                db.UnitPrices.Add(found);
            }

            prices[item] = found.Price;
        }

        await db.SaveChangesAsync(ct);
        var subject = await db.Set<Templates.AimTemplate>().Where(t => t.AccountId == demo.AccountId).OrderBy(t => t.TplId).Select(t => t.TplId).FirstOrDefaultAsync(ct);

        var postings = new List<(DateTime At, LedgerPosting Posting)>
        {
            (start, new LedgerPosting(LedgerKind.TopUp, 6_000_000, By) { Reason = "对公转账充值" }),
            (now.AddDays(-150), new LedgerPosting(LedgerKind.TopUp, 2_000_000, By) { Reason = "对公转账充值" }),
        };

        // Family, bought days ago, units drawn (a share of the package), the days it was drawn on, auto-renew.
        var plan = new (PackageFamily Family, int BoughtDaysAgo, double Drawn, bool AutoRenew)[]
        {
            (PackageFamily.AimResolve, 390, 0.72, false),
            (PackageFamily.AimResolve, 340, 0.40, false),
            (PackageFamily.AimSendNotify, 200, 0.965, false),
            (PackageFamily.ServiceClicks, 300, 0.55, true),
            (PackageFamily.BasicThreeNetwork, 120, 0.42, false),
        };
        var random = new Random(940);
        var eventId = FirstEventId;
        var usage = new List<UsageRecord>();
        var packages = new List<ResourcePackage>();
        foreach (var (family, daysAgo, drawn, autoRenew) in plan)
        {
            var spec = specs[family];
            var bought = now.AddDays(-daysAgo).AddHours(2);
            var order = new PackageOrder
            {
                AccountId = demo.AccountId, IdempotencyKey = $"demo-{family}-{daysAgo}", SpecId = spec.Id, Family = family, SpecName = spec.Name,
                UnitsPerPackage = spec.Units, Quantity = 1, UnitPriceFen = spec.PriceFen, TotalFen = spec.PriceFen, State = OrderState.Paid,
                AutoRenew = autoRenew, CreatedAt = bought, PaidAt = bought, CreatedBy = demo.Owner.UserName,
            };
            db.PackageOrders.Add(order);
            var package = new ResourcePackage
            {
                AccountId = demo.AccountId, OrderId = order.Id, Family = family, SpecName = spec.Name, Units = spec.Units, StartsAt = bought,
                ExpiresAt = bought.AddMonths(spec.ValidityMonths), AutoRenew = autoRenew,
            };
            packages.Add(package);
            postings.Add((bought, new LedgerPosting(LedgerKind.Purchase, -order.TotalFen, demo.Owner.UserName) { OrderId = order.Id }));

            // Drawn from the day after purchase until it expired or now; a resolve package after the older one expired.
            var from = family == PackageFamily.AimResolve && daysAgo == 340 ? packages[0].ExpiresAt : bought;
            var until = package.ExpiresAt < now ? package.ExpiresAt : now;
            var days = Math.Max(1, (int)(until - from).TotalDays);
            var target = (long)(spec.Units * drawn);
            package.Used = target;
            var left = target;
            for (var d = 1; d <= days && left > 0; d++)
            {
                var quantity = d == days ? left : Math.Min(left, (long)(target / (double)days * (0.7 + (0.6 * random.NextDouble()))));
                left -= quantity;
                var at = Hour(from.Date.AddDays(d).AddHours(2 + random.Next(10)));
                if (quantity > 0 && at < now)
                {
                    usage.Add(Usage(demo.AccountId, eventId++, BillingCatalog.Covers(family), at, quantity, UsageMode.Package, package.Id, 0, subject));
                }
                else
                {
                    package.Used -= quantity;
                }
            }
        }

        db.ResourcePackages.AddRange(packages);

        // On demand: marketing sends and the China Mobile single channel have no package here.
        for (var d = 365; d >= 1; d--)
        {
            var day = now.Date.AddDays(-d);
            usage.Add(Usage(demo.AccountId, eventId++, BillingItem.SendMarketing, day.AddHours(3 + random.Next(8)), 150 + random.Next(400), UsageMode.OnDemand, null, prices[BillingItem.SendMarketing], subject));
            if (d % 3 == 0)
            {
                usage.Add(Usage(demo.AccountId, eventId++, BillingItem.PlainSmsMobile, day.AddHours(6), 40 + random.Next(120), UsageMode.OnDemand, null, prices[BillingItem.PlainSmsMobile], null));
            }
        }

        // Each usage hour is settled by one charge about two hours later; on-demand charges move the balance.
        foreach (var record in usage.Where(u => u.OccurredAt.AddHours(2) <= now))
        {
            var charge = new Charge
            {
                AccountId = demo.AccountId, Item = record.Item, Mode = record.Mode, PackageId = record.PackageId, UsageFrom = Hour(record.OccurredAt),
                ChargedAt = Hour(record.OccurredAt).AddHours(2).AddMinutes(5), Quantity = record.Quantity, UnitPrice = record.UnitPrice,
                AmountFen = record.Mode == UsageMode.OnDemand ? Money.ChargeFen(record.Quantity, record.UnitPrice) : 0,
            };
            record.ChargeId = charge.Id;
            db.Charges.Add(charge);
            if (charge.AmountFen > 0)
            {
                postings.Add((charge.ChargedAt, new LedgerPosting(LedgerKind.Settlement, -charge.AmountFen, "billing.settle") { ChargeId = charge.Id }));
            }
        }

        db.UsageRecords.AddRange(usage);
        await db.SaveChangesAsync(ct);

        // The postings save on their own: with the year's usage and charges still tracked, the save would look them all over again.
        db.ChangeTracker.Clear();
        await Ledger.PostAllAsync(db, demo.AccountId, [.. postings.OrderBy(p => p.At)], ct);

        var wallet = await Ledger.WalletAsync(db, demo.AccountId, ct);
        wallet.AlertBalanceFen = 100_000;
        await AddMixedCarrierTaskAsync(db, demo, now.AddMonths(-2), ct);
        await db.SaveChangesAsync(ct);
    }

    private static UsageRecord Usage(Guid accountId, long eventId, BillingItem item, DateTime at, long quantity, UsageMode mode, Guid? packageId, long unitPrice, string? subject) =>
        new()
        {
            AccountId = accountId, EventId = eventId, Part = 0, Item = item, OccurredAt = at, RecordedAt = at, Quantity = quantity, Mode = mode,
            PackageId = packageId, UnitPrice = unitPrice, Subject = subject,
        };

    /// <summary>
    /// A finished send two months ago: 12 of its 20 numbers China Mobile's (60 %, below the 75 % 三网通道 asks for). It
    /// went out with the choices of the sending demo's tasks (app, signature, SMS and card templates), every number
    /// rendering the card.
    /// </summary>
    private static async Task AddMixedCarrierTaskAsync(KooMessageDb db, DemoAccount demo, DateTime at, CancellationToken ct)
    {
        var like = await db.SendTasks.AsNoTracking().OrderBy(t => t.CreatedAt).FirstOrDefaultAsync(ct);
        VendorCount[] capable = [new(Vendor.Huawei, 9), new(Vendor.Xiaomi, 5), new(Vendor.Oppo, 3), new(Vendor.Vivo, 3)];
        var task = new SendTask
        {
            AccountId = demo.AccountId, Name = "会员关怀（三网）", State = SendTaskState.Completed, Total = 20, CreatedAt = at, StartedAt = at,
            FinishedAt = at.AddMinutes(5), CreatedBy = demo.Owner.UserName, Expanded = 20, Capability = System.Text.Json.JsonSerializer.Serialize(capable),
            SmsAppId = like?.SmsAppId, SignatureId = like?.SignatureId, SmsTemplateId = like?.SmsTemplateId,
            TplId = like?.TplId, TplName = like?.TplName, TemplateVersionId = like?.TemplateVersionId, LinkType = like?.LinkType, ExpiryDays = like?.ExpiryDays,
        };
        db.SendTasks.Add(task);
        string[] segments = ["139", "139", "139", "139", "138", "138", "138", "150", "150", "158", "182", "187", "186", "186", "130", "155", "176", "189", "133", "199"];
        for (var i = 0; i < segments.Length; i++)
        {
            var mobile = $"{segments[i]}{i:0000}0{i % 10}{i % 7}{i % 3}";
            db.SendMessages.Add(new SendMessage
            {
                AccountId = demo.AccountId, TaskId = task.Id, Mobile = mobile, Text = "【示例科技】会员日活动今日开启，回复R退订", Segments = 1, State = SendMessageState.Delivered,
                NextAttemptAt = at, SubmittedAt = at.AddSeconds(i), ReportedAt = at.AddSeconds(i + 5), IdempotencyKey = $"{task.Id:N}:{mobile}",
            });
        }
    }

    private static DateTime Hour(DateTime at) => new(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc);
}
