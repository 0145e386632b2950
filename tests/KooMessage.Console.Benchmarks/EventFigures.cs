using System.Diagnostics;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Benchmarks;

/// <summary>
/// How fast the one writer drains the event channel into SQLite at several batch sizes: N visits handed to
/// <see cref="IEventSink"/> while the writer runs, timed until the stop has written the last one. The baseline is the
/// same rows appended by <see cref="EventStore"/> in one transaction (the store's own ceiling), in the same run.
/// </summary>
internal static class EventFigures
{
    public static async Task PrintAsync(bool small)
    {
        var n = small ? 4_000 : 200_000;
        System.Console.WriteLine($"event store writer, {n:N0} visits through the channel ({n / 20:N0} at batch sizes below 100; events/s; ratio to one transaction of all rows):");
        var baseline = await OneTransactionAsync(n);
        System.Console.WriteLine($"  {"baseline: EventStore.AppendAsync, one batch",-44} {baseline,10:N0} /s");
        foreach (var size in new[] { 1, 10, 100, 500, 1_000, 5_000 })
        {
            // Batches of 1 and 10 commit (and sync) per event or so: a twentieth of the events gives their rate as well.
            var rate = await ThroughChannelAsync(size < 100 ? n / 20 : n, size);
            System.Console.WriteLine($"  {$"channel + writer, BatchSize {size}",-44} {rate,10:N0} /s   {rate / baseline,5:F2}");
        }
    }

    private static async Task<double> ThroughChannelAsync(int n, int batchSize)
    {
        await using var app = await TestConsole.StartAsync(s => s.Configure<EventOptions>(o => o.BatchSize = batchSize));
        var account = await AccountAsync(app);
        var sink = app.Services.GetRequiredService<IEventSink>();
        var writer = app.Services.GetRequiredService<EventWriter>();
        await writer.StartAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await sink.WriteAsync(Visit(account, i), CancellationToken.None);
        }

        await writer.StopAsync(CancellationToken.None);
        clock.Stop();
        if (writer.Written != n)
        {
            throw new InvalidOperationException($"{writer.Written} of {n} events written");
        }

        return n / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> OneTransactionAsync(int n)
    {
        await using var app = await TestConsole.StartAsync();
        var account = await AccountAsync(app);
        var rows = Enumerable.Range(0, n).Select(i => Visit(account, i)).ToList();
        var clock = Stopwatch.StartNew();
        var outcome = await app.Services.GetRequiredService<EventStore>().AppendAsync(rows, DateTime.UtcNow, CancellationToken.None);
        clock.Stop();
        return outcome.Written / clock.Elapsed.TotalSeconds;
    }

    private static EventRecord Visit(Guid account, int i) =>
        new(account, EventKind.Visit, DateTime.UtcNow) { LinkCode = $"c{i % 1000:D4}", Vendor = "HUAWEI", Agent = "phone", IsBot = i % 20 == 0 };

    private static async Task<Guid> AccountAsync(TestConsole app)
    {
        var admin = await app.Services.CreateAdministratorAsync();
        return (await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a")).AccountId!.Value;
    }
}
