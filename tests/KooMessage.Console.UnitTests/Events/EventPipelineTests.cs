using System.Threading.Channels;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Events;

/// <summary>The channel and the one batched writer on a real SQLite store.</summary>
public sealed class EventPipelineTests
{
    private static readonly DateTime At = new(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Writer_ManyEvents_WritesEveryOneWithItsFields()
    {
        await using var app = await TestConsole.StartAsync(s => s.Configure<EventOptions>(o => o.BatchSize = 300));
        var account = await AccountAsync(app);
        var sink = app.Services.GetRequiredService<IEventSink>();
        var writer = app.Services.GetRequiredService<EventWriter>();
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 1000; i++)
        {
            await sink.WriteAsync(new EventRecord(account, EventKind.Visit, At.AddSeconds(i))
            {
                LinkCode = "PDiWqc", Vendor = "HUAWEI", Agent = "phone", IsBot = i % 10 == 0, NumberHash = new string('a', 64),
            }, CancellationToken.None);
        }

        await WaitAsync(() => writer.Handled == 1000);
        await writer.StopAsync(CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        Assert.Equal(1000, await db.Events.CountAsync(e => e.Kind == EventKind.Visit && e.LinkCode == "PDiWqc"));
        Assert.Equal(100, await db.Events.CountAsync(e => e.IsBot));
        var last = await db.Events.OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal(At.AddSeconds(999), last.OccurredAt);
        Assert.Equal(("HUAWEI", "phone", account), (last.Vendor, last.Agent, last.AccountId));
        Assert.Equal(1000, writer.Written);
    }

    [Fact]
    public async Task Writer_EveryFieldAnyText_ReadBackAsGiven_AbsentValuesNull()
    {
        await using var app = await TestConsole.StartAsync();
        var account = await AccountAsync(app);
        var sink = app.Services.GetRequiredService<IEventSink>();
        var writer = app.Services.GetRequiredService<EventWriter>();

        // The batch travels to SQLite as one JSON text: quotes, backslashes, CJK, emoji and control characters come back unchanged.
        const string odd = "菜单\"引号\\反斜杠\t😀\u0001";
        var full = new EventRecord(account, EventKind.MenuClick, At.AddTicks(1234567))
        {
            ExternalId = "evt-" + odd, TemplateId = "t" + odd, LinkCode = "l" + odd, ServiceNumber = "s" + odd, MenuItem = "m" + odd, Vendor = "HUAWEI",
            MenuAction = "OPEN_URL", Billed = false, NumberHash = new string('f', 64), VisitorId = "v" + odd, Agent = "a" + odd, IsBot = true,
        };
        Assert.True(sink.TryWrite(full));
        Assert.True(sink.TryWrite(new EventRecord(account, EventKind.Visit, At) { Billed = true }));
        Assert.True(sink.TryWrite(new EventRecord(account, EventKind.Visit, At.AddSeconds(1))));
        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        var rows = await db.Events.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(3, rows.Count);
        var e = rows[0];
        Assert.Equal(
            (EventKind.MenuClick, full.OccurredAt, full.ExternalId, full.TemplateId, full.LinkCode, full.ServiceNumber, full.MenuItem, full.Vendor, full.MenuAction, full.Billed,
                full.NumberHash, full.VisitorId, full.Agent, true),
            (e.Kind, e.OccurredAt, e.ExternalId, e.TemplateId, e.LinkCode, e.ServiceNumber, e.MenuItem, e.Vendor, e.MenuAction, e.Billed, e.NumberHash, e.VisitorId, e.Agent,
                e.IsBot));
        Assert.Equal((true, false), (rows[1].Billed, rows[1].IsBot));
        Assert.Equal(
            [null, null, null, null, null, null, null, null, null, null, null],
            new object?[] { rows[2].ExternalId, rows[2].TemplateId, rows[2].LinkCode, rows[2].ServiceNumber, rows[2].MenuItem, rows[2].Vendor, rows[2].MenuAction, rows[2].Billed,
                rows[2].NumberHash, rows[2].VisitorId, rows[2].Agent });
    }

    [Fact]
    public async Task Writer_SameEventIdTwice_StoredOncePerAccount()
    {
        await using var app = await TestConsole.StartAsync();
        var (first, second) = (await AccountAsync(app, "星河科技有限公司", "owner"), await AccountAsync(app, "云帆科技有限公司", "other", admin: false));
        var sink = app.Services.GetRequiredService<IEventSink>();
        var writer = app.Services.GetRequiredService<EventWriter>();

        // Twice in one batch, once more in a later batch, and the same id in another account (its own event).
        Assert.True(sink.TryWrite(Click(first, "evt-1")));
        Assert.True(sink.TryWrite(Click(first, "evt-1")));
        Assert.True(sink.TryWrite(Click(second, "evt-1")));
        await writer.StartAsync(CancellationToken.None);
        await WaitAsync(() => writer.Handled == 3);
        await sink.WriteAsync(Click(first, "evt-1"), CancellationToken.None);
        await sink.WriteAsync(Click(first, "evt-2"), CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.Equal(1, await db.Events.CountAsync(e => e.AccountId == first && e.ExternalId == "evt-1"));
        Assert.Equal(1, await db.Events.CountAsync(e => e.AccountId == second && e.ExternalId == "evt-1"));
        Assert.Equal(3, await db.Events.CountAsync());
        Assert.Equal(2, writer.Duplicates);
    }

    [Fact]
    public async Task Writer_OneEventTheDatabaseRefuses_TheRestOfTheBatchWritten()
    {
        await using var app = await TestConsole.StartAsync();
        var account = await AccountAsync(app);
        var sink = app.Services.GetRequiredService<IEventSink>();
        var writer = app.Services.GetRequiredService<EventWriter>();

        // An account that does not exist passes the event's own checks but breaks the store's foreign key.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(sink.TryWrite(Click(i == 4 ? Guid.CreateVersion7() : account, $"evt-{i}")));
        }

        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        Assert.Equal(9, await db.Events.CountAsync());
        Assert.False(await db.Events.AnyAsync(e => e.ExternalId == "evt-4"));
        Assert.Equal((9, 1), (writer.Written, writer.Refused));
    }

    // Metering takes each event's row id from the batch (its usage rows name it): the ids must be the written events' own,
    // in both paths and with repeated pushed ids left out of the batch.
    [Fact]
    public async Task Handlers_AreGivenEachWrittenEventsOwnId_InOneStatementAndRowByRow()
    {
        var seen = new BatchIds();
        await using var app = await TestConsole.StartAsync(s =>
        {
            s.Configure<EventOptions>(o => o.BatchSize = 5);
            s.AddSingleton<IEventBatchHandler>(seen);
        });
        var account = await AccountAsync(app);
        var sink = app.Services.GetRequiredService<IEventSink>();
        var writer = app.Services.GetRequiredService<EventWriter>();
        EventRecord Visit(string code, Guid? of = null) => new(of ?? account, EventKind.Visit, At) { LinkCode = code };

        // One statement; then row by row (an account that does not exist), with a repeated pushed id; then one statement
        // with a repeated id and an id twice in the batch.
        EventRecord[] events =
        [
            Visit("c0"), Click(account, "evt-a"), Visit("c2"), Click(account, "evt-b"), Visit("c4"),
            Click(account, "evt-a"), Visit("c6"), Visit("c7", Guid.CreateVersion7()), Visit("c8"), Click(account, "evt-d"),
            Click(account, "evt-b"), Visit("c11"), Click(account, "evt-c"), Click(account, "evt-c"), Visit("c14"),
        ];
        foreach (var e in events)
        {
            Assert.True(sink.TryWrite(e));
        }

        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        var stored = await db.Events.ToDictionaryAsync(e => e.Id, e => e.ExternalId ?? e.LinkCode);
        Assert.Equal(["c0", "evt-a", "c2", "evt-b", "c4", "c6", "c8", "evt-d", "c11", "evt-c", "c14"], seen.Keys);
        Assert.Equal(seen.Keys, seen.Ids.Select(id => stored[id]));
        Assert.Equal((11, 1), (writer.Written, writer.Refused));
    }

    [Fact]
    public async Task Writer_ManyOwnEventsWithOneTheDatabaseRefuses_TheBatchIsWrittenRowByRow_TheRestKept()
    {
        await using var app = await TestConsole.StartAsync();
        var account = await AccountAsync(app);
        var sink = app.Services.GetRequiredService<IEventSink>();
        var writer = app.Services.GetRequiredService<EventWriter>();

        // The console's own visits (no event id), one of an account that does not exist: the batch's one statement is refused.
        const int count = 197;
        for (var i = 0; i < count; i++)
        {
            Assert.True(sink.TryWrite(new EventRecord(i == 70 ? Guid.CreateVersion7() : account, EventKind.Visit, At.AddSeconds(i)) { LinkCode = $"c{i}" }));
        }

        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        Assert.Equal(count - 1, await db.Events.CountAsync());
        Assert.False(await db.Events.AnyAsync(e => e.LinkCode == "c70"));
        Assert.Equal(count - 1, await db.Events.Select(e => e.LinkCode).Distinct().CountAsync());
        Assert.Equal((count - 1, 1), (writer.Written, writer.Refused));

        // Written row by row, the kind and the flags are still integers, as the one-statement path stores them.
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "Events" WHERE typeof("Kind") = 'integer' AND typeof("IsBot") = 'integer' AND "Billed" IS NULL""";
        Assert.Equal((long)(count - 1), await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task TryWrite_MalformedEvent_RefusedBeforeTheChannel()
    {
        await using var app = await TestConsole.StartAsync();
        var sink = app.Services.GetRequiredService<IEventSink>();
        var channel = app.Services.GetRequiredService<EventChannel>();

        Assert.Throws<ArgumentException>(() => sink.TryWrite(Click(Guid.CreateVersion7(), new string('x', PlatformEvent.ExternalIdMax + 1))));
        Assert.Throws<ArgumentException>(() => sink.TryWrite(Click(Guid.Empty, "evt-1")));
        Assert.Throws<ArgumentException>(() => sink.TryWrite(new EventRecord(Guid.CreateVersion7(), EventKind.Click, DateTime.Now)));
        Assert.True(sink.TryWrite(Click(Guid.CreateVersion7(), new string('x', PlatformEvent.ExternalIdMax))));
        Assert.Equal(1, channel.Accepted);
    }

    [Fact]
    public async Task StopAsync_EventsAccepted_EveryOneWrittenBeforeTheStopEnds()
    {
        const int n = 5000;
        await using var app = await TestConsole.StartAsync(s => s.Configure<EventOptions>(o => o.ChannelCapacity = n));
        var account = await AccountAsync(app);
        var sink = app.Services.GetRequiredService<IEventSink>();
        var writer = app.Services.GetRequiredService<EventWriter>();
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < n; i++)
        {
            Assert.True(sink.TryWrite(new EventRecord(account, EventKind.Visit, At) { LinkCode = "flush" }));
        }

        await writer.StopAsync(CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        Assert.Equal(n, await db.Events.CountAsync(e => e.LinkCode == "flush"));

        // Stopped: nothing more is accepted (so nothing accepted can be left unwritten).
        Assert.False(sink.TryWrite(new EventRecord(account, EventKind.Visit, At)));
        await Assert.ThrowsAsync<ChannelClosedException>(() => sink.WriteAsync(new EventRecord(account, EventKind.Visit, At), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task WriteAsync_ChannelFull_WaitsUntilTheWriterTakesEvents()
    {
        await using var app = await TestConsole.StartAsync(s => s.Configure<EventOptions>(o => o.ChannelCapacity = 4));
        var account = await AccountAsync(app);
        var sink = app.Services.GetRequiredService<IEventSink>();
        var writer = app.Services.GetRequiredService<EventWriter>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(sink.TryWrite(Click(account, $"evt-{i}")));
        }

        Assert.False(sink.TryWrite(Click(account, "evt-dropped")));
        var waiting = sink.WriteAsync(Click(account, "evt-4"), CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        await writer.StartAsync(CancellationToken.None);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        await writer.StopAsync(CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        Assert.Equal(["evt-0", "evt-1", "evt-2", "evt-3", "evt-4"], await db.Events.OrderBy(e => e.Id).Select(e => e.ExternalId!).ToListAsync());
    }

    [Fact]
    public async Task EventStore_Indexes_RollUpByAccountKindAndTime()
    {
        await using var app = await TestConsole.StartAsync();
        var account = await AccountAsync(app);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        var plan = await db.PlanAsync("SELECT COUNT(*) FROM Events WHERE AccountId = 'X' AND Kind = 6 AND OccurredAt >= '2026-11-01' AND OccurredAt < '2026-12-01'");

        Assert.Contains(plan, p => p.Contains("IX_Events_AccountId_Kind_OccurredAt", StringComparison.Ordinal));
    }

    /// <summary>What the batches told their handlers: each written event's key (event id or link code) and its row id.</summary>
    private sealed class BatchIds : IEventBatchHandler
    {
        public List<string?> Keys { get; } = [];

        public List<long> Ids { get; } = [];

        public Task WrittenAsync(EventBatch batch, CancellationToken ct)
        {
            batch.AfterCommit(() =>
            {
                Keys.AddRange(batch.Written.Select(e => e.ExternalId ?? e.LinkCode));
                Ids.AddRange(batch.Ids);
            });
            return Task.CompletedTask;
        }
    }

    private static EventRecord Click(Guid account, string id) => new(account, EventKind.Click, At) { ExternalId = id, TemplateId = "200000001" };

    private static async Task<Guid> AccountAsync(TestConsole app, string name = "星河科技有限公司", string owner = "owner", bool admin = true)
    {
        var administrator = admin ? await app.Services.CreateAdministratorAsync() : await TestData.UserAsync(app.Services, "admin");
        var user = await app.Services.CreateAccountAsync(administrator, name, owner);
        return user.AccountId!.Value;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
