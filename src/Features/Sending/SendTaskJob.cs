using System.Threading.Channels;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// The dispatcher: one run of a send task as a job, as a pipeline. One loop does the task's database work: it claims
/// the due rows in batches, writing them Submitting before any request goes out, and claims the next batch while
/// earlier ones are in flight, as long as at most <see cref="SendingOptions.Window"/> batches are claimed and not yet
/// recorded; each turn records the answers that have come, all those waiting (up to a batch), in the transaction of
/// the next claim when the window has room for one (one commit a turn): accepted → Submitted (and a Send event),
/// "retry later" → Queued again after a backoff, refused → Failed with the reason. A fixed number of senders (<see cref="KannelOptions.Concurrency"/>) take the claimed rows one by one
/// through <see cref="ISmsGateway"/> at the task's rate (one token bucket for all of them), so no slow request holds
/// back the rows behind it, and the dispatcher stays one writer beside the event writer (SQLite has one write lock).
/// A run that starts finds rows a dead run left Submitting: their fate is unknown, so they become Unknown and are never
/// resent by the dispatcher. Every claim is conditional on the run's lease on the job (<see cref="JobContext.Lease"/>): a
/// run that stalled past it, and whose job another claim took over, stops as if paused and claims no further row. A
/// pause or cancel stops the claiming; the rows already claimed are still sent and recorded.
/// A shutdown sends no further row: the claimed rows not yet handed to the gateway go back to Queued.
/// </summary>
public sealed partial class SendTaskJob(
    TenantDb dbs,
    WriteGate gate,
    ISmsGateway gateway,
    IEventSink events,
    IOptions<SendingOptions> options,
    IOptions<KannelOptions> kannel,
    TimeProvider clock,
    ILogger<SendTaskJob> logger) : IJobHandler
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
        string? tplId;
        await using (var db = await dbs.ForAccountAsync(accountId, "send a task", ct))
        {
            // A run that stalled before it got here, and whose job a later claim took over, must not touch that run's rows.
            var held = context.Held(db);
            var task = await db.SendTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is not { State: SendTaskState.Sending } || task.JobId != context.JobId || !await held.AnyAsync(ct))
            {
                return new JobResult();
            }

            (rate, total, tplId) = (task.RatePerSecond, task.Total, task.TplId);
            await db.SendMessages.Where(m => m.TaskId == taskId && m.State == SendMessageState.Submitting && held.Any())
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Unknown), ct);
            done = await db.SendMessages.CountAsync(m => m.TaskId == taskId && m.State != SendMessageState.Queued, ct);
        }

        var o = options.Value;
        var batchSize = Math.Clamp(rate / 2, 1, Math.Max(1, o.BatchSize));
        // A failing database ends the senders too: they hand nothing more to the gateway. So does a failing gateway.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pipeline = new Pipeline(batchSize, batchSize * Math.Max(1, o.Window), done, failed) { TemplateId = tplId };
        var bucket = TokenBucket.ForRate(rate, clock);
        var senders = Enumerable.Range(0, Math.Max(1, kannel.Value.Concurrency))
            .Select(_ => Task.Run(() => SendAsync(accountId, pipeline, bucket, failed.Token), CancellationToken.None))
            .ToList();

        bool finished;
        try
        {
            finished = await KeepAsync(context, accountId, taskId, total, pipeline, failed.Token);
        }
        catch (OperationCanceledException) when (pipeline.Fault is not null && !ct.IsCancellationRequested)
        {
            // A sender's fault stopped the loop inside a read: the fault, not the cancellation, is the run's failure (below).
            finished = false;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            // Whatever ended the loop, the rows claimed are answered (or passed on unsent) and recorded.
            pipeline.Work.Writer.Complete();
            await Task.WhenAll(senders);
            pipeline.Answers.Writer.Complete();
            while (await pipeline.Answers.Reader.WaitToReadAsync(CancellationToken.None))
            {
                await TurnAsync(context, accountId, total, pipeline, claim: null);
            }
        }

        ct.ThrowIfCancellationRequested();
        if (pipeline.Fault is { } fault)
        {
            // The run fails (the job runner tries it again, and a run that fails for good pauses its task).
            throw new InvalidOperationException("The gateway failed unexpectedly; the run stopped sending.", fault);
        }

        if (!finished)
        {
            return new JobResult();
        }

        await FinishAsync(accountId, taskId, context.JobId);
        return new JobResult(Rows: total);
    }

    /// <summary>
    /// The claimed rows waiting for a sender, the answers waiting to be recorded, and the rows claimed and not yet
    /// recorded (at most <see cref="Limit"/>); only the database loop changes the counts.
    /// </summary>
    private sealed class Pipeline(int batchSize, int limit, long done, CancellationTokenSource stop)
    {
        private Exception? fault;

        public int BatchSize { get; } = batchSize;

        public int Limit { get; } = limit;

        public long InFlight { get; set; }

        public long Done { get; set; } = done;

        /// <summary>The task's card template (tpl_id), which its Send events carry for the template report; null for a plain SMS.</summary>
        public string? TemplateId { get; init; }

        public Channel<Claimed> Work { get; } = Channel.CreateUnbounded<Claimed>(new UnboundedChannelOptions { SingleWriter = true });

        /// <summary>What a sender met that stops the run (the first one), or null.</summary>
        public Exception? Fault => Volatile.Read(ref fault);

        /// <summary>Stops the run: the loop claims nothing more, the senders pass on what they hold unsent, and the run fails.</summary>
        public void Fail(Exception e)
        {
            Interlocked.CompareExchange(ref fault, e, null);
            stop.Cancel();
        }

        /// <summary>The senders' answers; the loop counts the waiting ones (a single-reader channel cannot).</summary>
        public Channel<(Claimed Message, SubmitOutcome? Outcome)> Answers { get; } = Channel.CreateUnbounded<(Claimed, SubmitOutcome?)>();
    }

    /// <summary>
    /// The database loop: each turn records the answers waiting (up to a batch) and, while the window has room for a
    /// batch, claims the next one, both in one transaction; with nothing to record and no room it waits for an answer
    /// (or the next retry's time). True when the task has nothing left to send.
    /// </summary>
    private async Task<bool> KeepAsync(JobContext context, Guid accountId, Guid taskId, int total, Pipeline pipeline, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var waiting = Math.Min(pipeline.Answers.Reader.Count, pipeline.BatchSize);
            if (pipeline.Limit - (pipeline.InFlight - waiting) < pipeline.BatchSize)
            {
                if (waiting == 0)
                {
                    // Rows in flight: their answers free room in the window (and a "retry later" may queue a row again).
                    await WaitAsync(pipeline.Answers.Reader.WaitToReadAsync(ct).AsTask());
                }
                else
                {
                    await TurnAsync(context, accountId, total, pipeline, claim: null);
                }

                continue;
            }

            var claim = await DueAsync(accountId, taskId, context, pipeline.BatchSize, ct);
            var wrote = await TurnAsync(context, accountId, total, pipeline, claim);
            if (claim.State != SendTaskState.Sending)
            {
                return false;
            }

            if (wrote)
            {
                // A recorded "retry later" may have queued a row again: the next claim reads what is due now.
                continue;
            }

            if (pipeline.InFlight == 0)
            {
                if (claim.NextDue is not { } due)
                {
                    return true;
                }

                var wait = due - Now;
                if (wait > TimeSpan.Zero)
                {
                    await WaitAsync(Task.Delay(wait, clock, ct));
                }
            }
            else
            {
                await WaitAsync(pipeline.Answers.Reader.WaitToReadAsync(ct).AsTask());
            }
        }

        return false;
    }

    /// <summary>
    /// Records the answers waiting (up to a batch) and writes the <paramref name="claim"/>'s rows, in one transaction;
    /// false when there was nothing to write.
    /// </summary>
    private async Task<bool> TurnAsync(JobContext context, Guid accountId, int total, Pipeline pipeline, Claim? claim)
    {
        var rows = new List<(Claimed Message, SubmitOutcome? Outcome)>();
        while (rows.Count < pipeline.BatchSize && pipeline.Answers.Reader.TryRead(out var answer))
        {
            rows.Add(answer);
        }

        if (rows.Count == 0 && claim is not { HasRows: true })
        {
            return false;
        }

        // The Send events carry the submission time their rows were given.
        var now = Now;
        var (settled, optedOut, claimed) = await WriteAsync(accountId, rows, claim, now);

        // Handed to the senders before anything else can fail: a claimed row is sent, or passed back Queued on a stop.
        foreach (var m in claimed)
        {
            pipeline.Work.Writer.TryWrite(m);
        }

        pipeline.Done += settled + optedOut;
        pipeline.InFlight += claimed.Count - rows.Count;
        foreach (var (message, _) in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.Accepted }))
        {
            // The handset's vendor is not known at send time (only a resolve tells it): the template report files sends
            // under no vendor. This may wait for room in the event channel, which the event writer makes once it has its turn.
            await events.WriteAsync(new EventRecord(accountId, EventKind.Send, now) { ExternalId = GatewayCallbacks.SendEventId(message.Id), TemplateId = pipeline.TemplateId }, CancellationToken.None);
        }

        await context.ReportAsync(pipeline.Done, total, CancellationToken.None);
        return true;
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
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A gateway that fails in a way it does not classify is the run's fault, not the message's: the message
                    // may have gone (in doubt, answered like any other, as the loop waits for every answer), and the run
                    // stops. Its text is for the log; the message's result says only what happened.
                    LogSubmitFailed(e, m.Id);
                    outcome = SubmitOutcome.InDoubt(ResultCodes.UnexpectedGatewayError);
                    pipeline.Fail(e);
                }
            }

            pipeline.Answers.Writer.TryWrite((m, outcome));
        }
    }

    private sealed record Claimed(Guid Id, string Mobile, string Text, int Attempts);

    /// <summary>
    /// The next claim: the task's state, and while it is sending, the due batch to send and the opted-out rows to skip;
    /// both empty, with the next retry's time, when none is due.
    /// </summary>
    private sealed record Claim(Guid TaskId, JobContext Job, SendTaskState State, List<Claimed> Send, List<Guid> OptedOut, DateTime? NextDue)
    {
        /// <summary>Whether the claim has rows to write (to send or to skip).</summary>
        public bool HasRows => Send.Count > 0 || OptedOut.Count > 0;
    }

    /// <summary>
    /// Reads the due batch (outside the write lock). Rows are taken in the order of the task's index (due time, then
    /// insertion), so a claim reads only the rows it takes.
    /// </summary>
    /// <remarks>
    /// A run whose job is no longer the task's (a resume queued a newer one), or no longer held under its lease (another
    /// claim took it over), stops as if paused.
    /// </remarks>
    private async Task<Claim> DueAsync(Guid accountId, Guid taskId, JobContext job, int size, CancellationToken ct)
    {
        var now = Now;
        await using var db = await OpenAsync(accountId, "send a task", ct);
        var held = job.Held(db);
        var task = await db.SendTasks.Where(t => t.Id == taskId)
            .Select(t => new { t.State, t.JobId, Held = held.Any() })
            .SingleAsync(ct);
        var state = task.JobId == job.JobId && task.Held ? task.State : SendTaskState.Paused;
        if (state != SendTaskState.Sending)
        {
            return new Claim(taskId, job, state, [], [], null);
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
            return new Claim(taskId, job, state, [], [], next);
        }

        var mobiles = due.Select(m => m.Mobile).Distinct().ToList();
        var optedOut = (await db.OptOuts.Where(o => mobiles.Contains(o.Mobile)).Select(o => o.Mobile).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return new Claim(taskId, job, state, due.Where(m => !optedOut.Contains(m.Mobile)).ToList(), due.Where(m => optedOut.Contains(m.Mobile)).Select(m => m.Id).ToList(), null);
    }

    /// <summary>
    /// One transaction of the database loop, not cancelled by a stop, so nothing answered is left Submitting: records the
    /// answers (a row without one was not sent: Queued again), then marks the claim's batch Submitting and its
    /// opted-out rows OptedOut. Says how many rows it settled (accepted or failed), how many it skipped, and which rows
    /// it claimed: those it moved to Submitting, none when the task stopped sending (or became another run's) meanwhile.
    /// </summary>
    private async Task<(int Settled, int OptedOut, List<Claimed> Claimed)> WriteAsync(Guid accountId, List<(Claimed Message, SubmitOutcome? Outcome)> answers, Claim? claim, DateTime now)
    {
        var ct = CancellationToken.None;
        await using var db = await OpenAsync(accountId, "record a task's submissions", ct);

        // Only a claim must reach the disk before a request goes out. Answers lost to a power cut leave their rows
        // Submitting, which the next run makes Unknown: never resent, and settled by their reports.
        var claiming = claim is { HasRows: true };
        if (!claiming)
        {
            await SqlitePragmas.SyncAtCheckpointsAsync(db.Database.GetDbConnection(), ct);
        }

        using var turn = await gate.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var settled = await RecordAsync(db, accountId, answers, now);
        var (skipped, claimed) = claiming ? await ClaimAsync(db, accountId, claim!, now) : (0, []);
        await tx.CommitAsync(ct);
        return (settled, skipped, claimed);
    }

    /// <summary>
    /// Marks the claim's batch Submitting and its opted-out rows OptedOut (counted on the task), each only while it is
    /// Queued, and only while the task is still this run's and sending (a cancel may have come since the batch was read)
    /// and the run still holds its lease; says how many it skipped and which rows it claimed. The task is checked once:
    /// SQLite's write lock is held from the transaction's BEGIN IMMEDIATE, so nothing changes it before the commit.
    /// </summary>
    private static async Task<(int Skipped, List<Claimed> Claimed)> ClaimAsync(KooMessageDb db, Guid accountId, Claim claim, DateTime now)
    {
        var ct = CancellationToken.None;
        var jobId = claim.Job.JobId;
        var held = claim.Job.Held(db);
        if (!await db.SendTasks.AnyAsync(t => t.Id == claim.TaskId && t.State == SendTaskState.Sending && t.JobId == jobId && held.Any(), ct))
        {
            return (0, []);
        }

        var skipped = 0;
        if (claim.OptedOut.Count > 0)
        {
            skipped = (await MessageRows.UpdateAsync(db, accountId, claim.OptedOut, MessageRows.SkipOptedOut, ("$at", JsonRows.Text(now)))).Count;
            await db.SendTasks.Where(t => t.Id == claim.TaskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.OptedOut, t => t.OptedOut + skipped), ct);
        }

        // Only the batch's rows still Queued are moved: a row another run claimed since the batch was read is Submitting
        // too, and is not this claim's to send. Durable before any request goes out: a crash from here on leaves these
        // rows Submitting, then Unknown.
        var ours = await MessageRows.UpdateAsync(db, accountId, claim.Send.Select(m => m.Id), MessageRows.Claim);
        if (ours.Count == claim.Send.Count)
        {
            return (skipped, claim.Send);
        }

        var claimed = ours.ToHashSet();
        return (skipped, claim.Send.Where(m => claimed.Contains(m.Id)).ToList());
    }

    /// <summary>Records the answers: accepted → Submitted, "retry later" → Queued after a backoff, refused → Failed, in doubt → Unknown.</summary>
    private async Task<int> RecordAsync(KooMessageDb db, Guid accountId, List<(Claimed Message, SubmitOutcome? Outcome)> answers, DateTime now)
    {
        var o = options.Value;
        var at = ("$at", JsonRows.Text(now));
        var rows = answers.Select(a => (a.Message, a.Outcome, Attempts: a.Message.Attempts + 1)).ToList();
        var settled = 0;

        var notSent = rows.Where(r => r.Outcome is null).Select(r => r.Message.Id).ToList();
        if (notSent.Count > 0)
        {
            await MessageRows.UpdateAsync(db, accountId, notSent, MessageRows.Unsent);
        }

        foreach (var group in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.Accepted }).GroupBy(r => r.Outcome!.Reason, StringComparer.Ordinal))
        {
            var ids = group.Select(r => r.Message.Id).ToList();
            settled += ids.Count;

            // A report may have come first (8, even 1): it moved the row on, and only the submission time is added.
            await MessageRows.UpdateAsync(db, accountId, ids, MessageRows.Accepted, at, ("$reason", group.Key));
        }

        foreach (var group in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.RetryLater }).GroupBy(r => (r.Attempts, r.Outcome!.Reason)))
        {
            var ids = group.Select(r => r.Message.Id).ToList();
            var reason = group.Key.Reason;
            if (group.Key.Attempts >= o.MaxAttempts)
            {
                settled += ids.Count;
                await MessageRows.UpdateAsync(db, accountId, ids, MessageRows.Exhausted, at, ("$reason", ResultCodes.RetriesExhausted(reason)));
            }
            else
            {
                var next = JsonRows.Text(now + SendingRules.Backoff(group.Key.Attempts, o));
                await MessageRows.UpdateAsync(db, accountId, ids, MessageRows.Later, ("$next", next), ("$reason", SendMessage.CutResult(reason)));
            }
        }

        foreach (var group in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.Refused }).GroupBy(r => r.Outcome!.Reason, StringComparer.Ordinal))
        {
            var ids = group.Select(r => r.Message.Id).ToList();
            settled += ids.Count;

            // The SMSC's rejection report (16) may have failed the row first: the gateway's own refusal is the clearer reason.
            await MessageRows.UpdateAsync(db, accountId, ids, MessageRows.Refused, at, ("$reason", SendMessage.CutResult(group.Key)));
        }

        foreach (var group in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.InDoubt }).GroupBy(r => r.Outcome!.Reason, StringComparer.Ordinal))
        {
            var ids = group.Select(r => r.Message.Id).ToList();
            settled += ids.Count;

            // It may be on its way: never resent by the dispatcher (the operator may resend it); a report still settles it.
            await MessageRows.UpdateAsync(db, accountId, ids, MessageRows.InDoubt, ("$reason", ResultCodes.InDoubt(group.Key)));
        }

        return settled;
    }

    /// <summary>A context on a connection kept open for the run (it waits for the write lock inside SQLite: <see cref="SqlitePragmas"/>).</summary>
    private async Task<KooMessageDb> OpenAsync(Guid accountId, string purpose, CancellationToken ct)
    {
        var db = await dbs.ForAccountAsync(accountId, purpose, ct);
        await db.Database.OpenConnectionAsync(ct);
        return db;
    }

    private async Task FinishAsync(Guid accountId, Guid taskId, Guid jobId)
    {
        var now = Now;
        await using var db = await dbs.ForAccountAsync(accountId, "finish a task", CancellationToken.None);
        await db.SendTasks.Where(t => t.Id == taskId && t.State == SendTaskState.Sending && t.JobId == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, SendTaskState.Completed).SetProperty(t => t.FinishedAt, now).SetProperty(t => t.Version, t => t.Version + 1));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId}: the gateway failed unexpectedly; the message is in doubt and the run stops")]
    private partial void LogSubmitFailed(Exception exception, Guid messageId);
}
