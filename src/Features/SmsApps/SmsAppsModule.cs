using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;
using KooMessage.Console.Features.Reviews;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.SmsApps;

/// <summary>短消息应用: the account's SMS apps and their launch review.</summary>
public sealed class SmsAppsModule : IConsoleModule
{
    public const string Route = "/sms/apps";
    public const string AuditType = "sms_app";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SmsAppService>();
        services.AddScoped<IReviewSource, SmsAppReviewSource>();
        services.AddScoped<IDemoData, SmsAppDemoData>();
        services.AddScoped<IOverviewFigures, SmsAppFigures>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Sms, "Nav.SmsApps", Route, MudBlazor.Icons.Material.Outlined.Apps, Permission.SmsAppView, FlowStep: 2)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<SmsAppStatus>().Select(v => $"SmsAppStatus.{v}").Append($"Review.Kind.{SmsAppReviewSource.KindName}");
}

/// <summary>The furthest an SMS app got: launched, then waiting to be launched, then suspended (with the reason).</summary>
internal sealed class SmsAppFigures : IOverviewFigures
{
    public async Task<(IReadOnlyList<OverviewCount> Counts, IReadOnlyList<FlowProgress> Steps)> TenantAsync(KooMessageDb db, UserContext user, CancellationToken ct)
    {
        var best = await db.SmsApps.AsNoTracking()
            .OrderBy(a => a.Status == SmsAppStatus.Launched ? 0 : a.Status == SmsAppStatus.Created ? 1 : 2)
            .ThenByDescending(a => a.CreatedAt)
            .Select(a => new { a.Status, a.StatusReason })
            .FirstOrDefaultAsync(ct);
        FlowProgress[] steps = best is null ? [] :
            [new(SmsAppsModule.Route, best.Status == SmsAppStatus.Launched, $"SmsAppStatus.{best.Status}", best.Status == SmsAppStatus.Suspended ? best.StatusReason : null)];
        return ([], steps);
    }
}

public static class SmsAppSets
{
    extension(KooMessageDb db)
    {
        public DbSet<SmsApp> SmsApps => db.Set<SmsApp>();
    }
}
