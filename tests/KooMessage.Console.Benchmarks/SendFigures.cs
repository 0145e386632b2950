using System.Diagnostics;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Benchmarks;

/// <summary>
/// Sending end to end through Kannel and its fake SMSC, after a warm-up of both at a tenth of the size: Kannel's own
/// intake (50 clients sending sendsms requests directly, reports on) before and after a send task of as many numbers
/// with the rate limit lifted, timed from its start
/// to the last delivery report applied; messages a second of each, the task's ratio to the mean intake, the dispatcher's
/// overhead per message against that mean, and a check
/// that every number reached the SMSC once and every report was applied.
/// </summary>
internal static class SendFigures
{
    private const int Clients = 50;

    public static async Task PrintAsync(bool small)
    {
        var count = small ? 1_000 : Math.Max(1_000, int.Parse(Environment.GetEnvironmentVariable("SEND_COUNT") ?? "100000", System.Globalization.CultureInfo.InvariantCulture));
        var port = KannelProcess.FreePort();
        await using var kannel = await KannelProcess.StartAsync($"http://127.0.0.1:{port}");
        await using var app = new SendApp(kannel.Settings);
        app.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        app.StartServer();
        var owner = await app.Services.CreateAccountAsync(await app.Services.CreateAdministratorAsync(), "甲公司", "owner");
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KannelOptions>>().Value;

        // Kannel's own intake: the same requests the dispatcher makes (reports on, to the console), without the console's
        // work; measured before and after the task, whose rate is compared with their mean (the machine's pace drifts).
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients });
        var writer = app.Services.GetRequiredService<EventWriter>();
        async Task<(TimeSpan Elapsed, TimeSpan Drain, long Reports)> IntakeAsync(string prefix, int messages)
        {
            var handledBefore = writer.Handled;
            var next = -1;
            var intake = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < messages)
                {
                    var url = KannelGateway.SendUrl(options, new OutgoingSms(owner.AccountId!.Value, Guid.NewGuid(), $"{prefix}{i:D8}", "【甲公司】您的验证码是1234，拒收请回复R"));
                    using var response = await http.GetAsync(url);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException($"Kannel refused the intake load: {(int)response.StatusCode}");
                    }
                }
            }));
            intake.Stop();

            // The intake's reports (accepted and delivered, two a message) are still coming through smsbox: the next
            // measurement starts once they are stored, so it does not share the gateway with this one's tail.
            var drain = Stopwatch.StartNew();
            var seen = await WaitForEventsAsync(writer, handledBefore + (2L * messages), TimeSpan.FromSeconds(30));
            drain.Stop();
            return (intake.Elapsed, drain.Elapsed, seen - handledBefore);
        }

        async Task<(TimeSpan Elapsed, long Delivered, long Failed, long Unknown)> TaskAsync(IReadOnlyList<string> numbers)
        {
            await using var scope = app.Services.As(owner.Principal);
            var service = scope.ServiceProvider.GetRequiredService<SendTaskService>();
            var task = (await service.CreateAsync("基准", SendTask.MaxRatePerSecond, [.. numbers.Select(n => new Recipient(n, "【甲公司】您的验证码是1234，拒收请回复R"))], CancellationToken.None)).Value;
            // A send and two reports a message: read before the start, as the run's first events may come before it returns.
            var events = writer.Handled + (3L * numbers.Count);
            var endToEnd = Stopwatch.StartNew();
            if ((await service.StartAsync(task, 0, CancellationToken.None)).Error is { } error)
            {
                throw new InvalidOperationException(error.Message);
            }

            // Counting a task's rows by state scans its index (100,000 entries): asked four times a second all along, it
            // weighed on the run it timed. The writer's count of events (each report applied in the transaction that
            // stores it) says when to start asking, unless it stops moving short of that.
            await WaitForEventsAsync(writer, events, TimeSpan.FromSeconds(5));
            var progress = (await service.ProgressAsync(task, CancellationToken.None)).Value;
            while (progress.Delivered + progress.Failed + progress.Unknown < numbers.Count && endToEnd.Elapsed < TimeSpan.FromMinutes(30))
            {
                await Task.Delay(250);
                progress = (await service.ProgressAsync(task, CancellationToken.None)).Value;
            }

            endToEnd.Stop();
            return (endToEnd.Elapsed, progress.Delivered, progress.Failed, progress.Unknown);
        }

        // Both paths once before measuring, a tenth of the size: the first intake used to run with the console's callbacks
        // and the dispatcher not yet compiled to their final tier (the intake after the task was faster in four runs of
        // five), so the mean the ratio divides by mixed a cold run with a warm one.
        var warmUp = Math.Max(100, count / 10);
        await IntakeAsync("153", warmUp);
        await TaskAsync([.. Enumerable.Range(0, warmUp).Select(i => $"154{i:D8}")]);

        var before = await IntakeAsync("150", count);
        var numbers = Enumerable.Range(0, count).Select(i => $"151{i:D8}").ToList();
        var measured = await TaskAsync(numbers);
        var received = kannel.ReceivedByReceiver();
        var once = numbers.Count(n => received.GetValueOrDefault(n) == 1);
        var after = await IntakeAsync("152", count);
        var intakeRate = count / before.Elapsed.TotalSeconds;
        var intakeAfterRate = count / after.Elapsed.TotalSeconds;
        var meanIntake = (intakeRate + intakeAfterRate) / 2;
        var e2eRate = count / measured.Elapsed.TotalSeconds;
        System.Console.WriteLine($"sending through Kannel + fake SMSC, {count:N0} messages, {Clients} connections, every report on:");
        System.Console.WriteLine($"  {"Kannel intake before / after the task",-42} {intakeRate,10:F0} / {intakeAfterRate:F0} msg/s");
        System.Console.WriteLine($"  {"intake's reports stored after its last answer",-42} {before.Drain.TotalSeconds,10:F1} / {after.Drain.TotalSeconds:F1} s  ({before.Reports:N0} / {after.Reports:N0} reports)");
        System.Console.WriteLine($"  {"send task start -> last report applied",-42} {e2eRate,10:F0} msg/s");
        System.Console.WriteLine($"  {"ratio end to end / mean Kannel intake",-42} {e2eRate / meanIntake,10:F3}");
        System.Console.WriteLine($"  {"dispatcher overhead per message",-42} {(measured.Elapsed.TotalSeconds - (count / meanIntake)) * 1_000_000 / count,10:F0} µs");
        System.Console.WriteLine($"  {"delivered / failed / unknown",-42} {measured.Delivered,10:N0} / {measured.Failed:N0} / {measured.Unknown:N0}");
        System.Console.WriteLine($"  {"numbers at the SMSC exactly once",-42} {once,10:N0}");
        System.Console.WriteLine($"  {"peak working set so far",-42} {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024,10} MiB");
    }

    /// <summary>Waits until the event writer has handled <paramref name="target"/> events since start, or its count has not moved for <paramref name="quiet"/>; says how many it had.</summary>
    private static async Task<long> WaitForEventsAsync(EventWriter writer, long target, TimeSpan quiet)
    {
        var (seen, still) = (writer.Handled, Stopwatch.StartNew());
        while (seen < target && still.Elapsed < quiet)
        {
            await Task.Delay(20);
            if (writer.Handled != seen)
            {
                (seen, still) = (writer.Handled, Stopwatch.StartNew());
            }
        }

        return seen;
    }

    private sealed class SendApp(IReadOnlyDictionary<string, string?> gateway) : WebApplicationFactory<DemoSeeder>
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "km-bench", Guid.NewGuid().ToString("N"));

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
            builder.UseSetting("Jobs:PollSeconds", "0.2");

            // Throughput, not billing: the benchmark's account has no balance, so sends are not refused for their cost.
            builder.UseSetting("Billing:RefuseUncovered", "false");
            foreach (var (key, value) in gateway)
            {
                builder.UseSetting(key, value);
            }
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
