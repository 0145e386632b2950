using System.Collections.Concurrent;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>
/// The resolve host's counts, kept in memory: a visit counts with one compare-and-swap against the link's maximum (exact
/// under any concurrency within the console's process). The counts that moved are stored by the event store's one
/// writer, in the transaction of the batch that stores the visits' <c>resolve</c> events (an <see cref="IEventBatchHandler"/>):
/// one writer, no second one waiting on SQLite's lock, and a stored count never behind the stored resolves.
/// </summary>
/// <remarks>
/// <para>
/// How a count is stored depends on the writer's load. When the channel is empty after a batch (the usual case), the
/// batch writes the counts that moved to their links. While events keep waiting, a batch appends them to a journal
/// instead (<see cref="JournalTable"/>: rows added at the end of one table, where each link's row would be a page of
/// its own), and every <see cref="FoldEvery"/> a batch writes the latest count of every link journaled since to the
/// links and empties the journal. Under load a link's row is therefore up to <see cref="FoldEvery"/> behind its
/// counter, which is what the resolve host counts against; a crash leaves the journal to <see cref="StartAsync"/>,
/// which folds it into the links before the snapshot loads a link.
/// </para>
/// <para>
/// A counter starts from the count its link had in the database when the resolve host loaded the link. A visit moves
/// its counter before its event enters the channel, so the batch that stores the event stores the count too; a graceful
/// stop drains the channel (its last batch finds the channel empty and writes the links), so every count is written. A
/// counter whose count its link holds and nobody has touched for <see cref="IdleAfter"/> is let go (memory holds the
/// links in use, not every link ever visited); by then no snapshot entry older than its last write is left
/// (<see cref="LinkSnapshot.Lifetime"/>), so the next visit starts again from the stored count. A crash loses what the
/// channel held, counts and events alike: a group link may then give that moment's resolves beyond its maximum, an
/// individual link a second resolve. The counts are exact within one console process (the embedded SQLite file has one).
/// </para>
/// </remarks>
public sealed class ResolveCounters(TenantDb dbs, TimeProvider clock) : IEventBatchHandler, IHostedService
{
    public const string JournalTable = "ResolveCountJournal";

    /// <summary>How long a stored counter stays in memory without a visit.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    /// <summary>How often the writer looks for idle counters.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    /// <summary>How long, at most, journaled counts wait to be written to their links while the writer has a backlog.</summary>
    public static readonly TimeSpan FoldEvery = TimeSpan.FromSeconds(5);

    /// <summary>Counts written to their links in one statement: the rows (link id, count, first resolve or null) come as one JSON parameter.</summary>
    private const string Update =
        """
        UPDATE "ShortLinks" SET "Resolved" = MAX("Resolved", c.value ->> 1), "FirstResolvedAt" = COALESCE("FirstResolvedAt", c.value ->> 2)
        FROM json_each($counts) AS c WHERE "ShortLinks"."Id" = c.value ->> 0
        """;

    /// <summary>Counts appended to the journal, the rows as for <see cref="Update"/>.</summary>
    private const string Journal =
        $"""
        INSERT INTO "{JournalTable}" ("LinkId", "Resolved", "FirstResolvedAt") SELECT c.value ->> 0, c.value ->> 1, c.value ->> 2 FROM json_each($counts) AS c
        """;

    private const string Clear = $"""DELETE FROM "{JournalTable}" """;

    /// <summary>What a crash left in the journal, written to the links (a count only grows, so the highest is the link's).</summary>
    private const string Recover =
        $"""
        UPDATE "ShortLinks" SET "Resolved" = MAX("ShortLinks"."Resolved", j."Resolved"), "FirstResolvedAt" = COALESCE("ShortLinks"."FirstResolvedAt", j."First")
        FROM (SELECT "LinkId", MAX("Resolved") AS "Resolved", MIN("FirstResolvedAt") AS "First" FROM "{JournalTable}" GROUP BY "LinkId") AS j
        WHERE "ShortLinks"."Id" = j."LinkId"
        """;

    private readonly ConcurrentDictionary<Guid, Counter> counters = new();
    private readonly ConcurrentQueue<(Guid Id, Counter Counter)> moved = new();

    /// <summary>Taken from <see cref="moved"/> but not yet committed anywhere (only the writer's one thread touches it).</summary>
    private readonly Dictionary<Guid, Counter> pending = [];

    /// <summary>Committed to the journal, not yet to their links (the writer's thread only).</summary>
    private readonly Dictionary<Guid, Counter> journaled = [];

    private long lastSweep;
    private long lastFold;

    /// <summary>Whether what a stop left in the journal is folded (by <see cref="StartAsync"/>, else by the writer's first fold).</summary>
    private volatile bool recovered;

    /// <summary>Links with a counter in memory.</summary>
    public int Held => counters.Count;

    /// <summary>Links whose counts wait in the journal.</summary>
    public int Journaled => journaled.Count;

    /// <summary>Folds what a crash left in the journal into the links, before the snapshot (started after this) loads any.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.ForSystemAsync("resolve counts: fold the journal a stop left", cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(Recover, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(Clear, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        recovered = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Counts one resolve of <paramref name="link"/> at <paramref name="now"/> unless its maximum is reached.</summary>
    public bool TryCount(LinkEntry link, DateTime now)
    {
        while (true)
        {
            var counter = counters.GetOrAdd(link.LinkId, static (_, l) => new Counter(l.ResolvedAtLoad, l.MaxResolves), link);
            switch (counter.TryTake(now, clock.GetTimestamp()))
            {
                case Take.Counted:
                    if (counter.MarkMoved())
                    {
                        moved.Enqueue((link.LinkId, counter));
                    }

                    return true;
                case Take.UsedUp:
                    return false;
                default:
                    // Let go by the writer a moment ago: start a fresh counter from the stored count.
                    counters.TryRemove(new KeyValuePair<Guid, Counter>(link.LinkId, counter));
                    break;
            }
        }
    }

    /// <summary>Whether <paramref name="link"/> has no resolve left.</summary>
    public bool IsUsedUp(LinkEntry link) =>
        counters.TryGetValue(link.LinkId, out var counter) && counter.Current is var n and >= 0 ? n >= counter.Max : link.ResolvedAtLoad >= link.MaxResolves;

    /// <summary>Stores the counts that moved, in the batch's transaction (to their links or to the journal); marks them once it commits.</summary>
    public async Task WrittenAsync(EventBatch batch, CancellationToken ct)
    {
        while (moved.TryDequeue(out var item))
        {
            item.Counter.ClearMoved();
            pending[item.Id] = item.Counter;
        }

        var now = clock.GetTimestamp();
        if (!batch.Backlog || clock.GetElapsedTime(lastFold, now) >= FoldEvery)
        {
            await FoldAsync(batch, now, ct);
        }
        else if (pending.Count > 0)
        {
            var values = await WriteAsync(batch, Journal, pending, ct);
            batch.AfterCommit(() =>
            {
                foreach (var (id, counter, _) in values)
                {
                    journaled[id] = counter;
                    pending.Remove(id);
                }
            });
        }

        if (clock.GetElapsedTime(lastSweep, now) >= SweepEvery)
        {
            lastSweep = now;
            foreach (var (id, counter) in counters)
            {
                if (!pending.ContainsKey(id) && !journaled.ContainsKey(id) && clock.GetElapsedTime(counter.LastTouched, now) >= IdleAfter && counter.TryRetire())
                {
                    counters.TryRemove(new KeyValuePair<Guid, Counter>(id, counter));
                }
            }
        }
    }

    /// <summary>
    /// Writes the latest count of every link pending or journaled to the links, and empties the journal; the first fold
    /// of a process that did not start as a host (no <see cref="StartAsync"/>) also folds the rows a stop left.
    /// </summary>
    private async Task FoldAsync(EventBatch batch, long now, CancellationToken ct)
    {
        var recovering = !recovered;
        if (pending.Count == 0 && journaled.Count == 0 && !recovering)
        {
            lastFold = now;
            return;
        }

        if (recovering)
        {
            await ExecuteAsync(batch, Recover, ct);
        }

        var links = new Dictionary<Guid, Counter>(journaled);
        foreach (var (id, counter) in pending)
        {
            links[id] = counter;
        }

        var values = links.Count > 0 ? await WriteAsync(batch, Update, links, ct) : [];
        if (recovering || journaled.Count > 0)
        {
            await ExecuteAsync(batch, Clear, ct);
        }

        batch.AfterCommit(() =>
        {
            foreach (var (id, counter, value) in values)
            {
                counter.Stored = Math.Max(counter.Stored, value);
                pending.Remove(id);
                journaled.Remove(id);
            }

            lastFold = now;
            recovered = true;
        });
    }

    private static async Task ExecuteAsync(EventBatch batch, string sql, CancellationToken ct)
    {
        await using var command = batch.Command(sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs <paramref name="sql"/> with the current count of each of <paramref name="links"/> as its JSON rows; says which values it wrote.</summary>
    private static async Task<List<(Guid Id, Counter Counter, long Value)>> WriteAsync(EventBatch batch, string sql, Dictionary<Guid, Counter> links, CancellationToken ct)
    {
        var values = links.Select(l => (Id: l.Key, Counter: l.Value, Value: l.Value.Current)).ToList();
        var rows = values.Select(v => v.Counter.FirstAt is var first and not 0
            ? new object?[] { v.Id, v.Value, new DateTime(first, DateTimeKind.Utc) }
            : [v.Id, v.Value, null]);
        await using var command = batch.Command(sql);
        command.Parameters.Add("$counts", SqliteType.Text).Value = JsonRows.Of(rows, values.Count * 80);
        await command.ExecuteNonQueryAsync(ct);
        return values;
    }

    private enum Take
    {
        Counted,
        UsedUp,
        Retired,
    }

    /// <summary>One link's count; <see cref="RetiredMark"/> once the writer has let it go.</summary>
    private sealed class Counter(long resolved, long max)
    {
        private const long RetiredMark = -1;
        private long value = resolved;
        private long firstAt;
        private long lastTouched;
        private int waiting;

        public long Max { get; } = max;

        /// <summary>The count the database holds (as far as this counter knows); the writer's thread only.</summary>
        public long Stored { get; set; } = resolved;

        public long Current => Volatile.Read(ref value);

        /// <summary>Ticks (UTC) of the first resolve this counter counted from zero, or 0.</summary>
        public long FirstAt => Volatile.Read(ref firstAt);

        public long LastTouched => Volatile.Read(ref lastTouched);

        public Take TryTake(DateTime now, long timestamp)
        {
            Volatile.Write(ref lastTouched, timestamp);
            while (true)
            {
                var n = Volatile.Read(ref value);
                if (n == RetiredMark)
                {
                    return Take.Retired;
                }

                if (n >= Max)
                {
                    return Take.UsedUp;
                }

                if (Interlocked.CompareExchange(ref value, n + 1, n) == n)
                {
                    if (n == 0)
                    {
                        Interlocked.CompareExchange(ref firstAt, now.Ticks, 0);
                    }

                    return Take.Counted;
                }
            }
        }

        /// <summary>True when the counter was not yet waiting for the writer (it is queued once however often it moves).</summary>
        public bool MarkMoved() => Interlocked.Exchange(ref waiting, 1) == 0;

        public void ClearMoved() => Volatile.Write(ref waiting, 0);

        /// <summary>Marks the counter let go, only when everything it counted is stored (a visit racing in keeps it).</summary>
        public bool TryRetire()
        {
            var n = Volatile.Read(ref value);
            return n == Stored && Volatile.Read(ref waiting) == 0 && Interlocked.CompareExchange(ref value, RetiredMark, n) == n;
        }
    }
}
