using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Data;

public static class Database
{
    /// <summary>
    /// SQLite resolves a relative Data Source against the working directory; the console resolves it against the
    /// content root, so <c>dotnet run</c> from any folder and the tests use the intended file.
    /// </summary>
    public static string ResolveConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (source.Length == 0 || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return builder.ToString();
        }

        if (!Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, source));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        return builder.ToString();
    }

    /// <summary>
    /// Applies migrations, turns on WAL, finishes file promotions a stop cut short and sweeps the files folder, and makes
    /// sure every role exists. Safe to run at every start.
    /// </summary>
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        var dbs = services.GetRequiredService<TenantDb>();
        await using (var db = await dbs.ForSystemAsync("apply migrations", ct))
        {
            await db.Database.MigrateAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await using (var db = await dbs.ForSystemAsync("sweep the files folder", ct))
        {
            await services.GetRequiredService<FileSweep>().RunAsync(db, ct);
        }

        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}
