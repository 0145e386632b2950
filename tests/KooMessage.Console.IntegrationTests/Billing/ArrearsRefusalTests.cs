using KooMessage.Console.Data;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Billing;

/// <summary>An account in retention (保留期): a new send, its start and a new link are refused with the arrears message; a top-up restores them.</summary>
public sealed class ArrearsRefusalTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Retention_NewSendAndStartAndNewLinkRefused_TopUpRestores()
    {
        var account = owner.AccountId!.Value;
        Guid ready;
        await using (var scope = app.Services.As(owner.Principal))
        {
            ready = TestData.Ok(await scope.ServiceProvider.GetRequiredService<SendTaskService>().CreateAsync("通知", 10, [new Recipient("13800138000", "您好")], CancellationToken.None));
        }

        await SetArrearsAsync(account, ArrearsState.Retention, -1_234);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(account);

        await using (var scope = app.Services.As(owner.Principal))
        {
            var sends = scope.ServiceProvider.GetRequiredService<SendTaskService>();
            var created = await sends.CreateAsync("通知", 10, [new Recipient("13800138001", "您好")], CancellationToken.None);
            Assert.Equal(ArrearsGate.ErrorCode, created.Error?.Code);
            Assert.Contains("¥12.34", created.Error!.Message, StringComparison.Ordinal);
            Assert.Equal("Name", Assert.Single(created.Error.Fields).Field);

            var started = await sends.StartAsync(ready, 0, CancellationToken.None);
            Assert.Equal(ArrearsGate.ErrorCode, started.Error?.Code);
        }

        var link = await app.Services.CreateTaskAsync(owner, ShortLinkData.GroupForm(tplId));
        Assert.Contains(link.Error!.Fields, f => f.Field == nameof(ResolveTaskForm.Name) && f.Message.Contains("¥12.34", StringComparison.Ordinal));

        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None))
        {
            Assert.Equal(1, await db.SendTasks.CountAsync());
            Assert.Equal(SendTaskState.Ready, await db.SendTasks.Select(t => t.State).SingleAsync());
            await using var tx = await db.Database.BeginTransactionAsync();
            await app.Services.GetRequiredService<Ledger>().PostAsync(db, account, new LedgerPosting(LedgerKind.TopUp, 2_000, "test"), CancellationToken.None);
            await tx.CommitAsync();
        }

        TestData.Ok(await app.Services.CreateTaskAsync(owner, ShortLinkData.GroupForm(tplId)));
    }

    private async Task SetArrearsAsync(Guid account, ArrearsState state, long balance)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        db.BillingAccounts.Add(new BillingAccount { AccountId = account, Arrears = state, BalanceFen = balance, ArrearsSince = DateTime.UtcNow.AddDays(-10) });
        await db.LedgerEntries.ExecuteDeleteAsync();
        db.LedgerEntries.Add(new LedgerEntry { AccountId = account, At = DateTime.UtcNow.AddDays(-10), Kind = LedgerKind.Adjustment, AmountFen = balance, BalanceAfterFen = balance, CreatedBy = "test" });
        await db.SaveChangesAsync();
    }
}
