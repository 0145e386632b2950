using System.Text.Json;
using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// The dispatcher's statements on its own rows (<see cref="SendTaskJob"/>), run by <see cref="UpdateAsync"/>: each
/// updates the rows named in <c>$ids</c> (a JSON array of message ids) that belong to <c>$account</c> and meet its
/// condition, and returns their ids.
/// </summary>
/// <remarks>
/// The rows are found by primary key, the account checked but not searched (<c>+"AccountId"</c>: the unary plus keeps
/// SQLite from using an index for that term). Written through EF, the tenant filter's <c>"AccountId" = @tenant</c>
/// beside <c>"Id" IN (…)</c> made SQLite, which keeps no statistics here, take the index on (AccountId, SubmittedAt)
/// instead of the primary key: every turn read every message the account had ever sent, a cost that grew with the
/// account (in a table of 100,000 rows, an update of 100 of them took 14 ms that way and 1 ms by primary key).
/// <c>MessageRowsTests</c> holds the plans.
/// </remarks>
internal static class MessageRows
{
    /// <summary>Claimed to send (Queued → Submitting, one attempt more).</summary>
    public static readonly string Claim = Update($"\"State\" = '{SendMessageState.Submitting}', \"Attempts\" = \"Attempts\" + 1", SendMessageState.Queued);

    /// <summary>Skipped as opted out (Queued → OptedOut at <c>$at</c>).</summary>
    public static readonly string SkipOptedOut = Update($"\"State\" = '{SendMessageState.OptedOut}', \"ReportedAt\" = $at", SendMessageState.Queued);

    /// <summary>Not handed to the gateway after all (Submitting → Queued, the attempt not counted).</summary>
    public static readonly string Unsent = Update($"\"State\" = '{SendMessageState.Queued}', \"Attempts\" = \"Attempts\" - 1", SendMessageState.Submitting);

    /// <summary>
    /// Accepted at <c>$at</c> with the gateway's answer <c>$reason</c>: Submitting → Submitted; a row a report already
    /// moved on keeps its state and result and only gets its submission time.
    /// </summary>
    public static readonly string Accepted = Update(
        $"""
        "State" = CASE "State" WHEN '{SendMessageState.Submitting}' THEN '{SendMessageState.Submitted}' ELSE "State" END,
        "SubmittedAt" = $at,
        "ResultCode" = CASE "State" WHEN '{SendMessageState.Submitting}' THEN $reason ELSE "ResultCode" END
        """);

    /// <summary>"Retry later" once too often: Submitting → Failed at <c>$at</c> with <c>$reason</c>.</summary>
    public static readonly string Exhausted = Update($"\"State\" = '{SendMessageState.Failed}', \"ResultCode\" = $reason, \"ReportedAt\" = $at", SendMessageState.Submitting);

    /// <summary>"Retry later": Submitting → Queued, due at <c>$next</c>, with <c>$reason</c>.</summary>
    public static readonly string Later = Update($"\"State\" = '{SendMessageState.Queued}', \"NextAttemptAt\" = $next, \"ResultCode\" = $reason", SendMessageState.Submitting);

    /// <summary>Refused by the gateway: Failed at <c>$at</c> with <c>$reason</c>, also over the SMSC's rejection report that may have come first.</summary>
    public static readonly string Refused = Update(
        $"\"State\" = '{SendMessageState.Failed}', \"ResultCode\" = $reason, \"ReportedAt\" = $at", SendMessageState.Submitting, SendMessageState.Failed);

    /// <summary>No answer that says what became of it: Submitting → Unknown with <c>$reason</c>.</summary>
    public static readonly string InDoubt = Update($"\"State\" = '{SendMessageState.Unknown}', \"ResultCode\" = $reason", SendMessageState.Submitting);

    /// <summary>Every statement above, for the test of their plans.</summary>
    public static IReadOnlyList<string> All => [Claim, SkipOptedOut, Unsent, Accepted, Exhausted, Later, Refused, InDoubt];

    /// <summary>
    /// Runs one of these statements on the account's rows of <paramref name="ids"/>, in the context's transaction (there
    /// must be one: the task was checked in it); says which rows it changed.
    /// </summary>
    public static async Task<List<Guid>> UpdateAsync(KooMessageDb db, Guid accountId, IEnumerable<Guid> ids, string statement, params (string Name, string Value)[] values)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The dispatcher's row statements run in the write transaction that checked the task.");
        command.CommandText = statement;
        command.Parameters.Add(new SqliteParameter("$ids", JsonSerializer.Serialize(ids.Select(JsonRows.Text))));
        command.Parameters.Add(new SqliteParameter("$account", JsonRows.Text(accountId)));
        foreach (var (name, value) in values)
        {
            command.Parameters.Add(new SqliteParameter(name, value));
        }

        var changed = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            changed.Add(reader.GetGuid(0));
        }

        return changed;
    }

    private static string Update(string set, params SendMessageState[] from) =>
        $"""
        UPDATE "{SendingConfiguration.MessagesTable}" SET {set}
        WHERE "Id" IN (SELECT value FROM json_each($ids)) AND +"AccountId" = $account{(from.Length == 0 ? "" : $" AND \"State\" IN ({string.Join(", ", from.Select(s => $"'{s}'"))})")}
        RETURNING "Id"
        """;
}
