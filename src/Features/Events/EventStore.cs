using System.Data.Common;
using System.Globalization;
using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Events;

/// <summary>
/// Appends batches of events to the store: one transaction per batch through one prepared statement, a pushed event id
/// already stored in its account ignored (<c>ON CONFLICT DO NOTHING</c> on the unique index). A row the database
/// refuses (a constraint) is skipped and reported; the rest of the batch is written. The events newly written go to
/// every <see cref="IEventBatchHandler"/> inside the same transaction, so what a module derives from an event (a
/// message's state from its delivery report) is applied exactly when, and only once, the event is stored.
/// </summary>
public sealed class EventStore(TenantDb dbs, IEnumerable<IEventBatchHandler> handlers)
{
    public const string Table = "Events";

    /// <summary>
    /// Makes a connection wait for the write lock inside SQLite (its busy handler retries within milliseconds, up to 30 s)
    /// instead of Microsoft.Data.Sqlite's retry, which sleeps 150 ms each time the lock is taken: the writers that share
    /// the lock at a high rate (this store, the send dispatcher) set it on the connection they write with.
    /// </summary>
    public const string BusyTimeout = "PRAGMA busy_timeout = 30000;";

    private const string Insert =
        $"""
        INSERT INTO "{Table}" ("AccountId", "Kind", "OccurredAt", "ReceivedAt", "ExternalId", "TemplateId", "LinkCode",
            "ServiceNumber", "MenuItem", "Vendor", "NumberHash", "Agent", "IsBot")
        VALUES ($account, $kind, $occurred, $received, $external, $template, $link, $service, $menu, $vendor, $hash, $agent, $bot)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Writes <paramref name="batch"/> in one transaction and says what became of each event.</summary>
    public async Task<BatchOutcome> AppendAsync(IReadOnlyList<EventRecord> batch, DateTime receivedAt, CancellationToken ct)
    {
        // Events of every account arrive in one batch: the writer is the store's own path, not any tenant's.
        await using var db = await dbs.ForSystemAsync("event store: append a batch", ct);
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(BusyTimeout, ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = Insert;
        var p = new Parameters(command);
        command.Prepare();

        var written = 0;
        var duplicates = 0;
        var refused = new List<(EventRecord Event, string Reason)>();
        var fresh = new List<EventRecord>(batch.Count);
        foreach (var e in batch)
        {
            p.Bind(e, receivedAt);
            try
            {
                if (await command.ExecuteNonQueryAsync(ct) == 1)
                {
                    written++;
                    fresh.Add(e);
                }
                else
                {
                    duplicates++;
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                // SQLITE_CONSTRAINT undoes this statement only; the transaction and the other rows go on.
                refused.Add((e, ex.Message));
            }
        }

        if (fresh.Count > 0)
        {
            var stored = new EventBatch(connection, tx, fresh);
            foreach (var handler in handlers)
            {
                await handler.WrittenAsync(stored, ct);
            }
        }

        await tx.CommitAsync(ct);
        return new BatchOutcome(written, duplicates, refused);
    }

    private sealed class Parameters
    {
        private readonly DbParameter account, kind, occurred, received, external, template, link, service, menu, vendor, hash, agent, bot;

        public Parameters(SqliteCommand command)
        {
            account = Add(command, "$account", SqliteType.Text);
            kind = Add(command, "$kind", SqliteType.Integer);
            occurred = Add(command, "$occurred", SqliteType.Text);
            received = Add(command, "$received", SqliteType.Text);
            external = Add(command, "$external", SqliteType.Text);
            template = Add(command, "$template", SqliteType.Text);
            link = Add(command, "$link", SqliteType.Text);
            service = Add(command, "$service", SqliteType.Text);
            menu = Add(command, "$menu", SqliteType.Text);
            vendor = Add(command, "$vendor", SqliteType.Text);
            hash = Add(command, "$hash", SqliteType.Text);
            agent = Add(command, "$agent", SqliteType.Text);
            bot = Add(command, "$bot", SqliteType.Integer);
        }

        public void Bind(EventRecord e, DateTime receivedAt)
        {
            // The text forms EF Core's SQLite provider writes, so EF reads and compares these rows like its own.
            account.Value = e.AccountId.ToString().ToUpperInvariant();
            kind.Value = (int)e.Kind;
            occurred.Value = Time(e.OccurredAt);
            received.Value = Time(receivedAt);
            external.Value = (object?)e.ExternalId ?? DBNull.Value;
            template.Value = (object?)e.TemplateId ?? DBNull.Value;
            link.Value = (object?)e.LinkCode ?? DBNull.Value;
            service.Value = (object?)e.ServiceNumber ?? DBNull.Value;
            menu.Value = (object?)e.MenuItem ?? DBNull.Value;
            vendor.Value = (object?)e.Vendor ?? DBNull.Value;
            hash.Value = (object?)e.NumberHash ?? DBNull.Value;
            agent.Value = (object?)e.Agent ?? DBNull.Value;
            bot.Value = e.IsBot ? 1 : 0;
        }

        private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

        private static SqliteParameter Add(SqliteCommand command, string name, SqliteType type) =>
            command.Parameters.Add(name, type);
    }
}

/// <summary>What one batch came to: rows written, pushed ids already stored, and the rows the database refused (with why).</summary>
public sealed record BatchOutcome(int Written, int Duplicates, IReadOnlyList<(EventRecord Event, string Reason)> Refused);
