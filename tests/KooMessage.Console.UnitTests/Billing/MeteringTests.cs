using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Events;
using Microsoft.Data.Sqlite;

namespace KooMessage.Console.UnitTests.Billing;

/// <summary>Billable events metered into usage in the writer's batch: package first, on demand at the price in force, exactly once.</summary>
public sealed class MeteringTests
{
    private static readonly DateTime Now = new(2026, 12, 31, 23, 40, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Resolves_DrawTheEarliestExpiringPackageFirst_ThenOnDemand_BotsVisitsAndFreeClicksNothing()
    {
        await using var data = await BillingData.StartAsync(Now);
        var later = await data.PackageAsync(PackageFamily.AimResolve, 100, Now.AddMonths(-1), Now.AddMonths(11));
        var sooner = await data.PackageAsync(PackageFamily.AimResolve, 3, Now.AddMonths(-11), Now.AddDays(1), used: 1);

        await data.AppendAsync(
            data.Resolve(Now), data.Resolve(Now.AddSeconds(1)), data.Resolve(Now.AddSeconds(2)), data.Resolve(Now.AddSeconds(3), bot: true),
            new EventRecord(data.Account, EventKind.Visit, Now) { LinkCode = "PDiWqc" }, data.Click(Now, "c-free", billed: false), data.Click(Now, "c-1"));

        var usage = await data.UsageAsync();
        // The store writes a batch in its order.
        Assert.Equal(
            [(BillingItem.Resolve, UsageMode.Package, (Guid?)sooner), (BillingItem.Resolve, UsageMode.Package, sooner), (BillingItem.Resolve, UsageMode.Package, later),
                (BillingItem.ServiceClick, UsageMode.OnDemand, null)],
            usage.Select(u => (u.Item, u.Mode, u.PackageId)));
        Assert.Equal(60, usage[3].UnitPrice);
        Assert.Equal("1065800001", usage[3].Subject);

        await using var db = await data.DbAsync();
        Assert.Equal((3L, 1L), (db.ResourcePackages.Single(p => p.Id == sooner).Used, db.ResourcePackages.Single(p => p.Id == later).Used));
    }

    [Fact]
    public async Task Send_PerSegment_CardByItsTemplatePlainAsPlainSms_SplitAcrossPackageAndOnDemand()
    {
        await using var data = await BillingData.StartAsync(Now);
        var package = await data.PackageAsync(PackageFamily.AimSendNotify, 2, Now.AddDays(-1), Now.AddYears(1));
        var card = await data.MessageAsync(segments: 3);
        var plain = await data.MessageAsync(segments: 2, plain: true, mobile: "13800138001");
        var basic = await data.MessageAsync(segments: 1, basic: true, mobile: "13800138002");

        await data.AppendAsync(data.Send(Now, card), data.Send(Now, plain), data.Send(Now, basic));

        var usage = await data.UsageAsync();
        Assert.Equal(
            [(0, BillingItem.SendNotify, UsageMode.Package, 2L, (Guid?)package, 0L), (1, BillingItem.SendNotify, UsageMode.OnDemand, 1L, null, 550L),
                (0, BillingItem.PlainSms, UsageMode.OnDemand, 2L, null, 450L), (0, BillingItem.PlainSms, UsageMode.OnDemand, 1L, null, 450L)],
            usage.Select(u => (u.Part, u.Item, u.Mode, u.Quantity, u.PackageId, u.UnitPrice)));
        Assert.Equal("600000001", usage[0].Subject);
    }

    [Fact]
    public async Task Batch_RolledBackAndTakenAgain_MeteredOnce_ARepeatedEventIdNever()
    {
        await using var data = await BillingData.StartAsync(Now);
        var package = await data.PackageAsync(PackageFamily.ServiceClicks, 10, Now.AddDays(-1), Now.AddYears(1));
        var batch = new[] { data.Click(Now, "c-1"), data.Click(Now, "c-2"), data.Resolve(Now) };

        // The first attempt fails inside the batch (as a busy or failing database would): nothing of it stays.
        await data.ExecuteAsync("""CREATE TRIGGER "fail" BEFORE INSERT ON "UsageRecords" BEGIN SELECT RAISE(ABORT, 'failing'); END""");
        await Assert.ThrowsAsync<SqliteException>(() => data.AppendAsync(batch));
        Assert.Empty(await data.UsageAsync());

        // The writer takes the same batch again; later the pusher repeats an event id.
        await data.ExecuteAsync("""DROP TRIGGER "fail" """);
        await data.AppendAsync(batch);
        await data.AppendAsync(data.Click(Now.AddMinutes(1), "c-1"));

        var usage = await data.UsageAsync();
        Assert.Equal(3, usage.Count);
        Assert.Equal(2, usage.Count(u => u.PackageId == package));
        await using var db = await data.DbAsync();
        Assert.Equal(2, db.ResourcePackages.Single().Used);
        Assert.Equal(3, db.Events.Count());
    }

    [Fact]
    public async Task Resolve_OfALinkWhoseSendDrewOnASendAndResolveUnit_Included()
    {
        await using var data = await BillingData.StartAsync(Now);
        await data.PackageAsync(PackageFamily.AimSendNotify, 10, Now.AddDays(-1), Now.AddYears(1));
        var (resolveTask, codes) = await data.LinksAsync(["13800138000", "13800138001"]);
        var drawn = await data.MessageAsync(segments: 1, resolveTask: resolveTask, mobile: "13800138000");
        await data.AppendAsync(data.Send(Now, drawn));

        // The first link's send drew on the 发送和解析 package; the second number's link was never sent by a task.
        await data.AppendAsync(data.Resolve(Now.AddMinutes(1), codes[0]), data.Resolve(Now.AddMinutes(1), codes[1]));

        var usage = await data.UsageAsync();
        Assert.Equal(
            [(BillingItem.SendNotify, UsageMode.Package), (BillingItem.Resolve, UsageMode.Included), (BillingItem.Resolve, UsageMode.OnDemand)],
            usage.Select(u => (u.Item, u.Mode)));
        Assert.Equal((0L, 500L), (usage[1].UnitPrice, usage[2].UnitPrice));
    }

    [Fact]
    public async Task LateEvent_PriceChangedSince_PricedAtItsOwnTime()
    {
        await using var data = await BillingData.StartAsync(Now);
        await using (var db = await data.DbAsync())
        {
            db.UnitPrices.Add(new UnitPrice { Item = BillingItem.Resolve, Price = 420, EffectiveFrom = Now.AddMinutes(-30), CreatedBy = "test", CreatedAt = Now });
            await db.SaveChangesAsync();
        }

        await data.AppendAsync(data.Resolve(Now.AddMinutes(-31)), data.Resolve(Now.AddMinutes(-30)));

        Assert.Equal([500L, 420L], (await data.UsageAsync()).Select(u => u.UnitPrice));
    }
}
