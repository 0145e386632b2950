using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// A send run that failed for good (its attempts used up, or abandoned) leaves its task Sending with nothing behind it:
/// the task is paused instead, so its page offers 继续发送 and says why, and whoever started the run is told. The rows
/// stay as they are; the resumed run makes the ones left Submitting Unknown, as after any dead run.
/// </summary>
internal sealed class SendRunFailures(TenantDb dbs, NotificationService notifications) : IJobListener
{
    public const string NoticeKey = "Sending.Notice.RunFailed";

    public async Task EndedAsync(Job job, JobState state, CancellationToken ct)
    {
        if (job.Kind != SendTaskJob.JobKind || state != JobState.Failed || job.AccountId is not { } accountId)
        {
            return;
        }

        await using var db = await dbs.ForAccountAsync(accountId, $"pause the task of failed send run {job.Id}", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var task = await db.SendTasks.Where(t => t.JobId == job.Id && t.State == SendTaskState.Sending).Select(t => new { t.Id, t.Name }).SingleOrDefaultAsync(ct);
        if (task is null)
        {
            return;
        }

        var paused = await db.SendTasks.Where(t => t.Id == task.Id && t.JobId == job.Id && t.State == SendTaskState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, SendTaskState.Paused).SetProperty(t => t.Version, t => t.Version + 1), ct);
        if (paused == 1 && job.RequestedById is { } userId)
        {
            notifications.Add(db, accountId, userId, NoticeKey, [task.Name], SendingModule.TaskOf(task.Id));
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
    }
}
