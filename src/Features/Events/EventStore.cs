using System.Buffers;
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
/// (<c>ON CONFLICT DO NOTHING</c> on the unique index; <c>RETURNING</c> names the rows written and their ids). When the database refuses
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
public sealed class EventStore(TenantDb dbs, WriteGate gate, IEnumerable<IEventBatchHandler> handlers)
{
    public const string Table = "Events";

    /// <summary>The columns an event fills, in the order of <see cref="Values"/>.</summary>
    private static readonly string[] ColumnNames =
    [
        "AccountId", "Kind", "OccurredAt", "ReceivedAt", "ExternalId", "TemplateId", "LinkCode", "ServiceNumber", "MenuItem", "Vendor", "NumberHash", "Agent",
        "IsBot", "MenuAction", "Billed", "VisitorId",
    ];

    private static readonly string Columns = $"INSERT INTO \"{Table}\" (" + string.Join(", ", ColumnNames.Select(c => $"\"{c}\"")) + ")";

    private static readonly string Insert =
        Columns + " VALUES (" + string.Join(", ", ColumnNames.Select((_, i) => Parameter(i))) + """) ON CONFLICT DO NOTHING RETURNING "Id" """;

    /// <summary>The batch as JSON rows, their values in the order of <see cref="ColumnNames"/> (<c>WHERE true</c> lets the upsert follow a SELECT).</summary>
    private static readonly string InsertAll =
        Columns + " SELECT " + string.Join(", ", ColumnNames.Select((_, i) => $"value ->> {i.ToString(CultureInfo.InvariantCulture)}"))
        + """ FROM json_each($rows) WHERE true ON CONFLICT DO NOTHING RETURNING "Id", "AccountId", "ExternalId" """;

    /// <summary>Writes <paramref name="batch"/> in one transaction and says what became of each event.</summary>
    public Task<BatchOutcome> AppendAsync(IReadOnlyList<EventRecord> batch, DateTime receivedAt, CancellationToken ct) => AppendAsync(batch, receivedAt, backlog: false, ct);

    /// <summary>As above; <paramref name="backlog"/>: more events wait behind this batch (<see cref="EventBatch.Backlog"/>).</summary>
    public async Task<BatchOutcome> AppendAsync(IReadOnlyList<EventRecord> batch, DateTime receivedAt, bool backlog, CancellationToken ct)
    {
        // Events of every account arrive in one batch: the writer is the store's own path, not any tenant's.
        await using var db = await dbs.ForSystemAsync("event store: append a batch", ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        // A batch's commit does not wait for the disk: a power cut may take the last batches as a crash takes what the
        // channel holds; a dead process loses nothing committed.
        await SqlitePragmas.SyncAtCheckpointsAsync(connection, ct);
        using var turn = await gate.EnterAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var (fresh, ids, refused) = await AllAtOnceAsync(connection, tx, batch, receivedAt, ct) ?? await OneByOneAsync(connection, tx, batch, receivedAt, ct);

        // Also a batch with nothing new (every pushed id stored before): a handler may have work the batch's end is for.
        var stored = new EventBatch(connection, tx, fresh, ids) { Backlog = backlog };
        foreach (var handler in handlers)
        {
            await handler.WrittenAsync(stored, ct);
        }

        await tx.CommitAsync(ct);
        stored.Committed();
        return new BatchOutcome(fresh.Count, batch.Count - fresh.Count - refused.Count, refused);
    }

    /// <summary>
    /// Writes <paramref name="events"/> in one statement in <paramref name="db"/>'s transaction, each received when it
    /// occurred and without the batch handlers (nothing is metered or counted): for demo data, which makes history.
    /// </summary>
    public static Task<int> WriteHistoryAsync(KooMessageDb db, IReadOnlyList<EventRecord> events, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(
            InsertAll, [new SqliteParameter("$rows", JsonRows.Of(events.Select(e => Values(e, JsonRows.Text(e.OccurredAt))), events.Count * 256))], ct);

    /// <summary>
    /// The batch in one statement: the events written, in batch order, with their ids; null when the database refused the
    /// statement. SQLite takes the rows in order and gives each the next id (this is the one writer, holding the write
    /// lock), so the ids in ascending order are the written events' in batch order.
    /// </summary>
    private static async Task<(List<EventRecord> Fresh, List<long> Ids, List<(EventRecord, string)> Refused)?> AllAtOnceAsync(
        SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<EventRecord> batch, DateTime receivedAt, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = InsertAll;
        command.Parameters.Add("$rows", SqliteType.Text).Value = Json(batch, receivedAt);

        // A pushed id comes back once, for the first of the batch's events that carries it; the console's own events carry none and all come back.
        var pushed = new HashSet<(string Account, string Id)>();
        var ids = new List<long>(batch.Count);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
                if (!reader.IsDBNull(2))
                {
                    pushed.Add((reader.GetString(1), reader.GetString(2)));
                }
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            return null;
        }

        var fresh = batch.Where(e => e.ExternalId is not { } id || pushed.Remove((JsonRows.Text(e.AccountId), id))).ToList();
        ids.Sort();
        return (fresh, ids, []);
    }

    /// <summary>Each event alone, so the one the database refuses is named and the rest written (SQLITE_CONSTRAINT undoes only its statement).</summary>
    private static async Task<(List<EventRecord> Fresh, List<long> Ids, List<(EventRecord, string)> Refused)> OneByOneAsync(
        SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<EventRecord> batch, DateTime receivedAt, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = Insert;
        var parameters = ColumnNames.Select((_, i) => command.Parameters.AddWithValue(Parameter(i), DBNull.Value)).ToArray();
        var received = JsonRows.Text(receivedAt);
        var fresh = new List<EventRecord>(batch.Count);
        var ids = new List<long>(batch.Count);
        var refused = new List<(EventRecord, string)>();
        foreach (var e in batch)
        {
            var values = Values(e, received);
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            try
            {
                // No row comes back for a pushed id stored before.
                if (await command.ExecuteScalarAsync(ct) is long id)
                {
                    fresh.Add(e);
                    ids.Add(id);
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                refused.Add((e, ex.Message));
            }
        }

        return (fresh, ids, refused);
    }

    /// <summary>The rows of <see cref="InsertAll"/>: an array of <see cref="Values"/> arrays.</summary>
    private static string Json(IReadOnlyList<EventRecord> batch, DateTime receivedAt)
    {
        var received = JsonRows.Text(receivedAt);
        return JsonRows.Of(batch.Select(e => Values(e, received)), batch.Count * 256);
    }

    /// <summary>An event's values in the order of <see cref="ColumnNames"/>: text, integers (kind and flags) or null.</summary>
    private static object?[] Values(EventRecord e, string received) =>
    [
        JsonRows.Text(e.AccountId), (int)e.Kind, JsonRows.Text(e.OccurredAt), received, e.ExternalId, e.TemplateId, e.LinkCode, e.ServiceNumber, e.MenuItem, e.Vendor,
        e.NumberHash, e.Agent, e.IsBot ? 1 : 0, e.MenuAction, e.Billed is { } billed ? (billed ? 1 : 0) : null, e.VisitorId,
    ];

    private static string Parameter(int column) => "$v" + column.ToString(CultureInfo.InvariantCulture);

}

/// <summary>What one batch came to: rows written, pushed ids already stored, and the rows the database refused (with why).</summary>
public sealed record BatchOutcome(int Written, int Duplicates, IReadOnlyList<(EventRecord Event, string Reason)> Refused);
