using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KooMessage.Console.Tests;

/// <summary>The console's services (no web host) on a fresh SQLite file with every migration applied (<see cref="MigratedDatabase"/>).</summary>
public sealed class TestConsole : IAsyncDisposable
{
    private readonly string folder;
    private readonly string culture;
    private readonly Action<IServiceCollection>? configure;

    private TestConsole(ServiceProvider services, string folder, string culture, Action<IServiceCollection>? configure)
    {
        Services = services;
        this.folder = folder;
        this.culture = culture;
        this.configure = configure;
    }

    public ServiceProvider Services { get; }

    public static Task<TestConsole> StartAsync(Action<IServiceCollection>? configure = null, string culture = "zh-CN") =>
        StartAsync(configure, culture, Path.Combine(Path.GetTempPath(), "km-tests", Guid.NewGuid().ToString("N")));

    /// <summary>
    /// Stops these services as a killed process leaves them (nothing more runs, the data folder stays) and starts new
    /// ones on the same folder, as the next start of the console would (with the same service changes).
    /// </summary>
    public async Task<TestConsole> RestartAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        return await StartAsync(configure, culture, folder);
    }

    private static async Task<TestConsole> StartAsync(Action<IServiceCollection>? configure, string culture, string folder)
    {
        Directory.CreateDirectory(folder);
        MigratedDatabase.CopyTo(Path.Combine(folder, "koomessage.db"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "koomessage.db")}",
                ["Console:DefaultCulture"] = culture,

                // Other modules' tests send from accounts with no balance; the billing tests turn the refusal on.
                ["Billing:RefuseUncovered"] = "false",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConsoleCore(configuration, folder);
        services.UseTestPasswordHashing();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await Database.InitializeAsync(provider, CancellationToken.None);
        return new TestConsole(provider, folder, culture, configure);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
