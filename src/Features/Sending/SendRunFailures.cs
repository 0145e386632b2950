using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// A send run that failed for good (its attempts used up, or abandoned) leaves its task Sending with nothing behind it:
/// the task is paused instead, marked as paused by the failure (its page says so above 继续), and whoever started the
/// run is told. The rows stay as they are; the resumed run makes the ones left Submitting Unknown, as after any dead run.
/// As a job listener this happens the moment the job ends; as a recurring job it catches what the listener missed (the
/// process died between the job's end and the pause, or the database refused the pause).
/// </summary>
internal sealed class SendRunFailures(TenantDb dbs, NotificationService notifications, TimeProvider clock) : IJobListener, IJobHandler
{
    public const string NoticeKey = "Sending.Notice.RunFailed";

    public const string KindName = "send-tasks.pause-failed";

    public static readonly RecurringJob Schedule = new(KindName, TimeSpan.FromMinutes(5));

    public string Kind => KindName;

    public async Task EndedAsync(Job job, JobState state, CancellationToken ct)
    {
        if (job.Kind == SendTaskJob.JobKind && state == JobState.Failed && job.AccountId is { } accountId)
        {
            await PauseAsync(accountId, job.Id, ct);
        }
    }

    /// <summary>Pauses every task still Sending behind a failed run.</summary>
    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        List<(Guid AccountId, Guid JobId)> stranded;
        await using (var db = await dbs.ForSystemAsync("find send tasks whose run failed", ct))
        {
            var jobs = db.Jobs;
            var failed = await db.SendTasks.AsNoTracking()
                .Where(t => t.State == SendTaskState.Sending && jobs.Any(j => j.Id == t.JobId && j.State == JobState.Failed))
                .Select(t => new { t.AccountId, JobId = t.JobId!.Value })
                .ToListAsync(ct);
            stranded = [.. failed.Select(t => (t.AccountId, t.JobId))];
        }

        var paused = 0;
        foreach (var (accountId, jobId) in stranded)
        {
            paused += await PauseAsync(accountId, jobId, ct) ? 1 : 0;
        }

        return new JobResult(Rows: paused);
    }

    /// <summary>Pauses the task of the failed run <paramref name="jobId"/> while it is still Sending under it, and tells the run's requester.</summary>
    private async Task<bool> PauseAsync(Guid accountId, Guid jobId, CancellationToken ct)
    {
        await using var db = await dbs.ForAccountAsync(accountId, $"pause the task of failed send run {jobId}", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var run = await db.Jobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => new { j.FinishedAt, j.RequestedById }).SingleOrDefaultAsync(ct);
        var task = await db.SendTasks.AsNoTracking().Where(t => t.JobId == jobId && t.State == SendTaskState.Sending).Select(t => new { t.Id, t.Name }).SingleOrDefaultAsync(ct);
        if (task is null)
        {
            return false;
        }

        var at = run?.FinishedAt ?? clock.GetUtcNow().UtcDateTime;
        var paused = await db.SendTasks.Where(t => t.Id == task.Id && t.JobId == jobId && t.State == SendTaskState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, SendTaskState.Paused).SetProperty(t => t.RunFailedAt, at).SetProperty(t => t.Version, t => t.Version + 1), ct);
        if (paused == 0)
        {
            return false;
        }

        if (run?.RequestedById is { } userId)
        {
            notifications.Add(db, accountId, userId, NoticeKey, [task.Name], SendingModule.TaskOf(task.Id));
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }
}
