using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Data;

/// <summary>Every connection the console opens waits for the write lock inside SQLite, not in the driver's 150 ms sleeps.</summary>
public sealed class SqliteBusyTimeoutTests
{
    [Fact]
    public async Task EveryContext_ItsConnectionWaitsThirtySecondsInsideSqlite()
    {
        await using var app = await TestConsole.StartAsync();
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal(30_000L, await command.ExecuteScalarAsync());
    }
}
