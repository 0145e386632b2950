using System.Collections.Concurrent;
using System.Globalization;
using KooMessage.Console.Features.Events;
using Microsoft.Data.Sqlite;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>
/// The resolve host's counts, kept in memory: a visit counts with one compare-and-swap against the link's maximum (exact
/// under any concurrency within the console's process). The counts that moved are written by the event store's one
/// writer, in the transaction of the batch that stores the visits' <c>resolve</c> events (an <see cref="IEventBatchHandler"/>):
/// one writer, no second one waiting on SQLite's lock, and a stored count never behind the stored resolves.
/// </summary>
/// <remarks>
/// A counter starts from the count its link had in the database when the resolve host loaded the link. A visit moves
/// its counter before its event enters the channel, so the batch that stores the event writes the count too; a graceful
/// stop drains the channel, so every count is written. A counter the writer has stored and nobody has touched for
/// <see cref="IdleAfter"/> is let go (memory holds the links in use, not every link ever visited); by then no snapshot
/// entry older than its last write is left (<see cref="LinkSnapshot.Lifetime"/>), so the next visit starts again from
/// the stored count. A crash loses what the channel held, counts and events alike: a group link may then give that
/// moment's resolves beyond its maximum, an individual link a second resolve. The counts are exact within one console
/// process (the embedded SQLite file has one).
/// </remarks>
public sealed class ResolveCounters(TimeProvider clock) : IEventBatchHandler
{
    /// <summary>How long a stored counter stays in memory without a visit.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    /// <summary>How often the writer looks for idle counters.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private const string Update =
        """UPDATE "ShortLinks" SET "Resolved" = MAX("Resolved", $resolved), "FirstResolvedAt" = COALESCE("FirstResolvedAt", $first) WHERE "Id" = $id""";

    private readonly ConcurrentDictionary<Guid, Counter> counters = new();
    private readonly ConcurrentQueue<(Guid Id, Counter Counter)> moved = new();

    /// <summary>Taken from <see cref="moved"/> but not yet committed (only the writer's one thread touches it).</summary>
    private readonly Dictionary<Guid, Counter> pending = [];

    private long lastSweep;

    /// <summary>Links with a counter in memory.</summary>
    public int Held => counters.Count;

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

    /// <summary>Writes the counts that moved, in the batch's transaction; marks them stored once it commits.</summary>
    public async Task WrittenAsync(EventBatch batch, CancellationToken ct)
    {
        while (moved.TryDequeue(out var item))
        {
            item.Counter.ClearMoved();
            pending[item.Id] = item.Counter;
        }

        if (pending.Count > 0)
        {
            var values = await StoreAsync(batch, ct);
            batch.AfterCommit(() =>
            {
                foreach (var (id, counter, value) in values)
                {
                    counter.Stored = Math.Max(counter.Stored, value);
                    pending.Remove(id);
                }
            });
        }

        var now = clock.GetTimestamp();
        if (clock.GetElapsedTime(lastSweep, now) >= SweepEvery)
        {
            lastSweep = now;
            foreach (var (id, counter) in counters)
            {
                if (!pending.ContainsKey(id) && clock.GetElapsedTime(counter.LastTouched, now) >= IdleAfter && counter.TryRetire())
                {
                    counters.TryRemove(new KeyValuePair<Guid, Counter>(id, counter));
                }
            }
        }
    }

    private async Task<List<(Guid Id, Counter Counter, long Value)>> StoreAsync(EventBatch batch, CancellationToken ct)
    {
        await using var command = batch.Connection.CreateCommand();
        command.Transaction = batch.Transaction;
        command.CommandText = Update;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var resolved = command.Parameters.Add("$resolved", SqliteType.Integer);
        var first = command.Parameters.Add("$first", SqliteType.Text);
        command.Prepare();
        var values = new List<(Guid Id, Counter Counter, long Value)>(pending.Count);
        foreach (var (linkId, counter) in pending)
        {
            var value = counter.Current;
            var firstAt = counter.FirstAt;

            // The text forms EF Core's SQLite provider writes.
            id.Value = linkId.ToString().ToUpperInvariant();
            resolved.Value = value;
            first.Value = firstAt == 0 ? DBNull.Value : new DateTime(firstAt, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            await command.ExecuteNonQueryAsync(ct);
            values.Add((linkId, counter, value));
        }

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
