using System.Collections.Concurrent;
using System.Globalization;
using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>
/// The resolve host's counts, kept in memory and written back: a visit counts with one compare-and-swap against the
/// link's maximum (exact under any concurrency within the console's process), and a writer stores the counts that
/// moved once a second in one transaction and once more when the console stops, after the last request was answered.
/// </summary>
/// <remarks>
/// A counter starts from the count its link had in the database when the resolve host loaded the link. One the writer
/// has stored and nobody has touched for <see cref="IdleAfter"/> is let go, so memory holds the links in use, not every
/// link ever visited; by then no snapshot entry older than its last write is left (they live a minute), so the next
/// visit starts again from the stored count. A crash loses at most the last second's counts (and its visits, which wait
/// in the event channel just as long): a group link may then give up to a second's worth of resolves more than its
/// maximum, an individual link a second resolve. The database is one process's (embedded SQLite): a second console
/// process on the same file would count apart.
/// </remarks>
public sealed partial class ResolveCounters(TenantDb dbs, TimeProvider clock, ILogger<ResolveCounters> log) : IHostedService, IAsyncDisposable
{
    /// <summary>How often counts that moved are written back.</summary>
    public static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(1);

    /// <summary>How long a stored counter stays in memory without a visit.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    private const string Update =
        """UPDATE "ShortLinks" SET "Resolved" = MAX("Resolved", $resolved), "FirstResolvedAt" = COALESCE("FirstResolvedAt", $first) WHERE "Id" = $id""";

    private readonly ConcurrentDictionary<Guid, Counter> counters = new();
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private Task loop = Task.CompletedTask;
    private readonly Lock gate = new();
    private Task? shutDown;

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

    /// <summary>Writes every count that moved since the last write (one transaction), then lets idle counters go.</summary>
    public async Task WriteAsync(CancellationToken ct)
    {
        await writing.WaitAsync(ct);
        try
        {
            var moved = counters
                .Select(p => (Id: p.Key, Counter: p.Value, Value: p.Value.Current, First: p.Value.FirstAt))
                .Where(c => c.Value > c.Counter.Stored)
                .ToList();
            if (moved.Count > 0)
            {
                await StoreAsync(moved, ct);
                foreach (var (_, counter, value, _) in moved)
                {
                    counter.Stored = value;
                }
            }

            var now = clock.GetTimestamp();
            foreach (var (id, counter) in counters)
            {
                if (clock.GetElapsedTime(counter.LastTouched, now) >= IdleAfter && counter.TryRetire())
                {
                    counters.TryRemove(new KeyValuePair<Guid, Counter>(id, counter));
                }
            }
        }
        finally
        {
            writing.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the loop and writes what moved since its last turn (the web server has stopped answering by now).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => ShutDown().WaitAsync(cancellationToken);

    /// <summary>A host that disposes its services while or before it stops them (the test host does) still gets the last write.</summary>
    public async ValueTask DisposeAsync()
    {
        await ShutDown();
        stopping.Dispose();
        writing.Dispose();
    }

    /// <summary>One shutdown, whoever asks first; the others wait for it.</summary>
    private Task ShutDown()
    {
        lock (gate)
        {
            return shutDown ??= ShutDownOnceAsync();
        }
    }

    private async Task ShutDownOnceAsync()
    {
        await stopping.CancelAsync();
        await loop;
        await WriteAsync(CancellationToken.None);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(WriteEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                try
                {
                    await WriteAsync(stopping.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A busy database: the counts stay in memory and go with the next turn.
                    LogWriteFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: StopAsync writes the rest.
        }
    }

    private async Task StoreAsync(List<(Guid Id, Counter Counter, long Value, long First)> moved, CancellationToken ct)
    {
        // Counts of every account's links in one transaction: the resolve host's own bookkeeping, not any tenant's.
        await using var db = await dbs.ForSystemAsync("short-link resolve counts: write back", ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = Update;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var resolved = command.Parameters.Add("$resolved", SqliteType.Integer);
        var first = command.Parameters.Add("$first", SqliteType.Text);
        command.Prepare();
        foreach (var (linkId, _, value, firstAt) in moved)
        {
            // The text forms EF Core's SQLite provider writes.
            id.Value = linkId.ToString().ToUpperInvariant();
            resolved.Value = value;
            first.Value = firstAt == 0 ? DBNull.Value : new DateTime(firstAt, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            await command.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing short-link resolve counts failed; they are kept and written with the next turn")]
    private partial void LogWriteFailed(Exception ex);

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

        public long Max { get; } = max;

        /// <summary>The count the database holds (as far as this counter knows).</summary>
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

        /// <summary>Marks the counter let go, only when everything it counted is stored (a visit racing in keeps it).</summary>
        public bool TryRetire()
        {
            var n = Volatile.Read(ref value);
            return n == Stored && Interlocked.CompareExchange(ref value, RetiredMark, n) == n;
        }
    }
}
