using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Downloads;

/// <summary>
/// Hourly: removes exports past their expiry with their files and jobs, and the platform's own ended jobs (sweeps,
/// expiries) older than the same retention. Every account's, through the system's logged bypass.
/// </summary>
public sealed class ExportExpiryJob(TenantDb dbs, FileStore files, IOptions<ExportOptions> options, TimeProvider clock) : IJobHandler
{
    public const string KindName = "exports.expire";

    public static readonly RecurringJob Schedule = new(KindName, TimeSpan.FromHours(1));

    private const int Batch = 200;

    public string Kind => KindName;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        long removed = 0;
        await using var db = await dbs.ForSystemAsync("expire exports and old platform jobs", ct);
        while (true)
        {
            // An export still being written is left for the next run: removing its row under the writer would only make it fail.
            var expired = await db.Exports
                .Where(e => e.ExpiresAt <= now && !db.Set<Job>().Any(j => j.Id == e.Id && j.State == JobState.Running))
                .OrderBy(e => e.ExpiresAt).Take(Batch).ToListAsync(ct);
            if (expired.Count == 0)
            {
                break;
            }

            var ids = expired.Select(e => e.Id).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await files.RemoveAsync(db, expired.Where(e => e.FileId is not null).Select(e => e.FileId!.Value).ToList(), ct);
            db.Exports.RemoveRange(expired);
            await db.SaveChangesAsync(ct);

            await db.Jobs.Where(j => ids.Contains(j.Id)).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            removed += expired.Count;
        }

        var oldest = now.AddDays(-options.Value.RetentionDays);
        var ended = new[] { JobState.Succeeded, JobState.Failed, JobState.Cancelled };
        removed += await db.Jobs.Where(j => j.AccountId == null && ended.Contains(j.State) && j.FinishedAt < oldest && j.Id != context.JobId).ExecuteDeleteAsync(ct);
        return new JobResult(Rows: removed);
    }
}
