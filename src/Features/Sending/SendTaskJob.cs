using System.Threading.Channels;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// The dispatcher: one run of a send task as a job, as a pipeline of three parts. The claimer takes the task's due rows
/// in batches, writing them Submitting before any request goes out, and claims the next batch while earlier ones are in
/// flight, as long as at most <see cref="SendingOptions.Window"/> batches are claimed and not yet recorded. A fixed
/// number of senders (<see cref="KannelOptions.Concurrency"/>) take the claimed rows one by one through
/// <see cref="ISmsGateway"/> at the task's rate (one token bucket for all of them). The recorder writes the answers as
/// they come, as many as are waiting in one transaction: accepted → Submitted (and a Send event), "retry later" →
/// Queued again after a backoff, refused → Failed with the reason. So no slow request holds back the rows behind it.
/// A run that starts finds rows a dead run left Submitting: their fate is unknown, so they become Unknown and are never
/// resent by the dispatcher. A pause or cancel stops the claiming; the rows already claimed are still sent and recorded.
/// A shutdown sends no further row: the claimed rows not yet handed to the gateway go back to Queued.
/// </summary>
public sealed class SendTaskJob(
    TenantDb dbs,
    ISmsGateway gateway,
    IEventSink events,
    IOptions<SendingOptions> options,
    IOptions<KannelOptions> kannel,
    TimeProvider clock) : IJobHandler
{
    public const string JobKind = "send-task";

    public sealed record Parameters(Guid TaskId);

    public string Kind => JobKind;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var taskId = context.ParametersAs<Parameters>().TaskId;
        var accountId = context.AccountId ?? throw new JobFailedException("Jobs.Error.Unexpected");
        int rate;
        int total;
        long done;
        await using (var db = await dbs.ForAccountAsync(accountId, "send a task", ct))
        {
            var task = await db.SendTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is not { State: SendTaskState.Sending } || task.JobId != context.JobId)
            {
                return new JobResult();
            }

            (rate, total) = (task.RatePerSecond, task.Total);
            await db.SendMessages.Where(m => m.TaskId == taskId && m.State == SendMessageState.Submitting)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Unknown), ct);
            done = await db.SendMessages.CountAsync(m => m.TaskId == taskId && m.State != SendMessageState.Queued, ct);
        }

        var o = options.Value;
        var batchSize = Math.Clamp(rate / 2, 1, Math.Max(1, o.BatchSize));
        using var pipeline = new Pipeline(batchSize * Math.Max(1, o.Window), done);
        var bucket = TokenBucket.ForRate(rate, clock);

        // A failing part (the database) ends the others: the claimer stops, the senders hand nothing more to the gateway.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var senders = Enumerable.Range(0, Math.Max(1, kannel.Value.Concurrency))
            .Select(_ => Task.Run(() => SendAsync(accountId, pipeline, bucket, failed.Token), CancellationToken.None))
            .ToList();
        var recorder = Task.Run(() => RecordLoopAsync(context, accountId, total, batchSize, pipeline, failed), CancellationToken.None);

        bool finished;
        try
        {
            finished = await ClaimLoopAsync(accountId, taskId, context.JobId, batchSize, pipeline, failed.Token);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            pipeline.Work.Writer.Complete();
            await Task.WhenAll(senders);
            pipeline.Answers.Writer.Complete();
            await recorder;
        }

        ct.ThrowIfCancellationRequested();
        if (!finished)
        {
            return new JobResult();
        }

        await FinishAsync(accountId, taskId);
        return new JobResult(Rows: total);
    }

    /// <summary>
    /// What the three parts share: claimed rows waiting for a sender, answers waiting for the recorder, how many rows
    /// are claimed and not yet recorded (at most <see cref="Limit"/>), and a signal each time the recorder has written.
    /// </summary>
    private sealed class Pipeline(int limit, long done) : IDisposable
    {
        private readonly SemaphoreSlim recorded = new(0);
        private long inFlight;
        private long done = done;

        public int Limit { get; } = limit;

        public Channel<Claimed> Work { get; } = Channel.CreateUnbounded<Claimed>(new UnboundedChannelOptions { SingleWriter = true });

        public Channel<(Claimed Message, SubmitOutcome? Outcome)> Answers { get; } =
            Channel.CreateUnbounded<(Claimed, SubmitOutcome?)>(new UnboundedChannelOptions { SingleReader = true });

        public long InFlight => Interlocked.Read(ref inFlight);

        public long Done => Interlocked.Read(ref done);

        public void Claimed(int rows) => Interlocked.Add(ref inFlight, rows);

        public void Skipped(int rows) => Interlocked.Add(ref done, rows);

        public void Recorded(int rows, int settled)
        {
            Interlocked.Add(ref inFlight, -rows);
            Interlocked.Add(ref done, settled);
            recorded.Release();
        }

        /// <summary>Waits until the recorder has written something since the last wait (or at once if it has).</summary>
        public Task WaitRecordedAsync(CancellationToken ct) => recorded.WaitAsync(ct);

        public void Dispose() => recorded.Dispose();
    }

    /// <summary>Claims batches while there is room in the window; true when the task has nothing left to send.</summary>
    private async Task<bool> ClaimLoopAsync(Guid accountId, Guid taskId, Guid jobId, int batchSize, Pipeline pipeline, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var room = pipeline.Limit - pipeline.InFlight;
            if (room < batchSize)
            {
                await WaitAsync(pipeline.WaitRecordedAsync(ct));
                continue;
            }

            var (batch, skipped, nextDue, state) = await ClaimAsync(accountId, taskId, jobId, batchSize, ct);
            pipeline.Skipped(skipped);
            if (state != SendTaskState.Sending)
            {
                return false;
            }

            if (batch.Count > 0)
            {
                pipeline.Claimed(batch.Count);
                foreach (var m in batch)
                {
                    pipeline.Work.Writer.TryWrite(m);
                }

                continue;
            }

            if (skipped > 0)
            {
                continue;
            }

            if (pipeline.InFlight > 0)
            {
                // Rows in flight may come back Queued ("retry later"): look again once something is recorded.
                await WaitAsync(pipeline.WaitRecordedAsync(ct));
                continue;
            }

            if (nextDue is not { } due)
            {
                return true;
            }

            var wait = due - Now;
            if (wait > TimeSpan.Zero)
            {
                await WaitAsync(Task.Delay(wait, clock, ct));
            }
        }

        return false;
    }

    /// <summary>Waits for <paramref name="task"/>; a stop ends the wait without an exception (the loop sees it).</summary>
    private static async Task WaitAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // The caller's loop checks the token next.
        }
    }

    /// <summary>One sender: takes claimed rows and submits each at the bucket's rate; after a stop, it passes them on unsent.</summary>
    private async Task SendAsync(Guid accountId, Pipeline pipeline, TokenBucket bucket, CancellationToken stop)
    {
        await foreach (var m in pipeline.Work.Reader.ReadAllAsync(CancellationToken.None))
        {
            SubmitOutcome? outcome = null;
            if (!stop.IsCancellationRequested)
            {
                try
                {
                    await bucket.TakeAsync(stop);

                    // Once its turn came a request is not abandoned: its answer must be recorded (the gateway's timeout bounds it).
                    outcome = await gateway.SubmitAsync(new OutgoingSms(accountId, m.Id, m.Mobile, m.Text), CancellationToken.None);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    outcome = null;
                }
            }

            pipeline.Answers.Writer.TryWrite((m, outcome));
        }
    }

    /// <summary>
    /// The recorder: writes the answers as they arrive, all those waiting (up to a batch) in one transaction, until every
    /// sender is done. Not cancelled by a stop, so nothing answered is left Submitting; if the database fails it stops the
    /// other parts and the rows it could not record stay Submitting (the next run makes them Unknown).
    /// </summary>
    private async Task RecordLoopAsync(JobContext context, Guid accountId, int total, int batchSize, Pipeline pipeline, CancellationTokenSource failed)
    {
        var rows = new List<(Claimed Message, SubmitOutcome? Outcome)>(batchSize);
        var reader = pipeline.Answers.Reader;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                while (rows.Count < batchSize && reader.TryRead(out var answer))
                {
                    rows.Add(answer);
                }

                var settled = await RecordAsync(accountId, rows);
                pipeline.Recorded(rows.Count, settled);
                rows.Clear();
                await context.ReportAsync(pipeline.Done, total, CancellationToken.None);
            }
        }
        catch (Exception)
        {
            await failed.CancelAsync();
            throw;
        }
    }

    private sealed record Claimed(Guid Id, string Mobile, string Text, int Attempts);

    /// <summary>
    /// Marks the due batch Submitting (opted-out numbers OptedOut, counted) and returns it; empty with the next retry's
    /// time when none is due. Rows are taken in the order of the task's index (due time, then insertion), so a claim
    /// reads only the rows it takes.
    /// </summary>
    /// <remarks>A run whose job is no longer the task's (a resume queued a newer one) stops as if paused.</remarks>
    private async Task<(List<Claimed> Batch, int Skipped, DateTime? NextDue, SendTaskState State)> ClaimAsync(Guid accountId, Guid taskId, Guid jobId, int size, CancellationToken ct)
    {
        var now = Now;
        await using var db = await dbs.ForAccountAsync(accountId, "send a task", ct);
        var task = await db.SendTasks.Where(t => t.Id == taskId).Select(t => new { t.State, t.JobId }).SingleAsync(ct);
        var state = task.JobId == jobId ? task.State : SendTaskState.Paused;
        if (state != SendTaskState.Sending)
        {
            return ([], 0, null, state);
        }

        var due = await db.SendMessages.AsNoTracking()
            .Where(m => m.TaskId == taskId && m.State == SendMessageState.Queued && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(size)
            .Select(m => new Claimed(m.Id, m.Mobile, m.Text, m.Attempts))
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            var next = await db.SendMessages.Where(m => m.TaskId == taskId && m.State == SendMessageState.Queued)
                .MinAsync(m => (DateTime?)m.NextAttemptAt, ct);
            return ([], 0, next, state);
        }

        var mobiles = due.Select(m => m.Mobile).Distinct().ToList();
        var optedOut = (await db.OptOuts.Where(o => mobiles.Contains(o.Mobile)).Select(o => o.Mobile).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var skipped = due.Where(m => optedOut.Contains(m.Mobile)).Select(m => m.Id).ToList();
        var send = due.Where(m => !optedOut.Contains(m.Mobile)).ToList();
        var sendIds = send.Select(m => m.Id).ToList();

        var n = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (skipped.Count > 0)
        {
            n = await db.SendMessages.Where(m => skipped.Contains(m.Id) && m.State == SendMessageState.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.OptedOut).SetProperty(m => m.ReportedAt, now), ct);
            await db.SendTasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.OptedOut, t => t.OptedOut + n), ct);
        }

        // Durable before any request goes out: a crash from here on leaves these rows Submitting, then Unknown.
        await db.SendMessages.Where(m => sendIds.Contains(m.Id) && m.State == SendMessageState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Submitting).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        await tx.CommitAsync(ct);
        return (send, n, null, state);
    }

    /// <summary>
    /// Records the answers in one transaction (a row without one was not sent: Queued again); not cancelled by a stop, so
    /// nothing answered is left Submitting. Says how many rows it settled (accepted or failed).
    /// </summary>
    private async Task<int> RecordAsync(Guid accountId, List<(Claimed Message, SubmitOutcome? Outcome)> answers)
    {
        var now = Now;
        var o = options.Value;
        var ct = CancellationToken.None;
        await using var db = await dbs.ForAccountAsync(accountId, "record a task's submissions", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = answers.Select(a => (a.Message, a.Outcome, Attempts: a.Message.Attempts + 1)).ToList();
        var settled = 0;

        var notSent = rows.Where(r => r.Outcome is null).Select(r => r.Message.Id).ToList();
        if (notSent.Count > 0)
        {
            await Submitting(db, notSent).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Queued).SetProperty(m => m.Attempts, m => m.Attempts - 1), ct);
        }

        foreach (var group in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.Accepted }).GroupBy(r => r.Outcome!.Reason, StringComparer.Ordinal))
        {
            var ids = group.Select(r => r.Message.Id).ToList();
            var reason = group.Key;
            settled += ids.Count;

            // A report may have come first (8, even 1): it moved the row on, and only the submission time is added.
            await db.SendMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.State, m => m.State == SendMessageState.Submitting ? SendMessageState.Submitted : m.State)
                    .SetProperty(m => m.SubmittedAt, now)
                    .SetProperty(m => m.ResultCode, m => m.State == SendMessageState.Submitting ? reason : m.ResultCode),
                ct);
        }

        foreach (var group in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.RetryLater }).GroupBy(r => (r.Attempts, r.Outcome!.Reason)))
        {
            var ids = group.Select(r => r.Message.Id).ToList();
            var reason = group.Key.Reason;
            if (group.Key.Attempts >= o.MaxAttempts)
            {
                var failed = $"retries exhausted: {reason}";
                settled += ids.Count;
                await Submitting(db, ids).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Failed).SetProperty(m => m.ResultCode, Cut(failed)).SetProperty(m => m.ReportedAt, now), ct);
            }
            else
            {
                var next = now + SendingRules.Backoff(group.Key.Attempts, o);
                await Submitting(db, ids).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Queued).SetProperty(m => m.NextAttemptAt, next).SetProperty(m => m.ResultCode, Cut(reason)), ct);
            }
        }

        foreach (var group in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.Refused }).GroupBy(r => r.Outcome!.Reason, StringComparer.Ordinal))
        {
            var ids = group.Select(r => r.Message.Id).ToList();
            var reason = Cut(group.Key);
            settled += ids.Count;

            // The SMSC's rejection report (16) may have failed the row first: the gateway's own refusal is the clearer reason.
            await db.SendMessages.Where(m => ids.Contains(m.Id) && (m.State == SendMessageState.Submitting || m.State == SendMessageState.Failed)).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Failed).SetProperty(m => m.ResultCode, reason).SetProperty(m => m.ReportedAt, now), ct);
        }

        await tx.CommitAsync(ct);
        foreach (var (message, _, _) in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.Accepted }))
        {
            await events.WriteAsync(new EventRecord(accountId, EventKind.Send, now) { ExternalId = GatewayCallbacks.SendEventId(message.Id) }, ct);
        }

        return settled;
    }

    private static IQueryable<SendMessage> Submitting(KooMessageDb db, List<Guid> ids) =>
        db.SendMessages.Where(m => ids.Contains(m.Id) && m.State == SendMessageState.Submitting);

    private static string Cut(string text) => text.Length > SendMessage.ResultMax ? text[..SendMessage.ResultMax] : text;

    private async Task FinishAsync(Guid accountId, Guid taskId)
    {
        var now = Now;
        await using var db = await dbs.ForAccountAsync(accountId, "finish a task", CancellationToken.None);
        await db.SendTasks.Where(t => t.Id == taskId && t.State == SendTaskState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, SendTaskState.Completed).SetProperty(t => t.FinishedAt, now).SetProperty(t => t.Version, t => t.Version + 1));
    }
}
