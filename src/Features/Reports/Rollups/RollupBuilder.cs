using System.Globalization;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Sending;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Reports.Rollups;

/// <summary>What one run did: the events it took (ids after <paramref name="FromEventId"/> up to <paramref name="ToEventId"/>), the account days it recomputed, the raw events it removed.</summary>
public sealed record RollupRun(long FromEventId, long ToEventId, int Days, long Pruned);

/// <summary>Days in an account's time zone (<see cref="Account.TimeZone"/>), as the rollups and the reports count them.</summary>
public static class RollupDays
{
    /// <summary>The zone of <paramref name="timeZoneId"/> by the rule the console shows times with (empty: Asia/Shanghai; unknown: UTC).</summary>
    public static TimeZoneInfo Zone(string? timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(string.IsNullOrEmpty(timeZoneId) ? UserTime.DefaultZone : timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The day (in <paramref name="zone"/>) that <paramref name="utc"/> falls on.</summary>
    public static DateOnly DayOf(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>When <paramref name="day"/> starts in <paramref name="zone"/>, in UTC (a midnight skipped by a clock change: the first valid time).</summary>
    public static DateTime StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}

/// <summary>
/// Keeps the rollup tables (<see cref="AccountDayRollup"/>, <see cref="TemplateDayRollup"/>, <see cref="MenuDayRollup"/>)
/// from the event store. A run takes the events stored after its cursor (<see cref="RollupState.LastEventId"/>; the
/// store appends under one write lock, so ids commit in order), finds the account days they fall on in each account's
/// time zone (a late event names an old day), and recomputes each of those days whole from the raw events: a day's rows
/// are replaced, never added to, so a rerun, a crash half way or an overlap gives the same numbers, and a UV is an exact
/// count of distinct visitors within the day. The store keeps a pushed event id once per account, so the same event
/// twice counts once. Raw events older than <see cref="RollupOptions.Retention"/> are then removed, only up to the
/// cursor (rolled up) — and every stored event is metered, because billing meters in the writer's own transaction.
/// </summary>
public sealed partial class RollupBuilder(TenantDb dbs, IOptions<RollupOptions> options, TimeProvider clock, ILogger<RollupBuilder> logger) : IDisposable
{
    /// <summary>Recomputed days written per transaction (the event writer waits for the write lock meanwhile).</summary>
    private const int DaysPerTransaction = 16;

    private const int PruneBatch = 5_000;

    /// <summary>A task's numbers count on the day it was created; tasks changed this long before the last run are looked at again.</summary>
    private static readonly TimeSpan TaskMargin = TimeSpan.FromMinutes(10);

    private static readonly string Events = $"\"{EventStore.Table}\"";

    /// <summary>Who a visitor is for a UV: the number's keyed hash, else the resolve host's visitor id, else the event alone.</summary>
    private const string Visitor = "COALESCE(\"NumberHash\", \"VisitorId\", 'event:' || \"Id\")";

    private static readonly string Delivered = $"%:{DeliveryReports.Delivered.ToString(CultureInfo.InvariantCulture)}";

    private static readonly string AccountSql =
        $"""
        SELECT COALESCE(SUM("Kind" = {(int)EventKind.Send}), 0),
               COALESCE(SUM("Kind" = {(int)EventKind.DeliveryReport} AND "ExternalId" LIKE $delivered), 0),
               COALESCE(SUM("Kind" = {(int)EventKind.Resolve}), 0)
        FROM {Events}
        WHERE "AccountId" = $account AND "Kind" IN ({(int)EventKind.Resolve}, {(int)EventKind.Send}, {(int)EventKind.DeliveryReport})
          AND "OccurredAt" >= $start AND "OccurredAt" < $end AND "IsBot" = 0
        """;

    private static readonly string TemplateSql =
        $"""
        SELECT "TemplateId", COALESCE("Vendor", ''),
               SUM("Kind" = {(int)EventKind.Send}), SUM("Kind" = {(int)EventKind.Resolve}),
               SUM("Kind" = {(int)EventKind.Exposure}), COUNT(DISTINCT CASE WHEN "Kind" = {(int)EventKind.Exposure} THEN {Visitor} END),
               SUM("Kind" = {(int)EventKind.Click}), COUNT(DISTINCT CASE WHEN "Kind" = {(int)EventKind.Click} THEN {Visitor} END)
        FROM {Events}
        WHERE "AccountId" = $account AND "Kind" IN ({(int)EventKind.Resolve}, {(int)EventKind.Send}, {(int)EventKind.Exposure}, {(int)EventKind.Click})
          AND "OccurredAt" >= $start AND "OccurredAt" < $end AND "IsBot" = 0 AND "TemplateId" IS NOT NULL
        GROUP BY 1, 2
        """;

    private static readonly string MenuSql =
        $"""
        SELECT "ServiceNumber", "MenuItem", SUM("Billed" IS 1), SUM("Billed" IS NOT 1), COUNT(DISTINCT {Visitor})
        FROM {Events}
        WHERE "AccountId" = $account AND "Kind" = {(int)EventKind.MenuClick}
          AND "OccurredAt" >= $start AND "OccurredAt" < $end AND "IsBot" = 0 AND "ServiceNumber" IS NOT NULL AND "MenuItem" IS NOT NULL
        GROUP BY 1, 2
        """;

    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Rolls up the events stored since the last run (and the days of send tasks created or finished since), then prunes when due.</summary>
    public async Task<RollupRun> RunAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbs.ForSystemAsync("rollups: roll up every account's new events and prune old rolled-up ones", ct);
            await db.Database.OpenConnectionAsync(ct);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var state = await StateAsync(db, ct);
            var last = await LastEventIdAsync(connection, ct);
            var zones = await ZonesAsync(db, ct);

            var touched = new Dictionary<Guid, SortedSet<DateOnly>>();
            if (last > state.LastEventId)
            {
                await TouchedByEventsAsync(connection, state.LastEventId, last, zones, touched, ct);
            }

            await TouchedByTasksAsync(db, state.LastRunAt, zones, touched, ct);
            var days = await ComputeAsync(db, connection, touched, zones, state.PrunedBefore, ct);
            var advanced = await WriteAsync(db, days, state.LastEventId, last, now, ct);
            if (!advanced)
            {
                LogOvertaken(state.LastEventId);
            }

            var cursor = advanced ? last : state.LastEventId;
            var pruned = state.LastPrunedAt is { } at && now - at < TimeSpan.FromMinutes(options.Value.PruneEveryMinutes)
                ? 0
                : await PruneAsync(db, connection, zones.Keys, state.PrunedBefore, cursor, now, ct);
            return new RollupRun(state.LastEventId, cursor, days.Count, pruned);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Recomputes one account's days <paramref name="from"/> to <paramref name="to"/> (its time zone) from the raw events,
    /// as a run would: a rerun over a period gives the same numbers. Days whose raw events may be gone are left as they are.
    /// </summary>
    public async Task<int> RebuildAsync(Guid accountId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await dbs.ForSystemAsync("rollups: recompute a period of one account", ct);
            await db.Database.OpenConnectionAsync(ct);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var state = await StateAsync(db, ct);
            var zones = await ZonesAsync(db, ct);
            if (!zones.ContainsKey(accountId))
            {
                return 0;
            }

            var period = new SortedSet<DateOnly>();
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                period.Add(day);
            }

            var days = await ComputeAsync(db, connection, new() { [accountId] = period }, zones, state.PrunedBefore, ct);
            await WriteAsync(db, days, cursorFrom: null, cursorTo: 0, clock.GetUtcNow().UtcDateTime, ct);
            return days.Count;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private static async Task<RollupState> StateAsync(KooMessageDb db, CancellationToken ct)
    {
        if (await db.RollupStates.AsNoTracking().SingleOrDefaultAsync(s => s.Name == RollupState.EventsName, ct) is { } state)
        {
            return state;
        }

        await db.Database.ExecuteSqlRawAsync("INSERT OR IGNORE INTO \"RollupStates\" (\"Name\", \"LastEventId\") VALUES ({0}, 0)", [RollupState.EventsName], ct);
        return await db.RollupStates.AsNoTracking().SingleAsync(s => s.Name == RollupState.EventsName, ct);
    }

    private static async Task<long> LastEventIdAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) FROM {Events}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<Guid, TimeZoneInfo>> ZonesAsync(KooMessageDb db, CancellationToken ct) =>
        (await db.Accounts.AsNoTracking().Select(a => new { a.Id, a.TimeZone }).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => RollupDays.Zone(a.TimeZone));

    /// <summary>The account days the events after <paramref name="after"/> fall on: each distinct account and UTC hour, and the local days that hour touches.</summary>
    private static async Task TouchedByEventsAsync(
        SqliteConnection connection, long after, long last, Dictionary<Guid, TimeZoneInfo> zones, Dictionary<Guid, SortedSet<DateOnly>> touched, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT \"AccountId\", substr(\"OccurredAt\", 1, 13) FROM {Events} WHERE \"Id\" > $after AND \"Id\" <= $last";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$last", last);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var account = Guid.Parse(reader.GetString(0));
            if (!zones.TryGetValue(account, out var zone))
            {
                continue;
            }

            var hour = DateTime.SpecifyKind(DateTime.ParseExact(reader.GetString(1), "yyyy-MM-dd HH", CultureInfo.InvariantCulture), DateTimeKind.Utc);
            Touch(touched, account, RollupDays.DayOf(hour, zone));
            Touch(touched, account, RollupDays.DayOf(hour.AddHours(1).AddTicks(-1), zone));
        }
    }

    /// <summary>The creation days of send tasks created or finished since the last run (their numbers are the day's submissions).</summary>
    private static async Task TouchedByTasksAsync(
        KooMessageDb db, DateTime? lastRun, Dictionary<Guid, TimeZoneInfo> zones, Dictionary<Guid, SortedSet<DateOnly>> touched, CancellationToken ct)
    {
        var since = (lastRun ?? DateTime.MinValue.AddDays(1)) - TaskMargin;
        var tasks = await db.SendTasks.AsNoTracking()
            .Where(t => t.CreatedAt >= since || t.StartedAt >= since || t.FinishedAt >= since)
            .Select(t => new { t.AccountId, t.CreatedAt })
            .ToListAsync(ct);
        foreach (var task in tasks)
        {
            if (zones.TryGetValue(task.AccountId, out var zone))
            {
                Touch(touched, task.AccountId, RollupDays.DayOf(task.CreatedAt, zone));
            }
        }
    }

    private static void Touch(Dictionary<Guid, SortedSet<DateOnly>> touched, Guid account, DateOnly day)
    {
        if (!touched.TryGetValue(account, out var days))
        {
            touched[account] = days = [];
        }

        days.Add(day);
    }

    private sealed record DayRollups(Guid AccountId, DateOnly Day, AccountDayRollup? Summary, List<TemplateDayRollup> Templates, List<MenuDayRollup> Menus);

    private static async Task<List<DayRollups>> ComputeAsync(
        KooMessageDb db, SqliteConnection connection, Dictionary<Guid, SortedSet<DateOnly>> touched, Dictionary<Guid, TimeZoneInfo> zones, DateTime? prunedBefore,
        CancellationToken ct)
    {
        await using var summary = Command(connection, AccountSql);
        summary.Parameters.AddWithValue("$delivered", Delivered);
        await using var templates = Command(connection, TemplateSql);
        await using var menus = Command(connection, MenuSql);
        var days = new List<DayRollups>();
        foreach (var (account, set) in touched)
        {
            var zone = zones[account];
            foreach (var day in set)
            {
                var (start, end) = (RollupDays.StartOf(day, zone), RollupDays.StartOf(day.AddDays(1), zone));
                if (start < prunedBefore)
                {
                    continue;
                }

                days.Add(await DayAsync(db, account, day, start, end, summary, templates, menus, ct));
            }
        }

        return days;
    }

    private static async Task<DayRollups> DayAsync(
        KooMessageDb db, Guid account, DateOnly day, DateTime start, DateTime end, SqliteCommand summary, SqliteCommand templates, SqliteCommand menus, CancellationToken ct)
    {
        foreach (var command in new[] { summary, templates, menus })
        {
            Bind(command, "$account", AccountText(account));
            Bind(command, "$start", Time(start));
            Bind(command, "$end", Time(end));
        }

        var totals = new AccountDayRollup { AccountId = account, Day = day };
        await using (var reader = await summary.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (totals.Sends, totals.SendSuccess, totals.ResolveSuccess) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        var tasks = await db.SendTasks.AsNoTracking()
            .Where(t => t.AccountId == account && t.CreatedAt >= start && t.CreatedAt < end)
            .Select(t => new { t.Total, t.Expanded, t.Unrenderable, Card = t.TplId != null })
            .ToListAsync(ct);
        foreach (var task in tasks)
        {
            // A prepared task's staged numbers (Expanded) include those not sent; a task created with its rows has them all in Total.
            var submitted = Math.Max(task.Total, task.Expanded);
            totals.Submissions += submitted;
            totals.SupportResolve += task.Card ? Math.Max(0, submitted - task.Unrenderable) : 0;
        }

        var templateRows = new List<TemplateDayRollup>();
        await using (var reader = await templates.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                templateRows.Add(new TemplateDayRollup
                {
                    AccountId = account, Day = day, TemplateId = reader.GetString(0), Vendor = reader.GetString(1), Sends = reader.GetInt64(2), Resolves = reader.GetInt64(3),
                    ExposurePv = reader.GetInt64(4), ExposureUv = reader.GetInt64(5), ClickPv = reader.GetInt64(6), ClickUv = reader.GetInt64(7),
                });
            }
        }

        var menuRows = new List<MenuDayRollup>();
        await using (var reader = await menus.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                menuRows.Add(new MenuDayRollup
                {
                    AccountId = account, Day = day, ServiceNumber = reader.GetString(0), MenuItem = reader.GetString(1), BilledPv = reader.GetInt64(2), FreePv = reader.GetInt64(3),
                    Uv = reader.GetInt64(4),
                });
            }
        }

        var empty = totals is { Submissions: 0, Sends: 0, SendSuccess: 0, SupportResolve: 0, ResolveSuccess: 0 };
        return new DayRollups(account, day, empty ? null : totals, templateRows, menuRows);
    }

    /// <summary>
    /// Replaces the days' rows, <see cref="DaysPerTransaction"/> days a transaction; the last one also moves the cursor
    /// from <paramref name="cursorFrom"/> to <paramref name="cursorTo"/> (null: a rebuild, no cursor). False when another
    /// run had moved the cursor meanwhile: its own numbers, as new or newer, stay.
    /// </summary>
    private static async Task<bool> WriteAsync(KooMessageDb db, List<DayRollups> days, long? cursorFrom, long cursorTo, DateTime now, CancellationToken ct)
    {
        var groups = days.Chunk(DaysPerTransaction).ToList();
        if (groups.Count == 0)
        {
            groups.Add([]);
        }

        for (var g = 0; g < groups.Count; g++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var transaction = (SqliteTransaction)tx.GetDbTransaction();
            foreach (var day in groups[g])
            {
                await ReplaceAsync(connection, transaction, day, ct);
            }

            if (g == groups.Count - 1 && cursorFrom is { } from)
            {
                var moved = await db.RollupStates.Where(s => s.Name == RollupState.EventsName && s.LastEventId == from)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastEventId, cursorTo).SetProperty(x => x.LastRunAt, now), ct);
                if (moved == 0)
                {
                    await tx.RollbackAsync(ct);
                    return false;
                }
            }

            await tx.CommitAsync(ct);
        }

        return true;
    }

    private static async Task ReplaceAsync(SqliteConnection connection, SqliteTransaction tx, DayRollups day, CancellationToken ct)
    {
        var account = AccountText(day.AccountId);
        var date = day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "AccountDayRollups", "TemplateDayRollups", "MenuDayRollups" })
        {
            await ExecuteAsync(connection, tx, $"DELETE FROM \"{table}\" WHERE \"AccountId\" = $account AND \"Day\" = $day", ct, ("$account", account), ("$day", date));
        }

        if (day.Summary is { } s)
        {
            await ExecuteAsync(
                connection, tx,
                """
                INSERT INTO "AccountDayRollups" ("AccountId", "Day", "Submissions", "Sends", "SendSuccess", "SupportResolve", "ResolveSuccess")
                VALUES ($account, $day, $submissions, $sends, $success, $support, $resolves)
                """,
                ct, ("$account", account), ("$day", date), ("$submissions", s.Submissions), ("$sends", s.Sends), ("$success", s.SendSuccess),
                ("$support", s.SupportResolve), ("$resolves", s.ResolveSuccess));
        }

        foreach (var t in day.Templates)
        {
            await ExecuteAsync(
                connection, tx,
                """
                INSERT INTO "TemplateDayRollups" ("AccountId", "Day", "TemplateId", "Vendor", "Sends", "Resolves", "ExposurePv", "ExposureUv", "ClickPv", "ClickUv")
                VALUES ($account, $day, $template, $vendor, $sends, $resolves, $epv, $euv, $cpv, $cuv)
                """,
                ct, ("$account", account), ("$day", date), ("$template", t.TemplateId), ("$vendor", t.Vendor), ("$sends", t.Sends), ("$resolves", t.Resolves),
                ("$epv", t.ExposurePv), ("$euv", t.ExposureUv), ("$cpv", t.ClickPv), ("$cuv", t.ClickUv));
        }

        foreach (var m in day.Menus)
        {
            await ExecuteAsync(
                connection, tx,
                """
                INSERT INTO "MenuDayRollups" ("AccountId", "Day", "ServiceNumber", "MenuItem", "BilledPv", "FreePv", "Uv")
                VALUES ($account, $day, $service, $item, $billed, $free, $uv)
                """,
                ct, ("$account", account), ("$day", date), ("$service", m.ServiceNumber), ("$item", m.MenuItem), ("$billed", m.BilledPv), ("$free", m.FreePv), ("$uv", m.Uv));
        }
    }

    /// <summary>
    /// Removes raw events that happened before the retention age and are rolled up (id up to <paramref name="cursor"/>),
    /// account by account and kind by kind along the store's index, a batch a statement. The time before which days are
    /// final is moved first, so no day is ever recomputed from a part of its events.
    /// </summary>
    private async Task<long> PruneAsync(
        KooMessageDb db, SqliteConnection connection, IEnumerable<Guid> accounts, DateTime? prunedBefore, long cursor, DateTime now, CancellationToken ct)
    {
        var cutoff = now - options.Value.Retention;
        var mark = prunedBefore > cutoff ? prunedBefore.Value : cutoff;
        await db.RollupStates.Where(s => s.Name == RollupState.EventsName).ExecuteUpdateAsync(s => s.SetProperty(x => x.PrunedBefore, mark), ct);
        long removed = 0;
        var sql =
            $"""
            DELETE FROM {Events} WHERE "Id" IN (
                SELECT "Id" FROM {Events} WHERE "AccountId" = $account AND "Kind" = $kind AND "OccurredAt" < $cutoff AND "Id" <= $cursor LIMIT {PruneBatch})
            """;
        foreach (var account in accounts)
        {
            foreach (var kind in Enum.GetValues<EventKind>())
            {
                int n;
                do
                {
                    n = await ExecuteAsync(connection, null, sql, ct, ("$account", AccountText(account)), ("$kind", (int)kind), ("$cutoff", Time(cutoff)), ("$cursor", cursor));
                    removed += n;
                }
                while (n == PruneBatch);
            }
        }

        await db.RollupStates.Where(s => s.Name == RollupState.EventsName).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastPrunedAt, now), ct);
        if (removed > 0)
        {
            LogPruned(removed, cutoff);
        }

        return removed;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Bind(SqliteCommand command, string name, object value)
    {
        if (command.Parameters.Contains(name))
        {
            command.Parameters[name].Value = value;
        }
        else
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The text forms EF Core's SQLite provider writes (see <see cref="EventStore"/>).</summary>
    private static string AccountText(Guid id) => id.ToString().ToUpperInvariant();

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollups: removed {Count} raw events that happened before {Cutoff:u} and were rolled up")]
    private partial void LogPruned(long count, DateTime cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rollups: another run moved the cursor from {From} meanwhile; this run's last days are left to it")]
    private partial void LogOvertaken(long from);
}
