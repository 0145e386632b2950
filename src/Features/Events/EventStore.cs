using System.Data.Common;
using System.Globalization;
using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Events;

/// <summary>
/// Appends batches of events to the store: one transaction per batch through prepared statements (the console's own
/// events <see cref="RowsPerStatement"/> rows a statement, pushed ones row by row), a pushed event id
/// already stored in its account ignored (<c>ON CONFLICT DO NOTHING</c> on the unique index). A row the database
/// refuses (a constraint) is skipped and reported; the rest of the batch is written. The events newly written go to
/// every <see cref="IEventBatchHandler"/> inside the same transaction, so what a module derives from an event (a
/// message's state from its delivery report) is applied exactly when, and only once, the event is stored.
/// </summary>
public sealed class EventStore(TenantDb dbs, IEnumerable<IEventBatchHandler> handlers)
{
    public const string Table = "Events";

    /// <summary>Rows a statement takes at once for the console's own events (they carry no event id, so none can collide).</summary>
    public const int RowsPerStatement = 64;

    private const string Columns =
        $"""
        INSERT INTO "{Table}" ("AccountId", "Kind", "OccurredAt", "ReceivedAt", "ExternalId", "TemplateId", "LinkCode",
            "ServiceNumber", "MenuItem", "Vendor", "NumberHash", "Agent", "IsBot", "MenuAction", "Billed", "VisitorId")
        """;

    private static readonly string Insert = Columns + " VALUES " + Parameters.Row(0) + " ON CONFLICT DO NOTHING";

    private static readonly string InsertMany =
        Columns + " VALUES " + string.Join(", ", Enumerable.Range(0, RowsPerStatement).Select(Parameters.Row)) + " ON CONFLICT DO NOTHING";

    /// <summary>Writes <paramref name="batch"/> in one transaction and says what became of each event.</summary>
    public async Task<BatchOutcome> AppendAsync(IReadOnlyList<EventRecord> batch, DateTime receivedAt, CancellationToken ct)
    {
        // Events of every account arrive in one batch: the writer is the store's own path, not any tenant's.
        await using var db = await dbs.ForSystemAsync("event store: append a batch", ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = Insert;
        var p = new Parameters(command, 0);
        command.Prepare();

        var written = 0;
        var duplicates = 0;
        var refused = new List<(EventRecord Event, string Reason)>();
        var fresh = new List<EventRecord>(batch.Count);

        // The console's own events (no event id) many rows a statement; a statement the database refuses is done row by row.
        var own = batch.Where(e => e.ExternalId is null).ToList();
        var oneByOne = batch.Where(e => e.ExternalId is not null).ToList();
        if (own.Count >= RowsPerStatement)
        {
            await using var many = connection.CreateCommand();
            many.Transaction = tx;
            many.CommandText = InsertMany;
            var rows = Enumerable.Range(0, RowsPerStatement).Select(i => new Parameters(many, i)).ToArray();
            many.Prepare();
            var whole = own.Count - (own.Count % RowsPerStatement);
            for (var start = 0; start < whole; start += RowsPerStatement)
            {
                for (var i = 0; i < RowsPerStatement; i++)
                {
                    rows[i].Bind(own[start + i], receivedAt);
                }

                try
                {
                    await many.ExecuteNonQueryAsync(ct);
                    written += RowsPerStatement;
                    fresh.AddRange(own.Skip(start).Take(RowsPerStatement));
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
                {
                    oneByOne.AddRange(own.Skip(start).Take(RowsPerStatement));
                }
            }

            oneByOne.AddRange(own.Skip(whole));
        }
        else
        {
            oneByOne.AddRange(own);
        }

        foreach (var e in oneByOne)
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

        var stored = new EventBatch(connection, tx, fresh);
        if (fresh.Count > 0)
        {
            foreach (var handler in handlers)
            {
                await handler.WrittenAsync(stored, ct);
            }
        }

        await tx.CommitAsync(ct);
        stored.Committed();
        return new BatchOutcome(written, duplicates, refused);
    }

    private sealed class Parameters
    {
        private readonly DbParameter account, kind, occurred, received, external, template, link, service, menu, vendor, hash, agent, bot, action, billed, visitor;

        private static readonly string[] Names = ["account", "kind", "occurred", "received", "external", "template", "link", "service", "menu", "vendor", "hash", "agent", "bot", "action", "billed", "visitor"];

        /// <summary>The parameters of row <paramref name="row"/> of a statement (<c>$account0</c> …).</summary>
        public Parameters(SqliteCommand command, int row)
        {
            account = Add(command, $"$account{row}", SqliteType.Text);
            kind = Add(command, $"$kind{row}", SqliteType.Integer);
            occurred = Add(command, $"$occurred{row}", SqliteType.Text);
            received = Add(command, $"$received{row}", SqliteType.Text);
            external = Add(command, $"$external{row}", SqliteType.Text);
            template = Add(command, $"$template{row}", SqliteType.Text);
            link = Add(command, $"$link{row}", SqliteType.Text);
            service = Add(command, $"$service{row}", SqliteType.Text);
            menu = Add(command, $"$menu{row}", SqliteType.Text);
            vendor = Add(command, $"$vendor{row}", SqliteType.Text);
            hash = Add(command, $"$hash{row}", SqliteType.Text);
            agent = Add(command, $"$agent{row}", SqliteType.Text);
            bot = Add(command, $"$bot{row}", SqliteType.Integer);
            action = Add(command, $"$action{row}", SqliteType.Text);
            billed = Add(command, $"$billed{row}", SqliteType.Integer);
            visitor = Add(command, $"$visitor{row}", SqliteType.Text);
        }

        /// <summary>Row <paramref name="row"/>'s VALUES tuple.</summary>
        public static string Row(int row) => "(" + string.Join(", ", Names.Select(n => $"${n}{row.ToString(CultureInfo.InvariantCulture)}")) + ")";

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
            action.Value = (object?)e.MenuAction ?? DBNull.Value;
            billed.Value = e.Billed is { } b ? (b ? 1 : 0) : DBNull.Value;
            visitor.Value = (object?)e.VisitorId ?? DBNull.Value;
        }

        private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

        private static SqliteParameter Add(SqliteCommand command, string name, SqliteType type) =>
            command.Parameters.Add(name, type);
    }
}

/// <summary>What one batch came to: rows written, pushed ids already stored, and the rows the database refused (with why).</summary>
public sealed record BatchOutcome(int Written, int Duplicates, IReadOnlyList<(EventRecord Event, string Reason)> Refused);
