using System.Diagnostics;
using System.Net;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KooMessage.Console.Benchmarks;

/// <summary>
/// How long each list page takes, in Debian's Chromium against the real console, from the start of the navigation until
/// its first data row is shown and its circuit is live (the layout's <c>data-interactive="true"</c>): the moment a user
/// can act on a row. Each page is printed beside the not-found page, which has the same shell and no query of its own.
/// </summary>
internal static class InteractiveTime
{
    private const string ChromiumPath = "/usr/bin/chromium-headless-shell";
    private const string NotFound = "/no-such-page";

    // Installed before the page's scripts: notes the time since the navigation started when both hold.
    private const string ReadyRecorder = """
        new MutationObserver((_, observer) => {
            const live = document.querySelector("[data-interactive=true]");
            const row = location.pathname === "/no-such-page"
                || document.querySelector("#main-content tbody tr.mud-table-row:not(:has([data-testid=list-loading], [data-testid=list-empty]))");
            if (live && row && window.__kmReady === undefined) {
                window.__kmReady = performance.now();
                observer.disconnect();
            }
        }).observe(document, { childList: true, subtree: true, attributes: true });
        """;

    private static readonly (string Who, string Path)[] Pages =
    [
        ("owner", "/iam/users"), ("owner", "/iam/audit-log"), ("owner", "/enterprise/filings"), ("owner", "/sms/apps"),
        ("owner", "/sms/signatures"), ("admin", "/platform/accounts"), ("admin", "/platform/staff"), ("admin", "/review"),
        ("admin", "/iam/audit-log"),
    ];

    /// <summary>
    /// Measures every list page <paramref name="runs"/> times after two rounds that warm it up (compiled queries, the
    /// browser's cache); <paramref name="seed"/> adds the bulk rows to the demo data first.
    /// </summary>
    public static async Task RunAsync(int runs, Func<IServiceProvider, Guid, Task> seed)
    {
        if (!File.Exists(ChromiumPath))
        {
            System.Console.WriteLine($"interactive time per list page: skipped, {ChromiumPath} is missing (tests/run.sh installs it)");
            return;
        }

        await using var app = new ConsoleApp();
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        await app.Services.CreateAdministratorAsync();
        IReadOnlyList<(string UserName, string Password)> demo;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            demo = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        var owner = DemoSeeder.Users[0].UserName;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = await scope.ServiceProvider.GetRequiredService<TenantDb>().ForSystemAsync("benchmark", CancellationToken.None);
            await using (db)
            {
                var accountId = db.Accounts.Single(a => a.Name == DemoSeeder.AccountName).Id;
                await seed(app.Services, accountId);
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var signedIn = new Dictionary<string, IPage>
        {
            ["owner"] = await SignInAsync(browser, baseUrl, owner, demo.Single(u => u.UserName == owner).Password),
            ["admin"] = await SignInAsync(browser, baseUrl, "admin", TestData.Password),
        };
        // Round after round over every page, so that whatever else the machine does weighs on all pages alike.
        var measured = new[] { ("owner", NotFound), ("admin", NotFound) }.Concat(Pages).ToList();
        var times = measured.ToDictionary(m => m, _ => new List<double>());
        for (var round = 0; round < runs + 2; round++)
        {
            foreach (var (who, path) in measured)
            {
                var time = await MeasureAsync(signedIn[who], path);
                if (round >= 2)
                {
                    times[(who, path)].Add(time);
                }
            }
        }

        double Median((string, string) page) => times[page].Order().ElementAt(times[page].Count / 2);
        System.Console.WriteLine($"interactive time per list page (Chromium: navigation start to first data row with the circuit live), median of {runs}:");
        foreach (var who in signedIn.Keys)
        {
            System.Console.WriteLine($"  {"not-found page (baseline), " + who,-42} {Median((who, NotFound)),8:F0} ms");
        }

        foreach (var (who, path) in Pages)
        {
            var time = Median((who, path));
            System.Console.WriteLine($"  {path + ", " + who,-42} {time,8:F0} ms  ratio {time / Median((who, NotFound)),5:F2}");
        }

        System.Console.WriteLine($"  {"peak working set so far",-42} {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024,8} MiB");
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string userName, string password)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#user-name").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await context.AddInitScriptAsync(ReadyRecorder);
        return page;
    }

    private static async Task<double> MeasureAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForFunctionAsync("() => window.__kmReady !== undefined");
        return await page.EvaluateAsync<double>("window.__kmReady");
    }

    /// <summary>The console over Kestrel on its own SQLite file, as <c>tests/Shared/Web/ConsoleFactory</c> starts it for E2E.</summary>
    private sealed class ConsoleApp : WebApplicationFactory<DemoSeeder>
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "km-bench", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // dotnet run starts this program from any folder: the console's content root is the folder of its project file.
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(root.FullName, "KooMessage.Console.csproj")))
            {
                root = root.Parent ?? throw new InvalidOperationException("KooMessage.Console.csproj was not found above the benchmark's folder.");
            }

            builder.UseContentRoot(root.FullName);
            Directory.CreateDirectory(folder);
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(folder, "koomessage.db")}");
            builder.UseSetting("Console:DataFolder", folder);
            builder.UseSetting("Console:FilesFolder", Path.Combine(folder, "files"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            GC.SuppressFinalize(this);
        }
    }
}
