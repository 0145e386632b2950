using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Sending;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Billing;

/// <summary>The estimate before a send and the refusal of one the balance and packages cannot pay.</summary>
public sealed class SendCostTests
{
    private static readonly DateTime Now = new(2027, 6, 30, 23, 30, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Estimate_PackagesFirstByExpiry_RestOnDemandAtTodaysPrice_ShortfallNamed()
    {
        await using var data = await BillingData.StartAsync(Now);
        var cost = data.Services.GetRequiredService<SendCost>();
        var sooner = await data.PackageAsync(PackageFamily.AimSendMarketing, 100, Now.AddMonths(-11), Now.AddDays(2), used: 40);
        var later = await data.PackageAsync(PackageFamily.AimSendMarketing, 1000, Now.AddDays(-1), Now.AddYears(1), used: 990);
        await data.PackageAsync(PackageFamily.AimSendMarketing, 1000, Now.AddDays(-400), Now.AddDays(-35));
        await data.PostAsync(LedgerKind.TopUp, 100);

        await using var db = await data.DbAsync();
        var estimate = await cost.EstimateAsync(db, data.Account, [new CostUse(BillingItem.SendMarketing, 300), new CostUse(BillingItem.PlainSms, 100)], CancellationToken.None);

        Assert.Equal([(sooner, 60L), (later, 10L)], estimate.FromPackages.Select(p => (p.PackageId, p.Units)));
        Assert.Equal([(BillingItem.SendMarketing, 230L, 600L, 1380L), (BillingItem.PlainSms, 100L, 450L, 450L)], estimate.OnDemand.Select(o => (o.Item, o.Units, o.UnitPrice, o.AmountFen)));
        Assert.Equal((1830L, 100L, 1730L, false), (estimate.OnDemandFen, estimate.BalanceFen, estimate.ShortfallFen, estimate.Covered));
        var refusal = cost.Refusal(estimate);
        Assert.NotNull(refusal);
        Assert.Contains("¥17.30", refusal.Message, StringComparison.Ordinal);

        // Nothing was drawn by estimating.
        Assert.Equal(40, await db.ResourcePackages.Where(p => p.Id == sooner).Select(p => p.Used).SingleAsync());
    }

    [Fact]
    public async Task Estimate_UnsettledOnDemandUsageCountsAgainstTheBalance_CoveredWhenThePackagesSuffice()
    {
        await using var data = await BillingData.StartAsync(Now);
        var cost = data.Services.GetRequiredService<SendCost>();
        await data.PostAsync(LedgerKind.TopUp, 12);
        await data.AppendAsync(data.Resolve(Now.AddMinutes(-5)), data.Resolve(Now.AddMinutes(-4)));
        await data.PackageAsync(PackageFamily.AimSendNotify, 10, Now.AddDays(-1), Now.AddYears(1));

        await using var db = await data.DbAsync();
        var byPackage = await cost.EstimateAsync(db, data.Account, [new CostUse(BillingItem.SendNotify, 10)], CancellationToken.None);
        Assert.True(byPackage.Covered);
        Assert.Null(cost.Refusal(byPackage));

        // Two resolves not yet settled (10 fen) leave 2 fen for one more segment at 0.055 CNY (6 fen, rounded).
        var more = await cost.EstimateAsync(db, data.Account, [new CostUse(BillingItem.SendNotify, 11)], CancellationToken.None);
        Assert.Equal((6L, 10L, 4L), (more.OnDemandFen, more.UnsettledFen, more.ShortfallFen));
    }

    [Fact]
    public async Task QueuedUses_CardSegmentsByTemplate_PlainAndBasicAsPlainSms()
    {
        await using var data = await BillingData.StartAsync(Now);
        var cost = data.Services.GetRequiredService<SendCost>();
        var card = await data.MessageAsync(segments: 2);
        await using var db = await data.DbAsync();
        var taskId = await db.SendMessages.Where(m => m.Id == card).Select(m => m.TaskId).SingleAsync();
        var task = await db.SendTasks.SingleAsync(t => t.Id == taskId);
        db.SendMessages.Add(new SendMessage { AccountId = data.Account, TaskId = task.Id, Mobile = "13900139000", Text = "x", Segments = 1, Plain = true, IdempotencyKey = $"{task.Id:N}:13900139000" });
        await db.SaveChangesAsync();

        var uses = await cost.QueuedUsesAsync(db, task, CancellationToken.None);
        Assert.Equal([(BillingItem.SendNotify, 2L), (BillingItem.PlainSms, 1L)], uses.Select(u => (u.Item, u.Units)).Order());
    }
}
