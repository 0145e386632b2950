using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>The real console on a free port of 127.0.0.1 and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// Debian's Chromium in its headless shell (package chromium-headless-shell, what Playwright itself runs headless):
    /// measured on this machine's two cores, the full browser's headless mode took 2.3 times its CPU for the same tests.
    /// </summary>
    public const string ChromiumPath = "/usr/bin/chromium-headless-shell";

    /// <summary>How long an action or an assertion waits for its condition.</summary>
    private const float Patience = 30_000;

    private IPlaywright? playwright;

    public Tests.ConsoleFactory App { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        App.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Directory.CreateDirectory(ScreenshotFolder);
        // The test run shares two cores with the other test projects: assertions wait as long as actions do. 15 s was
        // seen exceeded by a sign-out redirect and a filter's address change while four test projects ran at once.
        Assertions.SetDefaultExpectTimeout(Patience);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(Patience);
        return await context.NewPageAsync();
    }

    /// <summary>The console is stopped and its folder removed even when closing the browser fails.</summary>
    public async Task DisposeAsync()
    {
        try
        {
            await Browser.DisposeAsync();
            playwright?.Dispose();
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
