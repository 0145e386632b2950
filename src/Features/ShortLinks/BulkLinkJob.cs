using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>
/// Generates a bulk task's links (the task's id is the job's) from the valid rows the dry run staged on disk, reading
/// them line by line, in batches of <see cref="Batch"/> each saved in one transaction. A rerun (a retry, or a process that
/// died part way) counts the links already saved and skips as many rows, so no row gets two links; the stage is removed
/// once every row has its link. Codes are drawn as for typed-in links; a batch whose code collided is drawn again.
/// </summary>
public sealed class BulkLinkJob(TenantDb dbs, IOptions<ConsoleOptions> options, TimeProvider clock) : IJobHandler
{
    public const int Batch = 1_000;
    private const int CodeAttempts = 5;

    public sealed record Parameters(Guid Stage, int Rows);

    public string Kind => BulkLinkService.JobKind;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var parameters = context.ParametersAs<Parameters>();
        var accountId = context.AccountId ?? throw new JobFailedException("BulkLinks.Error.TaskGone");
        await using var db = await dbs.ForAccountAsync(accountId, "generate a bulk task's short links", ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var task = await db.ResolveTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == context.JobId, ct)
            ?? throw new JobFailedException("BulkLinks.Error.TaskGone");
        var path = BulkLinkService.RowsPath(options.Value, accountId, parameters.Stage);
        var done = await db.ShortLinks.CountAsync(k => k.TaskId == task.Id, ct);
        await context.ReportAsync(done, parameters.Rows, ct);
        if (done < parameters.Rows)
        {
            if (!File.Exists(path))
            {
                throw new JobFailedException("BulkLinks.Error.FileGone");
            }

            var domainKey = task.DomainId?.ToString() ?? ShortLinkOptions.DefaultDomainKey;
            using var reader = new StreamReader(path);
            var skipped = 0;
            while (skipped < done && await reader.ReadLineAsync(ct) is not null)
            {
                skipped++;
            }

            var batch = new List<ShortLink>(Batch);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var row = JsonSerializer.Deserialize<BulkLink>(line, ShortLinkService.ValuesJson)!;
                batch.Add(new ShortLink
                {
                    AccountId = accountId,
                    TaskId = task.Id,
                    DomainKey = domainKey,
                    Code = ResolveTaskRules.NewCode(),
                    CustFlag = row.CustFlag,
                    Values = JsonSerializer.Serialize(row.Values, ShortLinkService.ValuesJson),
                    NumberHash = row.NumberHash,
                    MaxResolves = 1,
                    ExpiresAt = task.ExpiresAt,
                });
                if (batch.Count == Batch)
                {
                    done += await SaveAsync(db, batch, ct);
                    await context.ReportAsync(done, parameters.Rows, ct);
                }
            }

            done += await SaveAsync(db, batch, ct);
            await context.ReportAsync(done, parameters.Rows, ct);
        }

        File.Delete(path);
        return new JobResult(Rows: done);
    }

    private async Task<int> SaveAsync(KooMessageDb db, List<ShortLink> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        for (var attempt = 1; ; attempt++)
        {
            batch.ForEach(k => k.CreatedAt = now);
            db.ShortLinks.AddRange(batch);
            try
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                var saved = batch.Count;
                batch.Clear();
                return saved;
            }
            catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 } && attempt < CodeAttempts)
            {
                // A random code collided with one of the domain's (rare): draw this batch's codes again.
                db.ChangeTracker.Clear();
                batch.ForEach(k => k.Code = ResolveTaskRules.NewCode());
            }
        }
    }
}
