using Bunit;
using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;

namespace KooMessage.Console.ComponentTests;

/// <summary>bUnit with MudBlazor and the console's real services on a fresh, migrated SQLite file, in Chinese.</summary>
public abstract class ConsoleComponentTest : BunitContext, IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "km-tests", Guid.NewGuid().ToString("N"));
    private readonly CultureScope culture = CultureScope.Use("zh-CN");

    protected ConsoleComponentTest()
    {
        // The machine running the tests is shared and often busy: a render may take seconds, never a failure.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        MigratedDatabase.CopyTo(Path.Combine(folder, "koomessage.db"));
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        Services.AddMudServices();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "koomessage.db")}" })
            .Build();
        Services.AddConsoleCore(configuration, folder);
        Services.UseTestPasswordHashing();
    }

    public virtual Task InitializeAsync()
    {
        // Components render as they do in the browser once the circuit is live (the lists then write their address).
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return Database.InitializeAsync(Services, CancellationToken.None);
    }

    /// <summary>Components rendered after this call act as <paramref name="user"/>.</summary>
    protected void SignIn(TestUser user) => Services.GetRequiredService<Common.Security.CurrentUser>().SetRequestPrincipal(user.Principal);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        culture.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
