using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KooMessage.Console.Data;

/// <summary>
/// Every connection the console opens waits for SQLite's one write lock inside SQLite (its busy handler retries within
/// milliseconds, up to 30 s) instead of in Microsoft.Data.Sqlite, which sleeps 150 ms each time it finds the lock
/// taken: with several writers at a high rate (the event store, the send dispatcher, a user saving) those sleeps were
/// the resolve host's 200–800 ms p99.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Interceptor = new();

    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
