using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KooMessage.Console.Tests;

/// <summary>
/// Every migration applied once a test process, into a file that each fresh test database starts as a copy of. Applying
/// them to an empty file took about 0.6 s a test here, most of the unit tests' time. The console's own start
/// (<see cref="Database.InitializeAsync"/>) still runs on each copy and finds nothing left to apply, as on any later start.
/// </summary>
public static class MigratedDatabase
{
    private static readonly Lazy<Task<string>> Template = new(() => Task.Run(BuildAsync));

    /// <summary>Puts a copy of the migrated database at <paramref name="path"/>, unless a database is there already.</summary>
    public static void CopyTo(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(Template.Value.GetAwaiter().GetResult(), path);
        }
    }

    private static async Task<string> BuildAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "km-tests", $"migrated-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        };
        var path = Path.Combine(folder, "koomessage.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = $"Data Source={path}" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConsoleCore(configuration, folder);
        await using (var provider = services.BuildServiceProvider())
        {
            await Database.InitializeAsync(provider, CancellationToken.None);
        }

        // Everything into the file itself: a copy takes the file alone, not its write-ahead log.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var result = await checkpoint.ExecuteReaderAsync();
            if (!await result.ReadAsync() || result.GetInt32(0) != 0 || result.GetInt32(1) != result.GetInt32(2))
            {
                throw new InvalidOperationException("The migrated database's write-ahead log could not be checkpointed into its file.");
            }
        }

        return path;
    }
}
