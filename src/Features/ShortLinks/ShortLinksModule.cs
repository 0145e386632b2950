using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Events;
using Microsoft.AspNetCore.Mvc;
using static MudBlazor.Icons.Material.Outlined;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>智能信息 › 短链与解析任务 and 解析任务明细, 平台管理 › 域名管理, and the public resolve host (see <see cref="ResolveHost"/>).</summary>
public sealed class ShortLinksModule : IConsoleModule
{
    public const string Route = "/aim/short-links";
    public const string TaskRoute = "/aim/short-links/{TaskId:guid}";
    public const string DetailsRoute = "/aim/resolve-details";
    public const string DomainsRoute = "/platform/short-domains";
    public const string BulkTemplateRoute = "/aim/short-links/bulk/template/{tplId}";
    public const string BulkReportRoute = "/aim/short-links/bulk/report/{stage:guid}";
    public const string AuditType = "resolve_task";
    public const string LinkAuditType = "short_link";
    public const string DomainAuditType = "short_domain";

    public static string TaskOf(Guid id) => $"{Route}/{id}";

    public static string BulkTemplateOf(string tplId) => BulkTemplateRoute.Replace("{tplId}", Uri.EscapeDataString(tplId), StringComparison.Ordinal);

    public static string BulkReportOf(Guid stage) => BulkReportRoute.Replace("{stage:guid}", stage.ToString(), StringComparison.Ordinal);

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ShortLinkOptions>(configuration.GetSection(ShortLinkOptions.Section));
        services.AddSingleton<ResolveCounters>();
        services.AddSingleton<IEventBatchHandler>(sp => sp.GetRequiredService<ResolveCounters>());

        // Hosted services start in order: what a stop left in the counts' journal is folded before the snapshot loads a link.
        services.AddHostedService(sp => sp.GetRequiredService<ResolveCounters>());
        services.AddSingleton<LinkSnapshot>();
        services.AddHostedService(sp => sp.GetRequiredService<LinkSnapshot>());
        services.AddSingleton<ResolveHost>();
        services.AddScoped<ShortLinkService>();
        services.AddScoped<ShortDomainService>();
        services.AddScoped<BulkLinkService>();
        services.AddScoped<IJobHandler, BulkLinkJob>();
        services.AddSingleton<IEventSubjectCheck, LinkEventCheck>();
        services.AddScoped<IDemoData, ShortLinkDemoData>();
        services.AddSingleton<LinkExportSource>();
        services.AddSingleton<IExportSource>(sp => sp.GetRequiredService<LinkExportSource>());
    }

    /// <summary>The bulk template file and a dry run's report go out over HTTP, never over the circuit; the service decides who may have them.</summary>
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(BulkTemplateRoute, async Task<IResult> (HttpContext context, string tplId, [FromServices] BulkLinkService bulk, CancellationToken ct) =>
        {
            context.Response.Headers.CacheControl = "private, no-store";
            var file = await bulk.TemplateFileAsync(tplId, ct);
            return file.Error is null
                ? TypedResults.File(file.Value.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Value.FileName)
                : TypedResults.NotFound();
        }).RequireAuthorization();
        endpoints.MapGet(BulkReportRoute, async Task<IResult> (HttpContext context, Guid stage, [FromServices] BulkLinkService bulk, CancellationToken ct) =>
        {
            context.Response.Headers.CacheControl = "private, no-store";
            var report = await bulk.ReportAsync(stage, ct);
            return report is { Error: null, Value: { } found }
                ? TypedResults.File(new FileStream(found.Path, FileMode.Open, FileAccess.Read, FileShare.Read), "text/csv; charset=utf-8", found.FileName)
                : TypedResults.NotFound();
        }).RequireAuthorization();
    }

    /// <summary>The default domain's prefix: the setup and password gates never stand before a short link.</summary>
    public IEnumerable<string> PublicPaths => [new ShortLinkOptions().NormalizedPrefix];

    public IEnumerable<NavItem> NavItems =>
    [
        new(NavGroups.Aim, "Nav.ShortLinks", Route, Link, Permission.ShortLinkView, FlowStep: 5),
        new(NavGroups.Aim, "Nav.ResolveDetails", DetailsRoute, ListAlt, Permission.ShortLinkView),
        new(NavGroups.Platform, "Nav.ShortDomains", DomainsRoute, Dns, Permission.SettingsManage),
    ];

    public IEnumerable<string> AuditObjectTypes => [AuditType, LinkAuditType, DomainAuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<ShortLinkType>().Select(v => $"ShortLinkType.{v}")
            .Concat(Enum.GetNames<CodeGeneration>().Select(v => $"CodeGeneration.{v}"))
            .Concat(Enum.GetNames<DomainStatus>().Select(v => $"DomainStatus.{v}"))
            .Concat(Enum.GetNames<ResolveStatus>().Select(v => $"ResolveStatus.{v}"))
            .Concat(Enum.GetNames<LinkGone>().SelectMany(v => new[] { $"LinkGone.{v}.Title", $"LinkGone.{v}.Body" }))
            .Concat(["BulkLinks.Error.TaskGone", "BulkLinks.Error.FileGone"]);
}
