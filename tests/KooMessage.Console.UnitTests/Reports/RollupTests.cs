using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Reports;
using KooMessage.Console.Features.Reports.Rollups;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Reports;

/// <summary>The rollup job against an independent aggregation of the raw events, on a real SQLite store.</summary>
public sealed class RollupTests : IAsyncLifetime
{
    // 16:00 in Beijing, 08:00 UTC.
    private static readonly DateTime Now = new(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private TestConsole app = default!;
    private Guid shanghai;
    private Guid utc;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<RollupOptions>(o => o.RetentionDays = 180);
        });
        var admin = await app.Services.CreateAdministratorAsync();
        shanghai = (await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner-a")).AccountId!.Value;
        utc = (await app.Services.CreateAccountAsync(admin, "云帆科技有限公司", "owner-b")).AccountId!.Value;
        await using var db = await Dbs.ForSystemAsync("test", CancellationToken.None);
        await db.Accounts.Where(a => a.Id == utc).ExecuteUpdateAsync(s => s.SetProperty(a => a.TimeZone, "UTC"));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private TenantDb Dbs => app.Services.GetRequiredService<TenantDb>();

    private RollupBuilder Rollups => app.Services.GetRequiredService<RollupBuilder>();

    [Fact]
    public async Task Run_RandomEventsInBatchesWithLateOnes_EqualsRawAggregationPerAccountZone_AndRerunsChangeNothing()
    {
        var random = new Random(14);
        for (var batch = 0; batch < 4; batch++)
        {
            // Each batch reaches further back: later batches carry late events for days already rolled up.
            var events = Enumerable.Range(0, 600).Select(i => RandomEvent(random, random.Next(2) == 0 ? shanghai : utc, batch, i)).ToList();
            await AppendAsync([.. events, .. events.Where(e => e.ExternalId is not null).Take(20)]);
            await Rollups.RunAsync(CancellationToken.None);
        }

        foreach (var account in new[] { shanghai, utc })
        {
            var expected = await RawAsync(account);
            Assert.Equal(expected, await RolledAsync(account));
            Assert.True(expected.Templates.Count > 30);
            Assert.True(expected.Menus.Count > 10);
            Assert.Contains(expected.Templates, t => t.ExposureUv < t.ExposurePv);
        }

        var before = (await RolledAsync(shanghai), await RolledAsync(utc));
        var again = await Rollups.RunAsync(CancellationToken.None);
        Assert.Equal(again.FromEventId, again.ToEventId);
        Assert.Equal(before, (await RolledAsync(shanghai), await RolledAsync(utc)));
        Assert.Equal(10, await Rollups.RebuildAsync(shanghai, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 29), CancellationToken.None));
        Assert.Equal(before, (await RolledAsync(shanghai), await RolledAsync(utc)));
    }

    [Fact]
    public async Task Run_EventsAroundMidnight_FallOnTheDayOfEachAccountsZone()
    {
        var hash = Hash(1);
        foreach (var account in new[] { shanghai, utc })
        {
            // 23:00 and 01:30 the next day in Beijing; both on the 28th in UTC.
            await AppendAsync(
            [
                Exposure(account, new DateTime(2026, 11, 28, 15, 0, 0, DateTimeKind.Utc), hash),
                Exposure(account, new DateTime(2026, 11, 28, 17, 30, 0, DateTimeKind.Utc), hash),
            ]);
        }

        await Rollups.RunAsync(CancellationToken.None);

        Assert.Equal(
            [(new DateOnly(2026, 11, 28), 1L, 1L), (new DateOnly(2026, 11, 29), 1L, 1L)],
            (await RolledAsync(shanghai)).Templates.Select(t => (t.Day, t.ExposurePv, t.ExposureUv)));
        Assert.Equal([(new DateOnly(2026, 11, 28), 2L, 1L)], (await RolledAsync(utc)).Templates.Select(t => (t.Day, t.ExposurePv, t.ExposureUv)));
    }

    [Fact]
    public async Task Run_LateEvent_UpdatesItsOldDay_CountingAKnownVisitorOnce()
    {
        var day = new DateTime(2026, 11, 20, 4, 0, 0, DateTimeKind.Utc);
        await AppendAsync([Exposure(shanghai, day, Hash(1)), Exposure(shanghai, day.AddHours(1), Hash(2))]);
        await Rollups.RunAsync(CancellationToken.None);
        Assert.Equal((2L, 2L), Single(await RolledAsync(shanghai)));

        await AppendAsync([Exposure(shanghai, day.AddHours(2), Hash(1)), Exposure(shanghai, day.AddHours(3), Hash(3)), Exposure(shanghai, Now, Hash(1))]);
        var run = await Rollups.RunAsync(CancellationToken.None);

        var rows = (await RolledAsync(shanghai)).Templates;
        Assert.Equal((4L, 3L), (rows[0].ExposurePv, rows[0].ExposureUv));
        Assert.Equal(new DateOnly(2026, 11, 20), rows[0].Day);
        Assert.Equal((new DateOnly(2026, 11, 29), 1L, 1L), (rows[1].Day, rows[1].ExposurePv, rows[1].ExposureUv));
        Assert.Equal(2, run.Days);
    }

    [Fact]
    public async Task Run_SameEventIdPushedTwice_CountsOnce()
    {
        var click = new EventRecord(shanghai, EventKind.Click, Now) { ExternalId = "evt-1", TemplateId = "100000001", Vendor = "HUAWEI", NumberHash = Hash(1) };
        await AppendAsync([click, click]);
        await Rollups.RunAsync(CancellationToken.None);
        await AppendAsync([click]);
        await Rollups.RunAsync(CancellationToken.None);

        var row = Assert.Single((await RolledAsync(shanghai)).Templates);
        Assert.Equal((1L, 1L), (row.ClickPv, row.ClickUv));
    }

    [Fact]
    public async Task Run_AnotherAccountsEvents_NeverInAnAccountsRollups()
    {
        await AppendAsync([Exposure(utc, Now, Hash(1)), Exposure(utc, Now, Hash(2)), Menu(utc, Now, Hash(1), true)]);
        await AppendAsync([Exposure(shanghai, Now, Hash(1))]);
        await Rollups.RunAsync(CancellationToken.None);

        var rolled = await RolledAsync(shanghai);
        Assert.Equal((1L, 1L), Single(rolled));
        Assert.Empty(rolled.Menus);
        await using var db = await Dbs.ForAccountAsync(shanghai, "test", CancellationToken.None);
        Assert.All(await db.TemplateDayRollups.ToListAsync(), r => Assert.Equal(shanghai, r.AccountId));
        Assert.Empty(await db.MenuDayRollups.ToListAsync());
    }

    [Fact]
    public async Task Run_SendTasks_CountTheirNumbersOnTheirCreationDay()
    {
        await using (var db = await Dbs.ForAccountAsync(shanghai, "test", CancellationToken.None))
        {
            db.SendTasks.Add(new SendTask { AccountId = shanghai, Name = "卡片", Total = 10, Expanded = 12, Unrenderable = 3, TplId = "100000001", CreatedAt = Now.AddHours(-1) });
            db.SendTasks.Add(new SendTask { AccountId = shanghai, Name = "文本", Total = 5, CreatedAt = Now.AddHours(-2) });
            await db.SaveChangesAsync();
        }

        await AppendAsync(
        [
            new EventRecord(shanghai, EventKind.Send, Now) { ExternalId = "send:a", TemplateId = "100000001" },
            new EventRecord(shanghai, EventKind.DeliveryReport, Now) { ExternalId = $"dlr:a:{DeliveryReports.SmscAccepted}" },
            new EventRecord(shanghai, EventKind.DeliveryReport, Now) { ExternalId = $"dlr:a:{DeliveryReports.Delivered}" },
            new EventRecord(shanghai, EventKind.Resolve, Now) { TemplateId = "100000001", Vendor = "VIVO", NumberHash = Hash(1) },
        ]);
        await Rollups.RunAsync(CancellationToken.None);

        var day = Assert.Single((await RolledAsync(shanghai)).Days);
        Assert.Equal((new DateOnly(2026, 11, 29), 17L, 1L, 1L, 9L, 1L), (day.Day, day.Submissions, day.Sends, day.SendSuccess, day.SupportResolve, day.ResolveSuccess));
    }

    [Fact]
    public async Task Run_RawEventsPastRetention_RemovedOnceRolledUp_TheirRollupsStay_AndARebuildKeepsThem()
    {
        var old = Now.AddDays(-200);
        await AppendAsync([Exposure(shanghai, old, Hash(1)), Exposure(shanghai, old, Hash(2)), Exposure(shanghai, Now.AddDays(-10), Hash(1))]);

        var run = await Rollups.RunAsync(CancellationToken.None);

        Assert.Equal(2, run.Pruned);
        await using (var db = await Dbs.ForAccountAsync(shanghai, "test", CancellationToken.None))
        {
            Assert.Equal([Now.AddDays(-10)], await db.Events.Select(e => e.OccurredAt).ToListAsync());
        }

        var oldDay = RollupDays.DayOf(old, RollupDays.Zone(Account.DefaultTimeZone));
        Assert.Equal(0, await Rollups.RebuildAsync(shanghai, oldDay, oldDay, CancellationToken.None));
        var rows = (await RolledAsync(shanghai)).Templates;
        Assert.Equal([(oldDay, 2L, 2L), (oldDay.AddDays(190), 1L, 1L)], rows.Select(r => (r.Day, r.ExposurePv, r.ExposureUv)));
    }

    [Fact]
    public async Task Job_Recurring_IsScheduledAndRollsUp()
    {
        await AppendAsync([Exposure(shanghai, Now, Hash(1))]);
        await app.Services.GetRequiredService<JobWorker>().ScheduleRecurringAsync(CancellationToken.None);

        await app.Services.RunDueJobsAsync();

        await using var db = await Dbs.ForSystemAsync("test", CancellationToken.None);
        Assert.Equal(JobState.Succeeded, await db.Set<Job>().Where(j => j.Kind == RollupJob.KindName).Select(j => j.State).SingleAsync());
        Assert.Equal((1L, 1L), Single(await RolledAsync(shanghai)));
    }

    private static (long Pv, long Uv) Single(Rolled rolled)
    {
        var t = Assert.Single(rolled.Templates);
        return (t.ExposurePv, t.ExposureUv);
    }

    private async Task AppendAsync(IReadOnlyList<EventRecord> events) =>
        await app.Services.GetRequiredService<EventStore>().AppendAsync(events, Now, CancellationToken.None);

    private static EventRecord Exposure(Guid account, DateTime at, string hash) =>
        new(account, EventKind.Exposure, at) { TemplateId = "100000001", Vendor = "HUAWEI", NumberHash = hash };

    private static EventRecord Menu(Guid account, DateTime at, string hash, bool billed) =>
        new(account, EventKind.MenuClick, at) { ServiceNumber = "sn-1", MenuItem = "m1", NumberHash = hash, Billed = billed };

    private static string Hash(int i) => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static EventRecord RandomEvent(Random random, Guid account, int batch, int i)
    {
        var kinds = Enum.GetValues<EventKind>();
        var kind = kinds[random.Next(kinds.Length)];
        var at = Now.AddMinutes(-random.Next((batch + 1) * 2 * 24 * 60));
        var template = $"10000000{random.Next(3)}";
        var vendor = random.Next(4) switch { 0 => null, 1 => "HUAWEI", 2 => "XIAOMI", _ => "OPPO" };
        var who = random.Next(10);
        var e = new EventRecord(account, kind, at)
        {
            NumberHash = who < 5 ? Hash(random.Next(12)) : null,
            VisitorId = who is >= 5 and < 8 ? $"v{random.Next(8)}" : null,
            IsBot = random.Next(20) == 0,
        };
        return kind switch
        {
            EventKind.Send => e with { TemplateId = random.Next(4) == 0 ? null : template, ExternalId = $"send:{batch}:{i}" },
            EventKind.DeliveryReport => e with { ExternalId = $"dlr:{batch}-{i}:{new[] { 1, 2, 8, 16 }[random.Next(4)]}" },
            EventKind.Resolve or EventKind.Visit => e with { TemplateId = template, Vendor = vendor, LinkCode = "abc123" },
            EventKind.Exposure or EventKind.Click => e with { TemplateId = template, Vendor = vendor, ExternalId = $"push:{batch}:{i}" },
            _ => e with { ServiceNumber = $"sn-{random.Next(2)}", MenuItem = $"m{random.Next(3)}", Billed = random.Next(3) switch { 0 => null, 1 => true, _ => false }, ExternalId = $"menu:{batch}:{i}" },
        };
    }

    private sealed record Rolled(
        IReadOnlyList<(DateOnly Day, long Submissions, long Sends, long SendSuccess, long SupportResolve, long ResolveSuccess)> Days,
        IReadOnlyList<(DateOnly Day, string TemplateId, string Vendor, long Sends, long Resolves, long ExposurePv, long ExposureUv, long ClickPv, long ClickUv)> Templates,
        IReadOnlyList<(DateOnly Day, string ServiceNumber, string MenuItem, long BilledPv, long FreePv, long Uv)> Menus)
    {
        public bool Equals(Rolled? other) =>
            other is not null && Days.SequenceEqual(other.Days) && Templates.SequenceEqual(other.Templates) && Menus.SequenceEqual(other.Menus);

        public override int GetHashCode() => HashCode.Combine(Days.Count, Templates.Count, Menus.Count);
    }

    /// <summary>The rollups as the account's own context reads them.</summary>
    private async Task<Rolled> RolledAsync(Guid account)
    {
        await using var db = await Dbs.ForAccountAsync(account, "test", CancellationToken.None);
        var days = (await db.AccountDayRollups.ToListAsync()).OrderBy(r => r.Day)
            .Select(r => (r.Day, r.Submissions, r.Sends, r.SendSuccess, r.SupportResolve, r.ResolveSuccess)).ToList();
        var templates = (await db.TemplateDayRollups.ToListAsync()).OrderBy(r => r.Day).ThenBy(r => r.TemplateId, StringComparer.Ordinal).ThenBy(r => r.Vendor, StringComparer.Ordinal)
            .Select(r => (r.Day, r.TemplateId, r.Vendor, r.Sends, r.Resolves, r.ExposurePv, r.ExposureUv, r.ClickPv, r.ClickUv)).ToList();
        var menus = (await db.MenuDayRollups.ToListAsync()).OrderBy(r => r.Day).ThenBy(r => r.ServiceNumber, StringComparer.Ordinal).ThenBy(r => r.MenuItem, StringComparer.Ordinal)
            .Select(r => (r.Day, r.ServiceNumber, r.MenuItem, r.BilledPv, r.FreePv, r.Uv)).ToList();
        return new Rolled(days, templates, menus);
    }

    /// <summary>The same figures from the account's raw events, in C#: the day by the account's zone, a UV by number hash, else visitor id, else the event.</summary>
    private async Task<Rolled> RawAsync(Guid account)
    {
        await using var db = await Dbs.ForAccountAsync(account, "test", CancellationToken.None);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await db.Accounts.Where(a => a.Id == account).Select(a => a.TimeZone).SingleAsync());
        var events = (await db.Events.AsNoTracking().Where(e => !e.IsBot).ToListAsync())
            .Select(e => (Event: e, Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(e.OccurredAt, zone)), Who: e.NumberHash ?? e.VisitorId ?? $"event:{e.Id}"))
            .ToList();
        var days = events.GroupBy(x => x.Day).OrderBy(g => g.Key)
            .Select(g => (g.Key, 0L, (long)g.Count(x => x.Event.Kind == EventKind.Send),
                (long)g.Count(x => x.Event.Kind == EventKind.DeliveryReport && x.Event.ExternalId!.EndsWith($":{DeliveryReports.Delivered}", StringComparison.Ordinal)),
                0L, (long)g.Count(x => x.Event.Kind == EventKind.Resolve)))
            .Where(d => d.Item3 + d.Item4 + d.Item6 > 0)
            .ToList();
        var templateKinds = new[] { EventKind.Send, EventKind.Resolve, EventKind.Exposure, EventKind.Click };
        var templates = events.Where(x => x.Event.TemplateId is not null && templateKinds.Contains(x.Event.Kind))
            .GroupBy(x => (x.Day, x.Event.TemplateId!, Vendor: x.Event.Vendor ?? ""))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Item2, StringComparer.Ordinal).ThenBy(g => g.Key.Vendor, StringComparer.Ordinal)
            .Select(g => (g.Key.Day, g.Key.Item2, g.Key.Vendor, Pv(g, EventKind.Send), Pv(g, EventKind.Resolve), Pv(g, EventKind.Exposure), Uv(g, EventKind.Exposure),
                Pv(g, EventKind.Click), Uv(g, EventKind.Click)))
            .ToList();
        var menus = events.Where(x => x.Event.Kind == EventKind.MenuClick)
            .GroupBy(x => (x.Day, x.Event.ServiceNumber!, x.Event.MenuItem!))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Item2, StringComparer.Ordinal).ThenBy(g => g.Key.Item3, StringComparer.Ordinal)
            .Select(g => (g.Key.Day, g.Key.Item2, g.Key.Item3, (long)g.Count(x => x.Event.Billed == true), (long)g.Count(x => x.Event.Billed != true),
                (long)g.Select(x => x.Who).Distinct().Count()))
            .ToList();
        return new Rolled(days, templates, menus);

        static long Pv<TKey>(IGrouping<TKey, (PlatformEvent Event, DateOnly Day, string Who)> g, EventKind kind) => g.Count(x => x.Event.Kind == kind);

        static long Uv<TKey>(IGrouping<TKey, (PlatformEvent Event, DateOnly Day, string Who)> g, EventKind kind) =>
            g.Where(x => x.Event.Kind == kind).Select(x => x.Who).Distinct().Count();
    }
}
