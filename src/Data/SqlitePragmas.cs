using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KooMessage.Console.Data;

/// <summary>
/// What every connection the console opens is set to. It waits for SQLite's one write lock inside SQLite (its busy
/// handler retries within milliseconds, up to 30 s) instead of in Microsoft.Data.Sqlite, which sleeps 150 ms each time
/// it finds the lock taken: with several writers at a high rate (the event store, the send dispatcher, a user saving)
/// those sleeps were the resolve host's 200–800 ms p99. And each commit waits until the disk has it
/// (<c>synchronous = FULL</c>): a pooled connection a writer set to <see cref="SyncAtCheckpointsAsync"/> is set back.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Interceptor = new();

    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";

    /// <summary>
    /// For this connection until it is closed: a commit does not wait for the disk, only checkpoints do
    /// (<c>synchronous = NORMAL</c> in WAL mode). A process that dies loses nothing committed; a power cut or an operating
    /// system crash may lose the last commits that no later full commit carried to the disk (the WAL is one file, so a
    /// full commit of any connection syncs every commit before it). For writes whose loss the console survives:
    /// the event writer's batches and a send task's recorded answers (see their remarks).
    /// </summary>
    public static async Task SyncAtCheckpointsAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(ct);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
