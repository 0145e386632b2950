using System.Diagnostics;
using System.Globalization;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Reports;
using KooMessage.Console.Features.Reports.Rollups;
using KooMessage.Console.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Benchmarks;

/// <summary>
/// The report rollups: a 90-day template report (per template × vendor sums for one account) over N generated events,
/// read through <see cref="TemplateDayRollup"/> as the report pages read it, against the baseline of a raw GROUP BY
/// over the events in the same run (both give the same rows: checked); then the event store's ingestion rate while
/// the rollup job runs back to back, as a ratio to the same batched inserts without it.
/// </summary>
internal static class RollupFigures
{
    private const int Templates = 20;
    private static readonly string?[] Vendors = [null, "HUAWEI", "XIAOMI", "OPPO", "VIVO", "MEIZU", "SAMSUNG"];

    /// <remarks>The CI size is a five-hundredth (20,000 events), not the fiftieth of the other figures: it keeps the CI run to seconds.</remarks>
    public static async Task PrintAsync(bool small, int? events = null)
    {
        await ReportAsync(events ?? (small ? 20_000 : 10_000_000), small);
        await IngestionAsync(small ? 5_000 : 1_000_000);
    }

    private static async Task ReportAsync(int n, bool small)
    {
        await using var app = await TestConsole.StartAsync();
        var account = await AccountAsync(app);
        var dbs = app.Services.GetRequiredService<TenantDb>();
        var now = DateTime.UtcNow;

        var watch = Stopwatch.StartNew();
        await GenerateAsync(dbs, account, n, now);
        var generated = watch.Elapsed;
        watch.Restart();
        var run = await app.Services.GetRequiredService<RollupBuilder>().RunAsync(CancellationToken.None);
        var rolled = watch.Elapsed;

        var zone = RollupDays.Zone(UserTime.DefaultZone);
        var to = RollupDays.DayOf(now, zone);
        var from = to.AddDays(-89);
        var throughRollups = await MeasureAsync(50, () => ThroughRollupsAsync(dbs, account, from, to));
        var raw = await MeasureAsync(small ? 10 : 1, () => RawGroupByAsync(dbs, account, from, to, zone));
        if (!throughRollups.Rows.SequenceEqual(raw.Rows))
        {
            throw new InvalidOperationException("The report through the rollups differs from the raw GROUP BY.");
        }

        System.Console.WriteLine($"90-day template report, one account, {n:N0} events over 90 days ({throughRollups.Rows.Count} template × vendor rows; median):");
        System.Console.WriteLine($"  {"generate the events (one statement a row)",-46} {generated.TotalSeconds,9:F1} s");
        System.Console.WriteLine($"  {$"first rollup run ({run.Days} account days)",-46} {rolled.TotalSeconds,9:F1} s   {n / rolled.TotalSeconds,10:N0} events/s");
        System.Console.WriteLine($"  {"through the rollups (TemplateDayRollups), 50",-46} {throughRollups.Median.TotalMilliseconds,9:F2} ms   (target < 50 ms)");
        System.Console.WriteLine($"  {$"baseline: raw GROUP BY over the events, {raw.Runs}",-46} {raw.Median.TotalMilliseconds,9:F2} ms");
        System.Console.WriteLine($"  {"ratio baseline / rollups",-46} {raw.Median / throughRollups.Median,9:F1} ×   (target ≥ 20 ×)");
        System.Console.WriteLine($"  {"peak working set so far",-46} {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024,9} MiB");
    }

    private static async Task IngestionAsync(int n)
    {
        var baseline = await IngestAloneAsync(n);
        var (rate, runs) = await IngestWithRollupsAsync(n);
        System.Console.WriteLine($"event store ingestion, {n:N0} events in batches of 1,000 (EventStore.AppendAsync; events/s):");
        System.Console.WriteLine($"  {"baseline: batched inserts alone",-46} {baseline,10:N0} /s");
        System.Console.WriteLine($"  {$"with the rollup job back to back ({runs} runs)",-46} {rate,10:N0} /s   {rate / baseline,5:F2}");
        System.Console.WriteLine($"  {"peak working set so far",-46} {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024,10} MiB");
    }

    private static async Task<double> IngestAloneAsync(int n)
    {
        await using var app = await TestConsole.StartAsync();
        return await AppendAllAsync(app, await AccountAsync(app), n);
    }

    private static async Task<(double Rate, int Runs)> IngestWithRollupsAsync(int n)
    {
        await using var app = await TestConsole.StartAsync();
        var account = await AccountAsync(app);
        var rollups = app.Services.GetRequiredService<RollupBuilder>();
        using var stop = new CancellationTokenSource();
        var runs = 0;
        var job = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await rollups.RunAsync(CancellationToken.None);
                runs++;
            }
        });
        var rate = await AppendAllAsync(app, account, n);
        await stop.CancelAsync();
        await job;
        await rollups.RunAsync(CancellationToken.None);

        // Every event is in the rollups once the job has caught up.
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "benchmark", CancellationToken.None);
        var exposures = await db.TemplateDayRollups.SumAsync(r => r.ExposurePv);
        var stored = await db.Events.CountAsync(e => e.Kind == EventKind.Exposure && !e.IsBot && e.TemplateId != null);
        if (exposures != stored)
        {
            throw new InvalidOperationException($"{exposures} exposures rolled up of {stored}.");
        }

        return (rate, runs);
    }

    private static async Task<double> AppendAllAsync(TestConsole app, Guid account, int n)
    {
        var store = app.Services.GetRequiredService<EventStore>();
        var random = new Random(7);
        var now = DateTime.UtcNow;
        var batches = Enumerable.Range(0, (n + 999) / 1000)
            .Select(b => Enumerable.Range(0, Math.Min(1000, n - (b * 1000))).Select(_ => Record(random, account, now.AddSeconds(-random.Next(86_400)))).ToList())
            .ToList();
        var watch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await store.AppendAsync(batch, now, CancellationToken.None);
        }

        return n / watch.Elapsed.TotalSeconds;
    }

    private static EventRecord Record(Random random, Guid account, DateTime at)
    {
        var (kind, template, vendor, hash, visitor, bot) = Shape(random);
        return new EventRecord(account, kind, at)
        {
            TemplateId = kind == EventKind.MenuClick ? null : template, Vendor = vendor, NumberHash = hash, VisitorId = visitor, IsBot = bot,
            ServiceNumber = kind == EventKind.MenuClick ? "sn-1" : null, MenuItem = kind == EventKind.MenuClick ? $"m{random.Next(5)}" : null,
            Billed = kind == EventKind.MenuClick ? random.Next(2) == 0 : null,
            ExternalId = kind == EventKind.DeliveryReport ? $"dlr:{Guid.NewGuid():N}:{(random.Next(2) == 0 ? 1 : 2)}" : null,
        };
    }

    /// <summary>A plausible mix: sends and their reports, resolves and visits, exposures, clicks, menu clicks; numbers from a pool, some visitors by cookie.</summary>
    private static (EventKind Kind, string Template, string? Vendor, string? Hash, string? Visitor, bool Bot) Shape(Random random)
    {
        var roll = random.Next(100);
        var kind = roll switch
        {
            < 25 => EventKind.Send,
            < 40 => EventKind.DeliveryReport,
            < 55 => EventKind.Resolve,
            < 60 => EventKind.Visit,
            < 80 => EventKind.Exposure,
            < 95 => EventKind.Click,
            _ => EventKind.MenuClick,
        };
        var template = (100_000_000 + random.Next(Templates)).ToString(CultureInfo.InvariantCulture);
        var vendor = kind == EventKind.Send ? null : Vendors[random.Next(Vendors.Length)];
        var who = random.Next(10);
        var hash = who < 7 ? random.Next(200_000).ToString("x40", CultureInfo.InvariantCulture) : null;
        var visitor = who is 7 or 8 ? $"v{random.Next(50_000)}" : null;
        return (kind, template, vendor, hash, visitor, kind == EventKind.Visit && random.Next(4) == 0);
    }

    /// <summary>
    /// N events spread over the last 90 days, written as generated data is (prepared statement, 100,000 rows a
    /// transaction). The generator's own connection keeps a 1 GiB page cache and skips the WAL's fsyncs: the index on
    /// (account, kind, time) takes rows in random time order, and with SQLite's 2 MiB default cache each insert read
    /// pages back from the file (34 minutes for 10,000,000 events). The store under test is not changed by it.
    /// </summary>
    private static async Task GenerateAsync(TenantDb dbs, Guid account, int n, DateTime now)
    {
        await using var db = await dbs.ForSystemAsync("benchmark", CancellationToken.None);
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA cache_size = -1048576; PRAGMA synchronous = OFF;";
            await pragmas.ExecuteNonQueryAsync();
        }

        var random = new Random(90);
        var accountText = account.ToString().ToUpperInvariant();
        var received = Time(now);
        const int PerTransaction = 100_000;
        for (var start = 0; start < n; start += PerTransaction)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText =
                $"""
                INSERT INTO "{EventStore.Table}" ("AccountId", "Kind", "OccurredAt", "ReceivedAt", "ExternalId", "TemplateId", "Vendor", "NumberHash", "VisitorId",
                    "IsBot", "ServiceNumber", "MenuItem", "Billed")
                VALUES ($a, $k, $o, $r, $x, $t, $v, $h, $w, $b, $s, $m, $bl)
                """;
            var p = new[] { "$a", "$k", "$o", "$r", "$x", "$t", "$v", "$h", "$w", "$b", "$s", "$m", "$bl" }.Select(name => command.Parameters.Add(name, SqliteType.Text)).ToArray();
            command.Prepare();
            for (var i = start; i < Math.Min(n, start + PerTransaction); i++)
            {
                var e = Record(random, account, now.AddSeconds(-random.Next(90 * 86_400)));
                p[0].Value = accountText;
                p[1].Value = (int)e.Kind;
                p[2].Value = Time(e.OccurredAt);
                p[3].Value = received;
                p[4].Value = (object?)e.ExternalId ?? DBNull.Value;
                p[5].Value = (object?)e.TemplateId ?? DBNull.Value;
                p[6].Value = (object?)e.Vendor ?? DBNull.Value;
                p[7].Value = (object?)e.NumberHash ?? DBNull.Value;
                p[8].Value = (object?)e.VisitorId ?? DBNull.Value;
                p[9].Value = e.IsBot ? 1 : 0;
                p[10].Value = (object?)e.ServiceNumber ?? DBNull.Value;
                p[11].Value = (object?)e.MenuItem ?? DBNull.Value;
                p[12].Value = e.Billed is { } billed ? (billed ? 1 : 0) : DBNull.Value;
                await command.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }
    }

    private sealed record ReportRow(string TemplateId, string Vendor, long Sends, long Resolves, long ExposurePv, long ExposureUv, long ClickPv, long ClickUv);

    /// <summary>The report as the pages read it: the account's own context over its template rollups.</summary>
    private static async Task<List<ReportRow>> ThroughRollupsAsync(TenantDb dbs, Guid account, DateOnly from, DateOnly to)
    {
        await using var db = await dbs.ForAccountAsync(account, "benchmark", CancellationToken.None);
        return await db.TemplateDayRollups.AsNoTracking()
            .Where(r => r.Day >= from && r.Day <= to)
            .GroupBy(r => new { r.TemplateId, r.Vendor })
            .OrderBy(g => g.Key.TemplateId).ThenBy(g => g.Key.Vendor)
            .Select(g => new ReportRow(g.Key.TemplateId, g.Key.Vendor, g.Sum(r => r.Sends), g.Sum(r => r.Resolves), g.Sum(r => r.ExposurePv), g.Sum(r => r.ExposureUv),
                g.Sum(r => r.ClickPv), g.Sum(r => r.ClickUv)))
            .ToListAsync();
    }

    /// <summary>
    /// The same report straight from the events: daily UVs (the day in Beijing time, UTC+8 all year) summed over the
    /// window, as the rollups count them, along the store's (account, kind, time) index.
    /// </summary>
    private static async Task<List<ReportRow>> RawGroupByAsync(TenantDb dbs, Guid account, DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        await using var db = await dbs.ForSystemAsync("benchmark", CancellationToken.None);
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        var visitor = "COALESCE(\"NumberHash\", \"VisitorId\", 'event:' || \"Id\")";
        command.CommandText =
            $"""
            SELECT "TemplateId", "Vendor", SUM(s), SUM(r), SUM(ep), SUM(eu), SUM(cp), SUM(cu) FROM (
                SELECT date("OccurredAt", '+8 hours') AS d, "TemplateId", COALESCE("Vendor", '') AS "Vendor",
                       SUM("Kind" = {(int)EventKind.Send}) AS s, SUM("Kind" = {(int)EventKind.Resolve}) AS r,
                       SUM("Kind" = {(int)EventKind.Exposure}) AS ep, COUNT(DISTINCT CASE WHEN "Kind" = {(int)EventKind.Exposure} THEN {visitor} END) AS eu,
                       SUM("Kind" = {(int)EventKind.Click}) AS cp, COUNT(DISTINCT CASE WHEN "Kind" = {(int)EventKind.Click} THEN {visitor} END) AS cu
                FROM "{EventStore.Table}"
                WHERE "AccountId" = $a AND "Kind" IN ({(int)EventKind.Resolve}, {(int)EventKind.Send}, {(int)EventKind.Exposure}, {(int)EventKind.Click})
                  AND "OccurredAt" >= $from AND "OccurredAt" < $to AND "IsBot" = 0 AND "TemplateId" IS NOT NULL
                GROUP BY 1, 2, 3)
            GROUP BY 1, 2 ORDER BY 1, 2
            """;
        command.Parameters.Add(new SqliteParameter("$a", account.ToString().ToUpperInvariant()));
        command.Parameters.Add(new SqliteParameter("$from", Time(RollupDays.StartOf(from, zone))));
        command.Parameters.Add(new SqliteParameter("$to", Time(RollupDays.StartOf(to.AddDays(1), zone))));
        var rows = new List<ReportRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new ReportRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }

        return rows;
    }

    private static async Task<(TimeSpan Median, int Runs, List<ReportRow> Rows)> MeasureAsync(int runs, Func<Task<List<ReportRow>>> report)
    {
        var rows = await report();
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            rows = await report();
            times.Add(watch.Elapsed);
        }

        return (times.Order().ElementAt(times.Count / 2), runs, rows);
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static async Task<Guid> AccountAsync(TestConsole app)
    {
        var admin = await app.Services.CreateAdministratorAsync();
        return (await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a")).AccountId!.Value;
    }
}
