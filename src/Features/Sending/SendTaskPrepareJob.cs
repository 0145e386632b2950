using System.Globalization;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Features.Templates;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// Turns a send task's staged rows (the dry run's valid numbers) into messages, <see cref="Batch"/> at a time, each batch
/// in one transaction with the task's restart point (<see cref="SendTask.Expanded"/>), so a rerun skips what is saved
/// and no number gets two rows: for 个性化 one link per number (as a bulk resolve task's), the text composed by
/// <see cref="SmsComposer"/> with the link in the NEWTEXT slot; a number no vendor renders the card for is left out
/// when the task's fallback is 不发送. Then the send starts (at its scheduled time), or the task ends when nothing is left.
/// </summary>
public sealed class SendTaskPrepareJob(TenantDb dbs, JobQueue jobs, IOptions<ConsoleOptions> options, TimeProvider clock) : IJobHandler
{
    public const int Batch = 1_000;
    private const int CodeAttempts = 5;

    public sealed record Parameters(Guid TaskId);

    public string Kind => SendTaskPlanner.JobKind;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var taskId = context.ParametersAs<Parameters>().TaskId;
        var accountId = context.AccountId ?? throw new JobFailedException("Jobs.Error.Unexpected");
        await using var db = await dbs.ForAccountAsync(accountId, "prepare a send task's messages", ct);
        var task = await db.SendTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is not { State: SendTaskState.Preparing } || task.StageId is not { } stage)
        {
            return new JobResult();
        }

        var sms = await db.SmsTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == task.SmsTemplateId, ct) ?? throw new JobFailedException("Sending.Error.SmsTemplateGone");
        var signature = await db.Signatures.AsNoTracking().Where(s => s.Id == task.SignatureId).Select(s => s.Name).SingleOrDefaultAsync(ct)
            ?? throw new JobFailedException("Sending.Error.SmsTemplateGone");
        var resolve = await db.ResolveTasks.AsNoTracking().SingleOrDefaultAsync(r => r.Id == task.ResolveTaskId, ct) ?? throw new JobFailedException("BulkLinks.Error.TaskGone");
        var groupCode = task.LinkType == ShortLinkType.Group
            ? await db.ShortLinks.AsNoTracking().Where(k => k.TaskId == resolve.Id).Select(k => k.Code).FirstOrDefaultAsync(ct) ?? throw new JobFailedException("BulkLinks.Error.TaskGone")
            : null;
        var parameters = ShortLinkService.Parameters(
            await db.AimTemplateVersions.AsNoTracking().Where(v => v.Id == task.TemplateVersionId).Select(v => v.Document).SingleOrDefaultAsync(ct) ?? "");
        var path = SendTaskPlanner.RowsPath(options.Value, accountId, stage);
        if (!File.Exists(path))
        {
            throw new JobFailedException("BulkLinks.Error.FileGone");
        }

        var expanded = task.Expanded;
        var total = await db.Jobs.AsNoTracking().Where(j => j.Id == context.JobId).Select(j => j.Total).SingleOrDefaultAsync(ct);
        using (var reader = new StreamReader(path))
        {
            for (var skipped = 0; skipped < expanded && await reader.ReadLineAsync(ct) is not null; skipped++)
            {
            }

            var batch = new List<SendStageRow>(Batch);
            while (true)
            {
                var line = await reader.ReadLineAsync(ct);
                if (line is not null)
                {
                    batch.Add(JsonSerializer.Deserialize<SendStageRow>(line, ShortLinkService.ValuesJson)!);
                }

                if (batch.Count == Batch || (line is null && batch.Count > 0))
                {
                    if (!await SaveAsync(db, task, resolve, groupCode, signature, sms, parameters, batch, ct))
                    {
                        // Cancelled while preparing: nothing more to do.
                        return new JobResult(Rows: expanded);
                    }

                    expanded += batch.Count;
                    batch.Clear();
                    await context.ReportAsync(expanded, total, ct);
                }

                if (line is null)
                {
                    break;
                }
            }
        }

        await StartAsync(db, task, ct);
        File.Delete(path);
        return new JobResult(Rows: expanded);
    }

    /// <summary>One batch and the task's counters in one transaction; false when the task is no longer preparing.</summary>
    private async Task<bool> SaveAsync(
        KooMessageDb db, SendTask task, ResolveTask resolve, string? groupCode, string signature, SmsTemplate sms, IReadOnlyList<string> parameters, List<SendStageRow> batch,
        CancellationToken ct)
    {
        var domainKey = resolve.DomainId?.ToString() ?? ShortLinkOptions.DefaultDomainKey;
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var unrenderable = batch.Count(r => !r.Renderable);
            var sent = batch.Where(r => r.Renderable || task.Fallback == SendFallback.PlainSms).ToList();
            var linkRows = new List<ShortLink>();
            var messages = new List<SendMessage>(sent.Count);
            foreach (var row in sent)
            {
                var code = groupCode;
                if (code is null)
                {
                    code = ResolveTaskRules.NewCode();
                    linkRows.Add(new ShortLink
                    {
                        AccountId = task.AccountId, TaskId = resolve.Id, DomainKey = domainKey, Code = code, CustFlag = row.Mobile,
                        Values = JsonSerializer.Serialize(parameters.ToDictionary(p => p, p => row.Values.GetValueOrDefault(p, "")), ShortLinkService.ValuesJson),
                        NumberHash = ShortLinkService.NumberHashOf(row.Mobile), MaxResolves = 1, ExpiresAt = resolve.ExpiresAt, CreatedAt = now,
                    });
                }

                var text = SmsComposer.Compose(signature, sms.Content, sms.Variables, SendTaskRules.SmsValues(sms.Variables, row.Values), $"{task.LinkBase}/{code}");
                messages.Add(new SendMessage
                {
                    AccountId = task.AccountId, TaskId = task.Id, Mobile = row.Mobile, Text = text, Segments = SmsComposer.Segments(text), Plain = !row.Renderable, NextAttemptAt = now,
                    IdempotencyKey = $"{task.Id:N}:{row.Mobile}",
                });
            }

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var still = await db.SendTasks.Where(t => t.Id == task.Id && t.State == SendTaskState.Preparing)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(t => t.Expanded, t => t.Expanded + batch.Count).SetProperty(t => t.Total, t => t.Total + messages.Count)
                        .SetProperty(t => t.Unrenderable, t => t.Unrenderable + unrenderable),
                    ct);
            if (still == 0)
            {
                return false;
            }

            db.ShortLinks.AddRange(linkRows);
            db.SendMessages.AddRange(messages);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                db.ChangeTracker.Clear();
                return true;
            }
            catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 } && groupCode is null && attempt < CodeAttempts)
            {
                // A random code collided with one of the domain's (rare): undo the batch and draw its codes again.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Every row is in: the send starts (at its scheduled time), or the task ends when every number was left out.</summary>
    private async Task StartAsync(KooMessageDb db, SendTask prepared, CancellationToken ct)
    {
        var task = await db.SendTasks.SingleAsync(t => t.Id == prepared.Id, ct);
        if (task.State != SendTaskState.Preparing)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        task.StageId = null;
        task.Version++;
        if (task.Total == 0)
        {
            task.State = SendTaskState.Completed;
            task.FinishedAt = now;
        }
        else
        {
            var job = jobs.Enqueue(db, SendTaskJob.JobKind, task.AccountId, new SendTaskJob.Parameters(task.Id), null, task.ScheduledAt);
            task.State = SendTaskState.Sending;
            task.StartedAt = task.ScheduledAt ?? now;
            task.JobId = job.Id;
        }

        await db.SaveChangesAsync(ct);
        jobs.Wake();
    }
}
