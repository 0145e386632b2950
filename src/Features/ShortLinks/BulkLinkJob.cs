using System.Globalization;
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
/// once every row has its link. Rows go in through one prepared INSERT (EF's change tracker cost four times the time
/// of plain inserts for 100,000 rows). Codes are drawn as for typed-in links; a code that collided with one of the
/// domain's (the unique index refuses that row only) is drawn again.
/// </summary>
public sealed class BulkLinkJob(TenantDb dbs, IOptions<ConsoleOptions> options, TimeProvider clock) : IJobHandler
{
    public const int Batch = 1_000;
    private const int CodeAttempts = 5;

    private const string Insert =
        """
        INSERT INTO "ShortLinks" ("Id", "AccountId", "TaskId", "DomainKey", "Code", "CustFlag", "Values", "NumberHash", "MaxResolves", "Resolved",
            "ExpiresAt", "Enabled", "CreatedAt", "Version")
        VALUES ($id, $account, $task, $domain, $code, $flag, $values, $hash, 1, 0, $expires, 1, $created, 0)
        """;

    public sealed record Parameters(Guid Stage, int Rows);

    public string Kind => BulkLinkService.JobKind;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var parameters = context.ParametersAs<Parameters>();
        var accountId = context.AccountId ?? throw new JobFailedException("BulkLinks.Error.TaskGone");
        await using var db = await dbs.ForAccountAsync(accountId, "generate a bulk task's short links", ct);
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

            await db.Database.OpenConnectionAsync(ct);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var insert = connection.CreateCommand();
            insert.CommandText = Insert;
            var p = new Row(insert, accountId, task.Id, domainKey, task.ExpiresAt);
            insert.Prepare();
            var batch = new List<BulkLink>(Batch);
            while (true)
            {
                var line = await reader.ReadLineAsync(ct);
                if (line is not null)
                {
                    batch.Add(JsonSerializer.Deserialize<BulkLink>(line, ShortLinkService.ValuesJson)!);
                }

                if (batch.Count == Batch || (line is null && batch.Count > 0))
                {
                    done += await SaveAsync(connection, insert, p, batch, ct);
                    batch.Clear();
                    await context.ReportAsync(done, parameters.Rows, ct);
                }

                if (line is null)
                {
                    break;
                }
            }
        }

        File.Delete(path);
        return new JobResult(Rows: done);
    }

    /// <summary>One transaction: all of the batch's links or none, so a rerun's count of saved links is a count of rows done.</summary>
    private async Task<int> SaveAsync(SqliteConnection connection, SqliteCommand insert, Row row, List<BulkLink> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        insert.Transaction = tx;
        foreach (var link in batch)
        {
            for (var attempt = 1; ; attempt++)
            {
                row.Bind(link, ResolveTaskRules.NewCode(), now);
                try
                {
                    await insert.ExecuteNonQueryAsync(ct);
                    break;
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 19 && attempt < CodeAttempts)
                {
                    // A random code collided with one of the domain's (rare); SQLITE_CONSTRAINT undid this row only: draw again.
                }
            }
        }

        await tx.CommitAsync(ct);
        return batch.Count;
    }

    /// <summary>The insert's parameters: the task's part once, each row's part per link.</summary>
    private sealed class Row
    {
        private readonly SqliteParameter id, code, flag, values, hash, created;

        public Row(SqliteCommand command, Guid accountId, Guid taskId, string domainKey, DateTime expiresAt)
        {
            // The text forms EF Core's SQLite provider writes, so EF reads and compares these rows like its own.
            command.Parameters.Add("$account", SqliteType.Text).Value = accountId.ToString().ToUpperInvariant();
            command.Parameters.Add("$task", SqliteType.Text).Value = taskId.ToString().ToUpperInvariant();
            command.Parameters.Add("$domain", SqliteType.Text).Value = domainKey;
            command.Parameters.Add("$expires", SqliteType.Text).Value = Time(expiresAt);
            id = command.Parameters.Add("$id", SqliteType.Text);
            code = command.Parameters.Add("$code", SqliteType.Text);
            flag = command.Parameters.Add("$flag", SqliteType.Text);
            values = command.Parameters.Add("$values", SqliteType.Text);
            hash = command.Parameters.Add("$hash", SqliteType.Text);
            created = command.Parameters.Add("$created", SqliteType.Text);
        }

        public void Bind(BulkLink link, string newCode, DateTime now)
        {
            id.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            code.Value = newCode;
            flag.Value = link.CustFlag;
            values.Value = JsonSerializer.Serialize(link.Values, ShortLinkService.ValuesJson);
            hash.Value = link.NumberHash;
            created.Value = Time(now);
        }

        private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
    }
}
