using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// The dispatcher: one run of a send task as a job. It claims the task's due rows in batches, writing them Submitting
/// before any request goes out, submits them through <see cref="ISmsGateway"/> at the task's rate, and records each
/// answer: accepted → Submitted (and a Send event), "retry later" → Queued again after a backoff, refused → Failed with
/// the reason. A run that starts finds rows a dead run left Submitting: their fate is unknown, so they become Unknown
/// and are never resent by the dispatcher. A stop (pause, cancel, shutdown) lets the batch in flight finish recording.
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
        }

        var bucket = TokenBucket.ForRate(rate, clock);
        var batchSize = Math.Clamp(rate / 2, 1, Math.Max(1, options.Value.BatchSize));
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var (batch, nextDue, state) = await ClaimAsync(accountId, taskId, context.JobId, batchSize, ct);
            if (state != SendTaskState.Sending)
            {
                return new JobResult();
            }

            if (batch.Count == 0)
            {
                if (nextDue is { } due)
                {
                    var wait = due - Now;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, clock, ct);
                    }

                    continue;
                }

                await FinishAsync(accountId, taskId);
                return new JobResult(Rows: total);
            }

            var outcomes = await SubmitAsync(accountId, batch, bucket, ct);
            await RecordAsync(accountId, batch, outcomes);
            await context.ReportAsync(await DoneAsync(accountId, taskId), total, CancellationToken.None);
        }
    }

    private sealed record Claimed(Guid Id, string Mobile, string Text, int Attempts);

    /// <summary>Marks the due batch Submitting (opted-out numbers OptedOut) and returns it; empty with the next retry's time when none is due.</summary>
    /// <remarks>A run whose job is no longer the task's (a resume queued a newer one) stops as if paused.</remarks>
    private async Task<(List<Claimed> Batch, DateTime? NextDue, SendTaskState State)> ClaimAsync(Guid accountId, Guid taskId, Guid jobId, int size, CancellationToken ct)
    {
        var now = Now;
        await using var db = await dbs.ForAccountAsync(accountId, "send a task", ct);
        var task = await db.SendTasks.Where(t => t.Id == taskId).Select(t => new { t.State, t.JobId }).SingleAsync(ct);
        var state = task.JobId == jobId ? task.State : SendTaskState.Paused;
        if (state != SendTaskState.Sending)
        {
            return ([], null, state);
        }

        var due = await db.SendMessages.AsNoTracking()
            .Where(m => m.TaskId == taskId && m.State == SendMessageState.Queued && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Take(size)
            .Select(m => new Claimed(m.Id, m.Mobile, m.Text, m.Attempts))
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            var next = await db.SendMessages.Where(m => m.TaskId == taskId && m.State == SendMessageState.Queued)
                .MinAsync(m => (DateTime?)m.NextAttemptAt, ct);
            return ([], next, state);
        }

        var mobiles = due.Select(m => m.Mobile).Distinct().ToList();
        var optedOut = (await db.OptOuts.Where(o => mobiles.Contains(o.Mobile)).Select(o => o.Mobile).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var skipped = due.Where(m => optedOut.Contains(m.Mobile)).Select(m => m.Id).ToList();
        var send = due.Where(m => !optedOut.Contains(m.Mobile)).ToList();
        var sendIds = send.Select(m => m.Id).ToList();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (skipped.Count > 0)
        {
            var n = await db.SendMessages.Where(m => skipped.Contains(m.Id) && m.State == SendMessageState.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.OptedOut).SetProperty(m => m.ReportedAt, now), ct);
            await db.SendTasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.OptedOut, t => t.OptedOut + n), ct);
        }

        // Durable before any request goes out: a crash from here on leaves these rows Submitting, then Unknown.
        await db.SendMessages.Where(m => sendIds.Contains(m.Id) && m.State == SendMessageState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Submitting).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        await tx.CommitAsync(ct);
        return (send, null, state);
    }

    /// <summary>Submits the batch at the bucket's rate; a row the stop reached before its turn comes back null (not sent).</summary>
    private async Task<SubmitOutcome?[]> SubmitAsync(Guid accountId, List<Claimed> batch, TokenBucket bucket, CancellationToken stop)
    {
        var outcomes = new SubmitOutcome?[batch.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, kannel.Value.Concurrency) };
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), parallel, async (i, _) =>
        {
            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await bucket.TakeAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Once its turn came a request is not abandoned: its answer must be recorded (the gateway's timeout bounds it).
            var m = batch[i];
            outcomes[i] = await gateway.SubmitAsync(new OutgoingSms(accountId, m.Id, m.Mobile, m.Text), CancellationToken.None);
        });
        return outcomes;
    }

    /// <summary>Records every answer of the batch in one transaction; not cancelled by a stop, so nothing answered is left Submitting.</summary>
    private async Task RecordAsync(Guid accountId, List<Claimed> batch, SubmitOutcome?[] outcomes)
    {
        var now = Now;
        var o = options.Value;
        var ct = CancellationToken.None;
        await using var db = await dbs.ForAccountAsync(accountId, "record a task's submissions", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = batch.Select((m, i) => (Message: m, Outcome: outcomes[i], Attempts: m.Attempts + 1)).ToList();

        var notSent = rows.Where(r => r.Outcome is null).Select(r => r.Message.Id).ToList();
        if (notSent.Count > 0)
        {
            await Submitting(db, notSent).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Queued).SetProperty(m => m.Attempts, m => m.Attempts - 1), ct);
        }

        foreach (var group in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.Accepted }).GroupBy(r => r.Outcome!.Reason, StringComparer.Ordinal))
        {
            var ids = group.Select(r => r.Message.Id).ToList();
            var reason = group.Key;

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

            // The SMSC's rejection report (16) may have failed the row first: the gateway's own refusal is the clearer reason.
            await db.SendMessages.Where(m => ids.Contains(m.Id) && (m.State == SendMessageState.Submitting || m.State == SendMessageState.Failed)).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Failed).SetProperty(m => m.ResultCode, reason).SetProperty(m => m.ReportedAt, now), ct);
        }

        await tx.CommitAsync(ct);
        foreach (var (message, _, _) in rows.Where(r => r.Outcome is { Verdict: SubmitVerdict.Accepted }))
        {
            await events.WriteAsync(new EventRecord(accountId, EventKind.Send, now) { ExternalId = GatewayCallbacks.SendEventId(message.Id) }, ct);
        }
    }

    private static IQueryable<SendMessage> Submitting(KooMessageDb db, List<Guid> ids) =>
        db.SendMessages.Where(m => ids.Contains(m.Id) && m.State == SendMessageState.Submitting);

    private static string Cut(string text) => text.Length > SendMessage.ResultMax ? text[..SendMessage.ResultMax] : text;

    private async Task<long> DoneAsync(Guid accountId, Guid taskId)
    {
        await using var db = await dbs.ForAccountAsync(accountId, "a task's progress", CancellationToken.None);
        return await db.SendMessages.CountAsync(m => m.TaskId == taskId && m.State != SendMessageState.Queued && m.State != SendMessageState.Submitting);
    }

    private async Task FinishAsync(Guid accountId, Guid taskId)
    {
        var now = Now;
        await using var db = await dbs.ForAccountAsync(accountId, "finish a task", CancellationToken.None);
        await db.SendTasks.Where(t => t.Id == taskId && t.State == SendTaskState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, SendTaskState.Completed).SetProperty(t => t.FinishedAt, now).SetProperty(t => t.Version, t => t.Version + 1));
    }
}
