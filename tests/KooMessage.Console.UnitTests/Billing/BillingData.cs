using KooMessage.Console.Data;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Billing;

/// <summary>A console on a fake clock with one account, and rows inserted straight through TenantDb.</summary>
internal sealed class BillingData : IAsyncDisposable
{
    private BillingData(TestConsole app, FakeTimeProvider clock, Guid account)
    {
        App = app;
        Clock = clock;
        Account = account;
    }

    public TestConsole App { get; }

    public FakeTimeProvider Clock { get; }

    public Guid Account { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<BillingData> StartAsync(DateTime now, Action<BillingOptions>? options = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(now, TimeSpan.Zero));
        var app = await TestConsole.StartAsync(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<BillingOptions>(o =>
            {
                o.RefuseUncovered = true;
                options?.Invoke(o);
            });
        });
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        return new BillingData(app, clock, owner.AccountId!.Value);
    }

    public void At(DateTime utc) => Clock.SetUtcNow(new DateTimeOffset(utc, TimeSpan.Zero));

    public Task<KooMessageDb> DbAsync() => Services.GetRequiredService<TenantDb>().ForAccountAsync(Account, "test", CancellationToken.None);

    /// <summary>A paid package of <paramref name="family"/> with <paramref name="units"/> units valid [starts, expires).</summary>
    public async Task<Guid> PackageAsync(PackageFamily family, long units, DateTime starts, DateTime expires, long used = 0)
    {
        await using var db = await DbAsync();
        var order = new PackageOrder
        {
            AccountId = Account, IdempotencyKey = Guid.NewGuid().ToString("N"), SpecId = CatalogSeed.Specs[0].Id, Family = family, SpecName = "1万条", UnitsPerPackage = units,
            Quantity = 1, State = OrderState.Paid, CreatedAt = starts, PaidAt = starts, CreatedBy = "test",
        };
        var package = new ResourcePackage { AccountId = Account, OrderId = order.Id, Family = family, SpecName = "1万条", Units = units, Used = used, StartsAt = starts, ExpiresAt = expires };
        db.PackageOrders.Add(order);
        db.ResourcePackages.Add(package);
        await db.SaveChangesAsync();
        return package.Id;
    }

    public async Task PostAsync(LedgerKind kind, long fen)
    {
        await using var db = await DbAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        await Services.GetRequiredService<Ledger>().PostAsync(db, Account, new LedgerPosting(kind, fen, "test"), CancellationToken.None);
        await tx.CommitAsync();
    }

    /// <summary>Stores <paramref name="events"/> as one batch of the writer (its handlers run in the batch's transaction).</summary>
    public Task<BatchOutcome> AppendAsync(params EventRecord[] events) =>
        Services.GetRequiredService<EventStore>().AppendAsync(events, Clock.GetUtcNow().UtcDateTime, CancellationToken.None);

    public EventRecord Resolve(DateTime at, string code = "PDiWqc", bool bot = false) => new(Account, EventKind.Resolve, at) { LinkCode = code, IsBot = bot };

    public EventRecord Click(DateTime at, string id, bool billed = true) =>
        new(Account, EventKind.MenuClick, at) { ExternalId = id, ServiceNumber = "1065800001", MenuItem = "m1", Billed = billed };

    /// <summary>A send task (card template unless <paramref name="basic"/>) with one message of <paramref name="segments"/> segments.</summary>
    public async Task<Guid> MessageAsync(int segments, bool plain = false, bool basic = false, Guid? resolveTask = null, string mobile = "13800138000")
    {
        await using var db = await DbAsync();
        var task = new SendTask
        {
            AccountId = Account, Name = "通知", State = SendTaskState.Sending, Total = 1, CreatedAt = Clock.GetUtcNow().UtcDateTime, CreatedBy = "test",
            TemplateVersionId = basic ? null : Guid.CreateVersion7(), ResolveTaskId = resolveTask, TplId = basic ? null : "600000001",
        };
        var message = new SendMessage
        {
            AccountId = Account, TaskId = task.Id, Mobile = mobile, Text = new string('x', segments == 1 ? 10 : 67 * segments), Segments = segments, Plain = plain,
            State = SendMessageState.Queued, IdempotencyKey = $"{task.Id:N}:{mobile}",
        };
        db.SendTasks.Add(task);
        db.SendMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    /// <summary>A resolve task of individual links, one per number (its 客户标识), as a send's prepare job makes them.</summary>
    public async Task<(Guid Task, List<string> Codes)> LinksAsync(IReadOnlyList<string> mobiles)
    {
        await using var db = await DbAsync();
        var now = Clock.GetUtcNow().UtcDateTime;
        var task = new ResolveTask
        {
            AccountId = Account, Name = "通知", TplId = "600000001", TplName = "通知", VersionId = Guid.CreateVersion7(), Type = ShortLinkType.Individual, ExpiresAt = now.AddDays(30),
            MaxResolves = 1, CreatedBy = "test", CreatedAt = now, UpdatedAt = now,
        };
        var links = mobiles.Select(m => new ShortLink
        {
            AccountId = Account, TaskId = task.Id, Code = ResolveTaskRules.NewCode(), CustFlag = m, MaxResolves = 1, ExpiresAt = task.ExpiresAt, CreatedAt = now,
        }).ToList();
        db.ResolveTasks.Add(task);
        db.ShortLinks.AddRange(links);
        await db.SaveChangesAsync();
        return (task.Id, links.Select(k => k.Code).ToList());
    }

    public EventRecord Send(DateTime at, Guid message) => new(Account, EventKind.Send, at) { ExternalId = GatewayCallbacks.SendEventId(message) };

    public async Task<List<UsageRecord>> UsageAsync()
    {
        await using var db = await DbAsync();
        return await db.UsageRecords.AsNoTracking().OrderBy(u => u.EventId).ThenBy(u => u.Part).ToListAsync();
    }

    public async Task<int> SettleAsync()
    {
        await using var db = await Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await Services.GetRequiredService<Settlement>().SettleAsync(db, CancellationToken.None);
    }

    public async Task<BillingAccount> WalletAsync()
    {
        await using var db = await DbAsync();
        return await db.BillingAccounts.AsNoTracking().SingleAsync();
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var db = await DbAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
