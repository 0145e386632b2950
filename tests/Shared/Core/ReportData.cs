using KooMessage.Console.Data;
using KooMessage.Console.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>
/// Rollup rows for the report tests, written directly with known numbers. Test code only: the console's rollups are kept
/// by the rollup job (<c>RollupBuilder</c>), which the demo data runs once it is seeded.
/// </summary>
public static class ReportData
{
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
