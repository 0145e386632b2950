using System.Diagnostics;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Benchmarks;

/// <summary>
/// The short-link resolve host under load over real sockets (Kestrel on loopback): 50 connections for a fixed time
/// against group links picked at random among 100,000 (every visit a counted resolve, recorded as two events), as a
/// ratio to a bare 302 endpoint in front of the same pipeline in the same run; then visits answered and recorded. The
/// load comes from wrk (Debian's package) when installed, else from an in-process client; both share the machine's
/// cores with the console, as they would on a small server.
/// </summary>
internal static class ResolveFigures
{
    private const int Connections = LoadClient.Connections;
    private const string BarePath = "/bare-302";

    /// <summary>Warm-up rounds (a second on each path a round) at full size.</summary>
    private const int WarmRounds = 8;

    public static async Task PrintAsync(bool small)
    {
        var links = small ? 2_000 : 100_000;
        var duration = TimeSpan.FromSeconds(small ? 2 : 10);
        await using var app = new ResolveApp();
        app.UseKestrel(0);
        app.StartServer();
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner");
        var codes = await SeedAsync(app.Services, owner.AccountId!.Value, links / 2, null);
        var redirects = await SeedAsync(app.Services, owner.AccountId!.Value, links / 2, "https://shop.example.com/spring");

        // The links were written behind the console's back: load the snapshot as a console change would.
        var snapshot = app.Services.GetRequiredService<LinkSnapshot>();
        snapshot.Invalidate();
        await snapshot.Preloading;
        using var probe = app.CreateClient();
        var server = probe.BaseAddress ?? throw new InvalidOperationException("Kestrel gave no address.");
        var load = LoadClient.For(server, Path.Combine(app.Folder, "wrk"));

        string[] h5 = [.. codes.Select(c => $"/s/{c}")];
        string[] custom = [.. redirects.Select(c => $"/s/{c}")];
        var jitted = await WarmAsync(load, [[BarePath], h5, custom], small ? 1 : WarmRounds);
        // Every warm-up visit stored first, so the figures count only the measured ones.
        var answeredBefore = BareRedirect.Answered;
        var before = await WaitForVisitsAsync(app.Services, owner.AccountId!.Value, answeredBefore);

        // Each run starts with the writer caught up: visits the channel still held would be written during the next run.
        var writer = app.Services.GetRequiredService<EventWriter>();
        var bare = await load.RunAsync([BarePath], duration);
        var (resolve, resolveWriter) = await WatchWriterAsync(writer, () => load.RunAsync(h5, duration));
        await WaitForVisitsAsync(app.Services, owner.AccountId!.Value, before + BareRedirect.Answered - answeredBefore);
        var (redirect, redirectWriter) = await WatchWriterAsync(writer, () => load.RunAsync(custom, duration));
        var answered = BareRedirect.Answered - answeredBefore;
        var recorded = await WaitForVisitsAsync(app.Services, owner.AccountId!.Value, before + answered) - before;

        System.Console.WriteLine($"short-link resolve, {Connections} connections ({load.Name}) over loopback for {duration.TotalSeconds:F0} s each, {links:N0} group links (half with a custom URL, {snapshot.Preloaded:N0} preloaded), recording on:");
        System.Console.WriteLine($"  {"warm-up: methods compiled a round",-42} {string.Join(" → ", jitted)}");
        System.Console.WriteLine($"  {"bare 302",-42} {bare.PerSecond,10:F0} req/s  p50 {bare.P50,6:F2} ms  p99 {bare.P99,6:F2} ms");
        System.Console.WriteLine($"  {"resolve host GET /s/{code}",-42} {resolve.PerSecond,10:F0} req/s  p50 {resolve.P50,6:F2} ms  p99 {resolve.P99,6:F2} ms");
        System.Console.WriteLine($"  {"resolve host, custom URL (302)",-42} {redirect.PerSecond,10:F0} req/s  p50 {redirect.P50,6:F2} ms  p99 {redirect.P99,6:F2} ms");
        System.Console.WriteLine($"  {"ratio H5 page / bare (throughput)",-42} {resolve.PerSecond / bare.PerSecond,10:F3}");
        System.Console.WriteLine($"  {"ratio custom URL / bare (throughput)",-42} {redirect.PerSecond / bare.PerSecond,10:F3}");
        System.Console.WriteLine($"  {"visits answered (server) / recorded",-42} {answered,10:N0} / {recorded:N0}");
        System.Console.WriteLine($"  {"event writer busy, H5 run / custom URL run",-42} {resolveWriter.Busy,10:P0} / {redirectWriter.Busy:P0}  ({resolveWriter.PerBatch:N0} / {redirectWriter.PerBatch:N0} events a batch)");
        System.Console.WriteLine($"  {"peak working set so far",-42} {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024,10} MiB");
    }

    /// <summary>
    /// Visits every path for a second a round, <paramref name="rounds"/> times, and says how many methods each round
    /// compiled. Tiered compilation recompiles hot methods (instrumented, then optimized) on a background thread that lags
    /// under load: after one second of warm-up a profile of the measured H5 run found the JIT at 7–13 % of the machine's
    /// CPU, and after twelve rounds under 1 %, as in a console that has run for a while. From the fourth round on each
    /// round compiled about a hundred methods, never none, so the rounds are fixed (eight) rather than waited out.
    /// </summary>
    private static async Task<List<int>> WarmAsync(LoadClient load, IReadOnlyList<string[]> paths, int rounds)
    {
        var compiled = new List<int>();
        for (var round = 0; round < rounds; round++)
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            foreach (var path in paths)
            {
                await load.RunAsync(path, TimeSpan.FromSeconds(1));
            }

            compiled.Add((int)(System.Runtime.JitInfo.GetCompiledMethodCount() - before));
        }

        return compiled;
    }

    /// <summary>
    /// Runs <paramref name="run"/> and says how much of its wall time the one event writer spent writing, and its events
    /// per batch: near 100 % with full batches, the writer, not the request path, sets the throughput.
    /// </summary>
    private static async Task<(T Result, (double Busy, double PerBatch) Writer)> WatchWriterAsync<T>(EventWriter writer, Func<Task<T>> run)
    {
        var (busy, batches, handled) = (writer.Busy, writer.Batches, writer.Handled);
        var wall = Stopwatch.StartNew();
        var result = await run();
        var share = (writer.Busy - busy) / wall.Elapsed;
        var perBatch = (double)(writer.Handled - handled) / Math.Max(1, writer.Batches - batches);
        return (result, (share, perBatch));
    }

    private static async Task<List<string>> SeedAsync(IServiceProvider services, Guid accountId, int count, string? customUrl)
    {
        var (tplId, _) = await services.ApprovedTemplateAsync(accountId, customUrl is null ? "600000001" : "600000002");
        await using var db = await services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "benchmark links", CancellationToken.None);
        var version = await db.AimTemplates.Where(t => t.TplId == tplId).Select(t => t.ApprovedVersionId!.Value).SingleAsync();
        var now = DateTime.UtcNow;
        var task = new ResolveTask
        {
            AccountId = accountId, Name = "压测", TplId = tplId, TplName = "压测", VersionId = version, Type = ShortLinkType.Group, ExpiresAt = now.AddDays(30),
            MaxResolves = ResolveTaskRules.GroupResolvesMax, Signatures = ShortLinkData.Signature, CustomUrl = customUrl, CreatedAt = now, UpdatedAt = now,
        };
        db.ResolveTasks.Add(task);
        var codes = Enumerable.Range(0, count).Select(_ => ResolveTaskRules.NewCode()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in codes.Chunk(10_000))
        {
            db.ShortLinks.AddRange(chunk.Select(code => new ShortLink
            {
                AccountId = accountId, TaskId = task.Id, Code = code, CustFlag = "bench", Values = """{"name":"王女士","amount":"88"}""",
                MaxResolves = task.MaxResolves, ExpiresAt = task.ExpiresAt, CreatedAt = now,
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return codes;
    }

    private static async Task<long> VisitsAsync(IServiceProvider services, Guid accountId)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "benchmark visits", CancellationToken.None);
        return await db.Events.LongCountAsync(e => e.Kind == EventKind.Visit || e.Kind == EventKind.Resolve);
    }

    /// <summary>The batched writer stores visits a moment after they are answered: wait until it holds <paramref name="expected"/> (at most five minutes).</summary>
    private static async Task<long> WaitForVisitsAsync(IServiceProvider services, Guid accountId, long expected)
    {
        var until = Stopwatch.StartNew();
        long seen;
        while ((seen = await VisitsAsync(services, accountId)) < expected && until.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Yield();
        }

        return seen;
    }

    /// <summary>The console on its own SQLite file, with a bare 302 endpoint in front of its pipeline as the baseline.</summary>
    private sealed class ResolveApp : WebApplicationFactory<DemoSeeder>
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "km-bench", Guid.NewGuid().ToString("N"));

        public string Folder => folder;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(root.FullName, "KooMessage.Console.csproj")))
            {
                root = root.Parent ?? throw new InvalidOperationException("KooMessage.Console.csproj was not found above the benchmark's folder.");
            }

            builder.UseContentRoot(root.FullName);

            // As deployed: WebApplicationFactory's default, Development, adds the developer exception page and looks up static web assets on disk.
            builder.UseEnvironment("Production");
            Directory.CreateDirectory(folder);
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(folder, "koomessage.db")}");
            builder.UseSetting("Console:DataFolder", folder);
            builder.UseSetting("Console:FilesFolder", Path.Combine(folder, "files"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
            builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, BareRedirect>());
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>The bare 302, and a count of the short-link visits the server answered (a load client stopped mid-request may not have read its answer).</summary>
    private sealed class BareRedirect : IStartupFilter
    {
        private static long answered;

        public static long Answered => Interlocked.Read(ref answered);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                try
                {
                    await inner();
                }
                finally
                {
                    // Also when the load client left as the answer was written (the end of a run): the visit was recorded.
                    if (context.Request.Path.StartsWithSegments("/s"))
                    {
                        Interlocked.Increment(ref answered);
                    }
                }
            });
            app.Map(BarePath, bare => bare.Run(context =>
            {
                context.Response.Redirect("https://shop.example.com/");
                return Task.CompletedTask;
            }));
            next(app);
        };
    }
}
