using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Common;

/// <summary>Two tabs, two users, one moment: every race ends with one winner and a clear answer for the others.</summary>
public sealed class WriteRaceTests : IAsyncLifetime
{
    private const int AppLimit = 2;

    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync(s => s.Configure<ConsoleOptions>(o => o.SmsAppLimit = AppLimit));
        admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Result<Guid>> SaveAppAsync(Guid? id, string name, string? upLink = null)
    {
        await using var scope = app.Services.As(owner.Principal);
        return await scope.ServiceProvider.GetRequiredService<SmsAppService>().SaveAsync(id, new SmsAppForm { Name = name, UpLinkAddress = upLink }, CancellationToken.None);
    }

    private async Task<T> AsAdminAsync<T>(Func<SensitiveWordService, Task<T>> call)
    {
        await using var scope = app.Services.As(admin.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<SensitiveWordService>());
    }

    private async Task<KooMessageDb> SystemDbAsync() => await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    [Fact]
    public async Task SaveAsync_SameNameFromTwoTabsAtOnce_OneCreatedOtherToldTheNameIsTaken()
    {
        var results = await Task.WhenAll(SaveAppAsync(null, "会员通知"), SaveAppAsync(null, "会员通知"));

        Assert.Single(results, r => r.IsSuccess);
        Assert.Equal(ErrorCodes.Conflict, Assert.Single(results, r => !r.IsSuccess).Error!.Code);
        await using var db = await SystemDbAsync();
        Assert.Equal(1, await db.SmsApps.CountAsync());
    }

    [Fact]
    public async Task SaveAsync_LaunchedAppGetsANewUplink_GoesBackToReview()
    {
        var id = (await SaveAppAsync(null, "会员通知", "https://a.example/uplink")).Value;
        await app.Services.DecideAsync(admin, SmsAppReviewSource.KindName, id, approve: true);

        TestData.Ok(await SaveAppAsync(id, "会员通知", "https://b.example/uplink"));

        await using var check = await SystemDbAsync();
        var saved = await check.SmsApps.SingleAsync(a => a.Id == id);
        Assert.Equal((SmsAppStatus.Created, "https://b.example/uplink"), (saved.Status, saved.UpLinkAddress));
        Assert.Equal(1, await check.ReviewTickets.CountAsync(t => t.ItemId == id && t.State == ReviewTicketState.Open));
    }

    [Fact]
    public async Task SaveAsync_LaunchedAppRenamedOnly_StaysLaunched()
    {
        var id = (await SaveAppAsync(null, "会员通知", "https://a.example/uplink")).Value;
        await app.Services.DecideAsync(admin, SmsAppReviewSource.KindName, id, approve: true);

        TestData.Ok(await SaveAppAsync(id, "会员服务", "https://a.example/uplink"));

        await using var check = await SystemDbAsync();
        Assert.Equal(SmsAppStatus.Launched, (await check.SmsApps.SingleAsync(a => a.Id == id)).Status);
    }

    [Fact]
    public async Task SensitiveWords_RemovedByTwoAdministratorsAtOnce_OneAuditEntry()
    {
        TestData.Ok(await AsAdminAsync(s => s.AddAsync("秒杀价", CancellationToken.None)));

        await Task.WhenAll(AsAdminAsync(s => s.RemoveAsync("秒杀价", CancellationToken.None)), AsAdminAsync(s => s.RemoveAsync("秒杀价", CancellationToken.None)));

        await using var db = await SystemDbAsync();
        Assert.Equal(0, await db.SensitiveWords.CountAsync(w => w.Word == "秒杀价"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ObjectType == PlatformModule.SensitiveWordAuditType && e.Action == AuditActions.Delete));
    }
}
