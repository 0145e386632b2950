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
        // A database file of its own with the console's store settings: its pool is this test's alone (a console's
        // background services open connections of their own and may take the pooled one in between).
        var folder = Directory.CreateTempSubdirectory("km-pragmas-");
        var options = TenantDb.Configure(new DbContextOptionsBuilder(), $"Data Source={Path.Combine(folder.FullName, "store.db")}").Options;
        try
        {
            long relaxed;
            nint native;
            await using (var writer = new DbContext(options))
            {
                await writer.Database.OpenConnectionAsync();
                await SqlitePragmas.SyncAtCheckpointsAsync(writer.Database.GetDbConnection(), CancellationToken.None);
                relaxed = (long)(await PragmaAsync(writer, "synchronous"))!;
                native = Native(writer);
            }

            // The pool hands the same native connection out again (one connection open at a time).
            await using var next = new DbContext(options);
            await next.Database.OpenConnectionAsync();

            Assert.Equal(native, Native(next));
            Assert.Equal((1L, 2L), (relaxed, await PragmaAsync(next, "synchronous")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static nint Native(DbContext db) => ((SqliteConnection)db.Database.GetDbConnection()).Handle!.DangerousGetHandle();

    private static async Task<object?> PragmaAsync(DbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return await command.ExecuteScalarAsync();
    }
}
