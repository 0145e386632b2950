using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Events;

/// <summary>
/// The one reader of <see cref="EventChannel"/>: takes what is waiting (up to <see cref="EventOptions.BatchSize"/>)
/// and appends it in one transaction. A stop closes the channel to new events and ends only once every accepted
/// event is written (the web server has stopped taking requests before hosted services stop).
/// </summary>
public sealed partial class EventWriter(EventChannel channel, EventStore store, IOptions<EventOptions> options, TimeProvider clock, ILogger<EventWriter> logger)
    : IHostedService
{
    private const int Attempts = 5;
    private long written;
    private long duplicates;
    private long refused;
    private long batches;
    private long busyTicks;
    private Task loop = Task.CompletedTask;

    /// <summary>Events written since start.</summary>
    public long Written => Interlocked.Read(ref written);

    /// <summary>Pushed events ignored because their id was already stored.</summary>
    public long Duplicates => Interlocked.Read(ref duplicates);

    /// <summary>Events the database refused (logged one by one).</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>Every event the writer has finished with, one way or another.</summary>
    public long Handled => Written + Duplicates + Refused;

    /// <summary>Batches taken from the channel since start.</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Time spent writing batches since start: next to the wall time, how close the one writer is to being the bottleneck.</summary>
    public TimeSpan Busy => TimeSpan.FromTicks(Interlocked.Read(ref busyTicks));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not a BackgroundService: its loop would never start if a stop came first (Task.Run on a cancelled token),
        // leaving what the channel holds unwritten. This loop has no token: it ends when the closed channel is empty.
        loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Closes the channel to new events and waits until every accepted one is written (or the host gives up waiting).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        channel.Complete();
        await loop.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var size = Math.Max(1, options.Value.BatchSize);
        var batch = new List<EventRecord>(size);
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < size && reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            var started = clock.GetTimestamp();
            await WriteAsync(batch, backlog: reader.Count > 0);
            Interlocked.Add(ref busyTicks, clock.GetElapsedTime(started).Ticks);
            Interlocked.Increment(ref batches);
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<EventRecord> batch, bool backlog)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await store.AppendAsync(batch, clock.GetUtcNow().UtcDateTime, backlog, CancellationToken.None);
                foreach (var (e, reason) in outcome.Refused)
                {
                    LogRefused(e.AccountId, e.Kind, e.ExternalId, reason);
                }

                Interlocked.Add(ref written, outcome.Written);
                Interlocked.Add(ref duplicates, outcome.Duplicates);
                Interlocked.Add(ref refused, outcome.Refused.Count);
                return;
            }
            catch (Exception ex) when (attempt < Attempts)
            {
                // A busy or failing database: wait and take the same batch again (pushed ids make the retry idempotent).
                LogRetry(ex, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), clock, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogBatchFailed(ex, batch.Count);
                await WriteOneByOneAsync(batch);
                return;
            }
        }
    }

    /// <summary>The batch keeps failing as a whole: each event alone, so one that cannot be stored is named and the rest are kept.</summary>
    private async Task WriteOneByOneAsync(List<EventRecord> batch)
    {
        foreach (var e in batch)
        {
            try
            {
                var outcome = await store.AppendAsync([e], clock.GetUtcNow().UtcDateTime, CancellationToken.None);
                Interlocked.Add(ref written, outcome.Written);
                Interlocked.Add(ref duplicates, outcome.Duplicates);
                Interlocked.Add(ref refused, outcome.Refused.Count);
                foreach (var (bad, reason) in outcome.Refused)
                {
                    LogRefused(bad.AccountId, bad.Kind, bad.ExternalId, reason);
                }
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref refused);
                LogRefused(e.AccountId, e.Kind, e.ExternalId, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Event refused by the store: account {AccountId}, kind {Kind}, event id {ExternalId}: {Reason}")]
    private partial void LogRefused(Guid accountId, EventKind kind, string? externalId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing a batch of {Count} events failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception ex, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} events failed at every attempt; writing its events one by one")]
    private partial void LogBatchFailed(Exception ex, int count);
}
