using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Data;

/// <summary>Every connection the console opens waits for the write lock inside SQLite, and its commits wait for the disk unless a writer relaxed it for itself.</summary>
public sealed class SqlitePragmasTests
{
    [Fact]
    public async Task EveryContext_ItsConnectionWaitsThirtySecondsInsideSqlite()
    {
        await using var app = await TestConsole.StartAsync();
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

        await db.Database.OpenConnectionAsync();

        Assert.Equal(30_000L, await PragmaAsync(db, "busy_timeout"));
    }

    [Fact]
    public async Task AConnectionAWriterRelaxed_IsSetBackToFullSyncWhenOpenedAgain()
    {
        await using var app = await TestConsole.StartAsync();
        var dbs = app.Services.GetRequiredService<TenantDb>();
        long relaxed;
        nint native;
        await using (var writer = await dbs.ForSystemAsync("test", CancellationToken.None))
        {
            await writer.Database.OpenConnectionAsync();
            await SqlitePragmas.SyncAtCheckpointsAsync(writer.Database.GetDbConnection(), CancellationToken.None);
            relaxed = (long)(await PragmaAsync(writer, "synchronous"))!;
            native = Native(writer);
        }

        // The pool hands the same native connection out again (one connection open at a time).
        await using var next = await dbs.ForSystemAsync("test", CancellationToken.None);
        await next.Database.OpenConnectionAsync();

        Assert.Equal(native, Native(next));
        Assert.Equal((1L, 2L), (relaxed, await PragmaAsync(next, "synchronous")));
    }

    private static nint Native(KooMessageDb db) => ((SqliteConnection)db.Database.GetDbConnection()).Handle!.DangerousGetHandle();

    private static async Task<object?> PragmaAsync(KooMessageDb db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return await command.ExecuteScalarAsync();
    }
}
