using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;

namespace KooMessage.Console.Features.Reports;

/// <summary>
/// 报表统计: 智能信息报表, 模板报表, the funnel per template and vendor, and 服务号点击数据报表, each a chart above a
/// paged table read from the rollup tables, exported through the download center; and 90 days of demo events.
/// </summary>
public sealed class ReportsModule : IConsoleModule
{
    public const string Route = "/reports";
    public const string TemplatesRoute = "/reports/templates";
    public const string FunnelRoute = "/reports/funnel";
    public const string MenusRoute = "/reports/service-numbers";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReportReader>();
        foreach (var kind in Enum.GetValues<ReportKind>())
        {
            services.AddSingleton<IExportSource>(new ReportExportSource(kind));
        }

        services.AddScoped<IDemoData, ReportsDemoData>();
    }

    public IEnumerable<NavItem> NavItems =>
    [
        new(NavGroups.Reports, "Nav.Reports", Route, MudBlazor.Icons.Material.Outlined.Insights, Permission.ReportView, FlowStep: 6),
        new(NavGroups.Reports, "Nav.TemplateReport", TemplatesRoute, MudBlazor.Icons.Material.Outlined.QueryStats, Permission.ReportView),
        new(NavGroups.Reports, "Nav.Funnel", FunnelRoute, MudBlazor.Icons.Material.Outlined.FilterAlt, Permission.ReportView),
        new(NavGroups.Reports, "Nav.MenuReport", MenusRoute, MudBlazor.Icons.Material.Outlined.TouchApp, Permission.ReportView),
    ];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<ReportPeriod>().Select(p => $"ReportPeriod.{p}")
            .Concat(Enum.GetNames<RangeProblem>().Select(p => $"Reports.Range.{p}"))
            .Concat(Enum.GetNames<ReportKind>().Select(k => $"Reports.Title.{k}"))
            .Concat(ReportReader.SendSeriesKeys).Concat(ReportReader.TemplateSeriesKeys).Concat(ReportReader.MenuSeriesKeys).Concat(ReportReader.FunnelSteps);
}
