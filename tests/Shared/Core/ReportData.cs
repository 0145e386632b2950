using KooMessage.Console.Data;
using KooMessage.Console.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>
/// Rollup rows for the report tests: written directly with known numbers, or aggregated from an account's raw events by
/// one plain GROUP BY (days at UTC+8, the demo account's Asia/Shanghai) so pages can be looked at on the demo data. Test
/// code only: the console's rollups are kept by the rollup job.
/// </summary>
public static class ReportData
{
    private const string FromEvents = """
        DELETE FROM "TemplateDayRollups" WHERE "AccountId" = {0};
        DELETE FROM "AccountDayRollups" WHERE "AccountId" = {0};
        DELETE FROM "MenuDayRollups" WHERE "AccountId" = {0};
        INSERT INTO "TemplateDayRollups" ("AccountId", "Day", "TemplateId", "Vendor", "Sends", "Resolves", "ExposurePv", "ExposureUv", "ClickPv", "ClickUv")
        SELECT "AccountId", date("OccurredAt", '+8 hours'), "TemplateId", COALESCE("Vendor", ''),
               SUM("Kind" = 3), SUM("Kind" = 1), SUM("Kind" = 5), COUNT(DISTINCT CASE WHEN "Kind" = 5 THEN "NumberHash" END),
               SUM("Kind" = 6), COUNT(DISTINCT CASE WHEN "Kind" = 6 THEN "NumberHash" END)
        FROM "Events" WHERE "AccountId" = {0} AND "TemplateId" IS NOT NULL AND "Kind" IN (1, 3, 5, 6) AND NOT "IsBot"
        GROUP BY 1, 2, 3, 4;
        INSERT INTO "AccountDayRollups" ("AccountId", "Day", "Submissions", "Sends", "SendSuccess", "SupportResolve", "ResolveSuccess")
        SELECT "AccountId", date("OccurredAt", '+8 hours'), SUM("Kind" = 3), SUM("Kind" = 3), SUM("Kind" = 4 AND "ExternalId" LIKE 'dlr:%:1'),
               SUM("Kind" = 3 AND "Vendor" IS NOT NULL), SUM("Kind" = 1)
        FROM "Events" WHERE "AccountId" = {0} AND "Kind" IN (1, 3, 4) AND NOT "IsBot"
        GROUP BY 1, 2;
        INSERT INTO "MenuDayRollups" ("AccountId", "Day", "ServiceNumber", "MenuItem", "BilledPv", "FreePv", "Uv")
        SELECT "AccountId", date("OccurredAt", '+8 hours'), "ServiceNumber", "MenuItem", SUM("Billed" = 1), SUM("Billed" = 0), COUNT(DISTINCT "NumberHash")
        FROM "Events" WHERE "AccountId" = {0} AND "Kind" = 7
        GROUP BY 1, 2, 3, 4;
        """;

    /// <summary>Fills the account's rollups from its events (replacing what was there).</summary>
    public static async Task RollUpEventsAsync(this IServiceProvider services, Guid accountId)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test: report rollups from events", CancellationToken.None);
        await db.Database.ExecuteSqlRawAsync(FromEvents, accountId.ToString().ToUpperInvariant());
    }

    public static async Task AddRollupsAsync(this IServiceProvider services, Guid accountId, IEnumerable<object> rows)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test: report rollups", CancellationToken.None);
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }

    public static AccountDayRollup Day(Guid accountId, string day, long submissions, long sends, long success, long support, long resolves) => new()
    {
        AccountId = accountId, Day = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), Submissions = submissions, Sends = sends,
        SendSuccess = success, SupportResolve = support, ResolveSuccess = resolves,
    };

    public static TemplateDayRollup Template(
        Guid accountId, string day, string tplId, string vendor, long sends, long resolves, long exposurePv, long exposureUv, long clickPv, long clickUv) => new()
    {
        AccountId = accountId, Day = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), TemplateId = tplId, Vendor = vendor, Sends = sends,
        Resolves = resolves, ExposurePv = exposurePv, ExposureUv = exposureUv, ClickPv = clickPv, ClickUv = clickUv,
    };

    public static MenuDayRollup Menu(Guid accountId, string day, string serviceNumber, string item, long billed, long free, long uv) => new()
    {
        AccountId = accountId, Day = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), ServiceNumber = serviceNumber, MenuItem = item,
        BilledPv = billed, FreePv = free, Uv = uv,
    };
}
