using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Events;

/// <summary>
/// Appends batches of events to the store: one transaction per batch, the whole batch in one statement that reads its
/// rows from a single JSON parameter (<c>json_each</c>), a pushed event id already stored in its account ignored
/// (<c>ON CONFLICT DO NOTHING</c> on the unique index; <c>RETURNING</c> names the rows written). When the database refuses
/// the statement (a constraint), the batch is written row by row: the row it refuses is skipped and reported, the rest
/// written. The events newly written go to every <see cref="IEventBatchHandler"/> inside the same transaction, so what a
/// module derives from an event (a message's state from its delivery report) is applied exactly when, and only once, the
/// event is stored.
/// </summary>
/// <remarks>
/// One parameter, not one per value: SQLite finds a named parameter by walking the statement's list of names, at
/// preparation and again at every bind, so a statement of 64 rows × 16 named values spent more time comparing names
/// than writing (a fifth of the resolve host's CPU under load).
/// </remarks>
public sealed class EventStore(TenantDb dbs, IEnumerable<IEventBatchHandler> handlers)
{
    public const string Table = "Events";

    private const string Columns =
        $"""
        INSERT INTO "{Table}" ("AccountId", "Kind", "OccurredAt", "ReceivedAt", "ExternalId", "TemplateId", "LinkCode",
            "ServiceNumber", "MenuItem", "Vendor", "NumberHash", "Agent", "IsBot", "MenuAction", "Billed", "VisitorId")
        """;

    private static readonly string Insert = Columns + " VALUES " + Parameters.Row + " ON CONFLICT DO NOTHING";

    /// <summary>The batch as JSON rows, their values in the order of <see cref="Columns"/> (<c>WHERE true</c> lets the upsert follow a SELECT).</summary>
    private static readonly string InsertAll =
        Columns + " SELECT " + string.Join(", ", Enumerable.Range(0, 16).Select(i => $"value ->> {i.ToString(CultureInfo.InvariantCulture)}"))
        + """ FROM json_each($rows) WHERE true ON CONFLICT DO NOTHING RETURNING "AccountId", "ExternalId" """;

    /// <summary>Writes <paramref name="batch"/> in one transaction and says what became of each event.</summary>
    public async Task<BatchOutcome> AppendAsync(IReadOnlyList<EventRecord> batch, DateTime receivedAt, CancellationToken ct)
    {
        // Events of every account arrive in one batch: the writer is the store's own path, not any tenant's.
        await using var db = await dbs.ForSystemAsync("event store: append a batch", ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var (fresh, refused) = await AllAtOnceAsync(connection, tx, batch, receivedAt, ct) ?? await OneByOneAsync(connection, tx, batch, receivedAt, ct);

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
        return new BatchOutcome(fresh.Count, batch.Count - fresh.Count - refused.Count, refused);
    }

    /// <summary>The batch in one statement: the events written, in batch order; null when the database refused the statement.</summary>
    private static async Task<(List<EventRecord> Fresh, List<(EventRecord, string)> Refused)?> AllAtOnceAsync(
        SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<EventRecord> batch, DateTime receivedAt, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = InsertAll;
        command.Parameters.Add("$rows", SqliteType.Text).Value = Json(batch, receivedAt);

        // A pushed id comes back once, for the first of the batch's events that carries it; the console's own events carry none and all come back.
        var pushed = new HashSet<(string Account, string Id)>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (!reader.IsDBNull(1))
                {
                    pushed.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            return null;
        }

        var fresh = batch.Where(e => e.ExternalId is not { } id || pushed.Remove((AccountText(e.AccountId), id))).ToList();
        return (fresh, []);
    }

    /// <summary>Each event alone, so the one the database refuses is named and the rest written (SQLITE_CONSTRAINT undoes only its statement).</summary>
    private static async Task<(List<EventRecord> Fresh, List<(EventRecord, string)> Refused)> OneByOneAsync(
        SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<EventRecord> batch, DateTime receivedAt, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = Insert;
        var p = new Parameters(command);
        command.Prepare();
        var fresh = new List<EventRecord>(batch.Count);
        var refused = new List<(EventRecord, string)>();
        foreach (var e in batch)
        {
            p.Bind(e, receivedAt);
            try
            {
                if (await command.ExecuteNonQueryAsync(ct) == 1)
                {
                    fresh.Add(e);
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                refused.Add((e, ex.Message));
            }
        }

        return (fresh, refused);
    }

    /// <summary>The rows of <see cref="InsertAll"/>: an array of arrays, strings as text, flags as 0/1, absent values null.</summary>
    private static string Json(IReadOnlyList<EventRecord> batch, DateTime receivedAt)
    {
        var received = Time(receivedAt);
        var buffer = new ArrayBufferWriter<byte>(batch.Count * 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in batch)
            {
                json.WriteStartArray();
                json.WriteStringValue(AccountText(e.AccountId));
                json.WriteNumberValue((int)e.Kind);
                json.WriteStringValue(Time(e.OccurredAt));
                json.WriteStringValue(received);
                foreach (var text in (ReadOnlySpan<string?>)[e.ExternalId, e.TemplateId, e.LinkCode, e.ServiceNumber, e.MenuItem, e.Vendor, e.NumberHash, e.Agent])
                {
                    WriteText(json, text);
                }

                json.WriteNumberValue(e.IsBot ? 1 : 0);
                WriteText(json, e.MenuAction);
                if (e.Billed is { } billed)
                {
                    json.WriteNumberValue(billed ? 1 : 0);
                }
                else
                {
                    json.WriteNullValue();
                }

                WriteText(json, e.VisitorId);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteText(Utf8JsonWriter json, string? text)
    {
        if (text is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(text);
        }
    }

    /// <summary>The text forms EF Core's SQLite provider writes, so EF reads and compares these rows like its own.</summary>
    private static string AccountText(Guid account) => account.ToString().ToUpperInvariant();

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private sealed class Parameters
    {
        private static readonly string[] Names = ["account", "kind", "occurred", "received", "external", "template", "link", "service", "menu", "vendor", "hash", "agent", "bot", "action", "billed", "visitor"];

        private readonly DbParameter account, kind, occurred, received, external, template, link, service, menu, vendor, hash, agent, bot, action, billed, visitor;

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
            action = Add(command, "$action", SqliteType.Text);
            billed = Add(command, "$billed", SqliteType.Integer);
            visitor = Add(command, "$visitor", SqliteType.Text);
        }

        /// <summary>The statement's VALUES tuple.</summary>
        public static string Row => "(" + string.Join(", ", Names.Select(n => "$" + n)) + ")";

        public void Bind(EventRecord e, DateTime receivedAt)
        {
            account.Value = AccountText(e.AccountId);
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

        private static SqliteParameter Add(SqliteCommand command, string name, SqliteType type) =>
            command.Parameters.Add(name, type);
    }
}

/// <summary>What one batch came to: rows written, pushed ids already stored, and the rows the database refused (with why).</summary>
public sealed record BatchOutcome(int Written, int Duplicates, IReadOnlyList<(EventRecord Event, string Reason)> Refused);
