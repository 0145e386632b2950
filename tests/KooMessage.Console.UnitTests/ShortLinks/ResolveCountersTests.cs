using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.ShortLinks;

/// <summary>The resolve host's in-memory counts: exact against the maximum, written by the event writer's batches, and let go when idle.</summary>
public sealed class ResolveCountersTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task TryCount_ManyThreadsAtOnce_CountsExactlyTheMaximum_ThenWritesIt()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var (account, link) = await LinkAsync(app, max: 500);
        var counters = app.Services.GetRequiredService<ResolveCounters>();

        var counted = 0;
        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (counters.TryCount(link, Now))
            {
                Interlocked.Increment(ref counted);
            }
        });
        await StoreOneEventAsync(app, account);

        Assert.Equal(500, counted);
        Assert.True(counters.IsUsedUp(link));
        var stored = await StoredAsync(app, account, link);
        Assert.Equal(500, stored.Resolved);
        Assert.Equal(Now, stored.FirstResolvedAt);
    }

    [Fact]
    public async Task Writer_IdleCounter_IsLetGo_AndTheNextVisitStartsFromTheStoredCount()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var (account, link) = await LinkAsync(app, max: 3);
        var counters = app.Services.GetRequiredService<ResolveCounters>();
        Assert.True(counters.TryCount(link, Now));
        Assert.True(counters.TryCount(link, Now));

        await StoreOneEventAsync(app, account);
        clock.Advance(ResolveCounters.IdleAfter - TimeSpan.FromSeconds(1));
        await StoreOneEventAsync(app, account);
        var heldWhileRecent = counters.Held;
        clock.Advance(ResolveCounters.SweepEvery);
        await StoreOneEventAsync(app, account);

        Assert.Equal((1, 0), (heldWhileRecent, counters.Held));
        var reloaded = await LinkEntryAsync(app, account, link.Code);
        Assert.Equal(2, reloaded.ResolvedAtLoad);
        Assert.True(counters.TryCount(reloaded, Now));
        Assert.False(counters.TryCount(reloaded, Now));
    }

    [Fact]
    public async Task Writer_IdleCounterWithAnUnwrittenCount_StoresItBeforeLettingGo()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var (account, link) = await LinkAsync(app, max: 3);
        var counters = app.Services.GetRequiredService<ResolveCounters>();
        Assert.True(counters.TryCount(link, Now));
        clock.Advance(ResolveCounters.IdleAfter * 2);

        await StoreOneEventAsync(app, account);
        var heldAfterWriting = counters.Held;
        clock.Advance(ResolveCounters.SweepEvery);
        await StoreOneEventAsync(app, account);

        Assert.Equal(1, (await StoredAsync(app, account, link)).Resolved);
        Assert.Equal((1, 0), (heldAfterWriting, counters.Held));
    }

    [Fact]
    public async Task Writer_BatchRolledBack_TheCountIsWrittenWithTheNextOne()
    {
        await using var app = await TestConsole.StartAsync(s => s.AddSingleton<IEventBatchHandler, FailOnce>());
        var (account, link) = await LinkAsync(app, max: 3);
        var counters = app.Services.GetRequiredService<ResolveCounters>();
        Assert.True(counters.TryCount(link, Now));

        await Assert.ThrowsAsync<InvalidOperationException>(() => StoreOneEventAsync(app, account));
        Assert.Equal(0, (await StoredAsync(app, account, link)).Resolved);
        await StoreOneEventAsync(app, account);

        Assert.Equal(1, (await StoredAsync(app, account, link)).Resolved);
    }

    [Fact]
    public async Task Writer_WithABacklog_JournalsTheCounts_AndWritesThemToTheLinksEveryFoldPeriod()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var (account, link) = await LinkAsync(app, max: 10);
        var counters = app.Services.GetRequiredService<ResolveCounters>();
        Assert.True(counters.TryCount(link, Now));
        await StoreOneEventAsync(app, account);
        Assert.True(counters.TryCount(link, Now));
        Assert.True(counters.TryCount(link, Now));

        await StoreOneEventAsync(app, account, backlog: true);
        var whileBehind = ((await StoredAsync(app, account, link)).Resolved, await JournalAsync(app), counters.Journaled);
        clock.Advance(ResolveCounters.FoldEvery - TimeSpan.FromSeconds(1));
        Assert.True(counters.TryCount(link, Now));
        await StoreOneEventAsync(app, account, backlog: true);
        var beforeThePeriod = ((await StoredAsync(app, account, link)).Resolved, await JournalAsync(app));
        clock.Advance(TimeSpan.FromSeconds(1));
        await StoreOneEventAsync(app, account, backlog: true);

        Assert.Equal((1, 1, 1), whileBehind);
        Assert.Equal((1, 2), beforeThePeriod);
        Assert.Equal((4, 0, 0), ((await StoredAsync(app, account, link)).Resolved, await JournalAsync(app), counters.Journaled));
        Assert.Equal(Now, (await StoredAsync(app, account, link)).FirstResolvedAt);
    }

    [Fact]
    public async Task Writer_BacklogGone_TheNextBatchWritesTheJournaledCountsToTheLinks()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var (account, link) = await LinkAsync(app, max: 10);
        var counters = app.Services.GetRequiredService<ResolveCounters>();
        await StoreOneEventAsync(app, account);
        Assert.True(counters.TryCount(link, Now));
        await StoreOneEventAsync(app, account, backlog: true);

        await StoreOneEventAsync(app, account);

        Assert.Equal((1, 0, 0), ((await StoredAsync(app, account, link)).Resolved, await JournalAsync(app), counters.Journaled));
    }

    [Fact]
    public async Task Writer_BacklogGone_ABatchOfOnlyRepeatedEventsStillWritesTheJournaledCounts()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var (account, link) = await LinkAsync(app, max: 10);
        var counters = app.Services.GetRequiredService<ResolveCounters>();
        var store = app.Services.GetRequiredService<EventStore>();
        EventRecord[] pushed = [new EventRecord(account, EventKind.Exposure, DateTime.UtcNow) { ExternalId = "exposure-1" }];
        await store.AppendAsync(pushed, DateTime.UtcNow, CancellationToken.None);
        Assert.True(counters.TryCount(link, Now));
        await StoreOneEventAsync(app, account, backlog: true);

        var repeated = await store.AppendAsync(pushed, DateTime.UtcNow, CancellationToken.None);

        Assert.Equal((0, 1), (repeated.Written, repeated.Duplicates));
        Assert.Equal((1, 0), ((await StoredAsync(app, account, link)).Resolved, await JournalAsync(app)));
    }

    [Fact]
    public async Task Host_FoldsTheJournalBeforeTheSnapshotStarts()
    {
        await using var app = await TestConsole.StartAsync();

        // A host starts its hosted services one after another in this order.
        var hosted = app.Services.GetServices<IHostedService>().Select(h => h.GetType()).ToList();

        Assert.InRange(hosted.IndexOf(typeof(ResolveCounters)), 0, hosted.IndexOf(typeof(LinkSnapshot)) - 1);
    }

    [Fact]
    public async Task Start_AfterACrashWithJournaledCounts_WritesThemToTheLinks_BeforeALinkIsLoaded()
    {
        var clock = new FakeTimeProvider(Now);
        await using var first = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var (account, link) = await LinkAsync(first, max: 10);
        var counters = first.Services.GetRequiredService<ResolveCounters>();
        await StoreOneEventAsync(first, account);
        Assert.True(counters.TryCount(link, Now));
        await StoreOneEventAsync(first, account, backlog: true);
        Assert.True(counters.TryCount(link, Now.AddMinutes(1)));
        Assert.True(counters.TryCount(link, Now.AddMinutes(1)));
        await StoreOneEventAsync(first, account, backlog: true);
        Assert.Equal((0, 2), ((await StoredAsync(first, account, link)).Resolved, await JournalAsync(first)));

        await using var second = await first.RestartAsync();
        await second.Services.GetRequiredService<ResolveCounters>().StartAsync(CancellationToken.None);

        Assert.Equal((3, 0), ((await StoredAsync(second, account, link)).Resolved, await JournalAsync(second)));
        Assert.Equal(Now, (await StoredAsync(second, account, link)).FirstResolvedAt);
        var reloaded = await LinkEntryAsync(second, account, link.Code);
        Assert.Equal(3, reloaded.ResolvedAtLoad);
    }

    /// <summary>Stores one event through the event store, as the batched writer does: the batch stores the counts that moved.</summary>
    private static Task<BatchOutcome> StoreOneEventAsync(TestConsole app, Guid account, bool backlog = false) =>
        app.Services.GetRequiredService<EventStore>().AppendAsync(
            [new EventRecord(account, EventKind.Visit, DateTime.UtcNow) { LinkCode = "other" }], DateTime.UtcNow, backlog, CancellationToken.None);

    /// <summary>Rows in the counts' journal.</summary>
    private static async Task<int> JournalAsync(TestConsole app)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await db.Set<ResolveCountEntry>().CountAsync();
    }

    /// <summary>A module whose handler fails the first batch (the writer would take it again).</summary>
    private sealed class FailOnce : IEventBatchHandler
    {
        private int calls;

        public Task WrittenAsync(EventBatch batch, CancellationToken ct) =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("first batch refused") : Task.CompletedTask;
    }

    private static async Task<(Guid Account, LinkEntry Link)> LinkAsync(TestConsole app, int max)
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var account = owner.AccountId!.Value;
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(account);
        var code = (await app.Services.CreateTaskAsync(owner, ShortLinkData.GroupForm(tplId, max))).Value.Codes[0];
        return (account, await LinkEntryAsync(app, account, code));
    }

    private static async Task<LinkEntry> LinkEntryAsync(TestConsole app, Guid account, string code)
    {
        var snapshot = app.Services.GetRequiredService<LinkSnapshot>();
        snapshot.Invalidate();
        var entry = await snapshot.FindAsync(ShortLinkOptions.DefaultDomainKey, code, CancellationToken.None);
        Assert.NotNull(entry);
        Assert.Equal(account, entry.AccountId);
        return entry;
    }

    private static async Task<(int Resolved, DateTime? FirstResolvedAt)> StoredAsync(TestConsole app, Guid account, LinkEntry link)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        var row = await db.ShortLinks.AsNoTracking().SingleAsync(k => k.Id == link.LinkId);
        return (row.Resolved, row.FirstResolvedAt);
    }
}
