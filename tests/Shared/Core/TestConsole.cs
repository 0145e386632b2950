using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KooMessage.Console.Tests;

/// <summary>The console's services (no web host) on a fresh SQLite file with every migration applied.</summary>
public sealed class TestConsole : IAsyncDisposable
{
    private readonly string folder;

    private TestConsole(ServiceProvider services, string folder)
    {
        Services = services;
        this.folder = folder;
    }

    public ServiceProvider Services { get; }

    public static async Task<TestConsole> StartAsync(Action<IServiceCollection>? configure = null, string culture = "zh-CN")
    {
        var folder = Path.Combine(Path.GetTempPath(), "km-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "koomessage.db")}",
                ["Console:DefaultCulture"] = culture,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConsoleCore(configuration, folder);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await Database.InitializeAsync(provider, CancellationToken.None);
        return new TestConsole(provider, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
