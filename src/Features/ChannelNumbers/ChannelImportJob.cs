using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>
/// Adds the valid rows of an import's dry run, in batches of <see cref="Batch"/>, each saved in one transaction with
/// its review tickets. A rerun (a retry, or a process that died part way) reads the rows again and skips every number
/// the account has by then, so no row is added twice; a number someone registered between the dry run and the job is
/// skipped the same way. The rows file is removed when every row has been seen.
/// </summary>
public sealed class ChannelImportJob(TenantDb dbs, IOptions<ConsoleOptions> options, TimeProvider clock) : IJobHandler
{
    public const int Batch = 500;

    public sealed record Parameters(Guid Stage, int Rows);

    public string Kind => ChannelImportService.JobKind;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var parameters = context.ParametersAs<Parameters>();
        var accountId = context.AccountId ?? throw new JobFailedException("ChannelNumbers.Import.Error.FileGone");
        var path = ChannelImportService.RowsPath(options.Value, accountId, parameters.Stage);
        if (!File.Exists(path))
        {
            throw new JobFailedException("ChannelNumbers.Import.Error.FileGone");
        }

        var seen = 0;
        using (var reader = new StreamReader(path))
        {
            var batch = new List<ChannelImportRow>(Batch);
            while (true)
            {
                var line = await reader.ReadLineAsync(ct);
                if (line is not null)
                {
                    batch.Add(JsonSerializer.Deserialize<ChannelImportRow>(line)!);
                }

                if (batch.Count == Batch || (line is null && batch.Count > 0))
                {
                    await SaveAsync(context, accountId, batch, ct);
                    seen += batch.Count;
                    batch.Clear();
                    await context.ReportAsync(seen, parameters.Rows, ct);
                }

                if (line is null)
                {
                    break;
                }
            }
        }

        await using var db = await dbs.ForAccountAsync(accountId, "count a channel-number import's ports", ct);
        var imported = await db.ChannelNumbers.CountAsync(c => c.ImportJobId == context.JobId, ct);
        File.Delete(path);
        return new JobResult(Rows: imported);
    }

    private async Task SaveAsync(JobContext context, Guid accountId, List<ChannelImportRow> batch, CancellationToken ct)
    {
        await using var db = await dbs.ForAccountAsync(accountId, "import channel numbers", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var numbers = batch.Select(r => r.Number).ToList();
        var taken = (await db.ChannelNumbers.Where(c => numbers.Contains(c.Number)).Select(c => c.Number).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in batch.Where(r => !taken.Contains(r.Number)))
        {
            var port = new ChannelNumber
            {
                AccountId = accountId, Number = row.Number, Type = row.Type, Signatures = ChannelNumber.Join(row.Signatures), SignCheck = row.SignCheck,
                ApproveState = ApproveState.Reviewing, ImportJobId = context.JobId, SubmittedBy = context.RequestedById, SubmittedAt = now, CreatedAt = now, UpdatedAt = now,
            };
            db.ChannelNumbers.Add(port);
            ReviewTickets.Open(db, ChannelNumberReviewSource.Subject(port), now);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
