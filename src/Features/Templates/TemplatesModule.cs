using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Overview;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Templates.Builder;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.H5;
using KooMessage.Console.Features.Templates.Transfer;
using Microsoft.AspNetCore.Mvc;

namespace KooMessage.Console.Features.Templates;

/// <summary>模板管理: the account's smart-message templates, the platform's starters, versions and per-vendor review.</summary>
public sealed class TemplatesModule : IConsoleModule
{
    public const string Route = "/aim/templates";

    /// <summary>The builder of one of the account's templates.</summary>
    public const string EditRoute = "/aim/templates/{TplId}/edit";

    public const string AuditType = "template";

    public static string EditOf(string tplId) => $"{Route}/{Uri.EscapeDataString(tplId)}/edit";

    /// <summary>The public H5 pages of template versions: /h5/{token}, their materials under /h5/{token}/media/{fileId}.</summary>
    public const string H5Prefix = "/h5";

    public const string H5Route = H5Prefix + "/{token}";

    public const string H5MediaRoute = H5Route + "/media/{fileId:guid}";

    /// <summary>导出 JSON: a template with its materials (<see cref="TemplateTransferFile"/>), downloaded by the browser.</summary>
    public const string ExportRoute = Route + "/{tplId}/json";

    public static string ExportUrl(string tplId) => $"{Route}/{Uri.EscapeDataString(tplId)}/json";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<TemplateService>();
        services.AddScoped<TemplateTransferService>();
        services.AddTemplateBuilder();
        services.AddScoped<IReviewSource, TemplateReviewSource>();
        services.AddScoped<IDemoData, TemplateDemoData>();
        services.AddSingleton<IMaterialUsage, TemplateMaterials>();
        services.AddSingleton<IExportSource, TemplateExportSource>();
        services.AddScoped<IOverviewFigures, TemplateFigures>();
        services.AddSingleton<IEventSubjectCheck, TemplateEventCheck>();
        services.AddScoped<H5Pages>();
        services.AddSingleton<H5PageCache>();
        services.AddSingleton<TemplateChanges>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Public: no sign-in, no setup, no antiforgery (GET only), no circuit; see H5Pages.
        endpoints.MapGet(H5Route, (string token, [FromServices] H5Pages pages, CancellationToken ct) => pages.RenderAsync(token, null, ct)).AllowAnonymous();
        endpoints.MapGet(H5MediaRoute, (HttpContext context, string token, Guid fileId, [FromServices] H5Pages pages, CancellationToken ct) =>
            pages.MediaAsync(context, token, fileId, ct)).AllowAnonymous();

        // 导出 JSON goes out over HTTP, never over the circuit; the service decides who may have it (the export permission,
        // the user's own account or a public starter), and anything else is not found, as for /files.
        endpoints.MapGet(ExportRoute, async Task<IResult> (HttpContext context, string tplId, [FromServices] TemplateTransferService transfer, CancellationToken ct) =>
        {
            context.Response.Headers.CacheControl = "private, no-store";
            var export = await transfer.ExportAsync(tplId, ct);
            if (export.Error is not null)
            {
                return TypedResults.NotFound();
            }

            var file = export.Value;
            return TypedResults.Stream(
                stream => System.Text.Json.JsonSerializer.SerializeAsync(stream, file.Content, TemplateTransferFile.Options, context.RequestAborted),
                "application/json", file.FileName);
        }).RequireAuthorization();
    }

    public IEnumerable<string> PublicPaths => [H5Prefix];

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Aim, "Nav.Templates", Route, MudBlazor.Icons.Material.Outlined.Dashboard, Permission.TemplateView, FlowStep: 4)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<TemplateAuditState>().Select(v => $"TemplateAuditState.{v}")
            .Concat(Enum.GetNames<VendorActivationState>().Select(v => $"VendorActivation.{v}"))
            .Concat(Enum.GetNames<TemplateUse>().Select(v => $"TemplateUse.{v}"))
            .Concat(Enum.GetNames<TemplateTab>().Select(v => $"TemplateTab.{v}"))
            .Concat(Enum.GetNames<ContentType>().Select(v => $"ContentType.{v}"))
            .Concat(Enum.GetNames<ActionType>().SelectMany(v => new[] { $"ActionType.{v}", $"ActionTarget.{v}" }))
            .Concat(Enum.GetNames<FloorType>().Select(v => $"FloorType.{v}"))
            .Concat(Enum.GetNames<Rules.LayoutGroup>().Select(v => $"LayoutGroup.{v}"))
            .Concat(Rules.RuleBook.Default.Layouts.Values.SelectMany(l => l.Zones).Select(z => $"TemplateZone.{z.Name}").Distinct())
            .Concat(Rules.RuleBook.Default.Layouts.Values.Select(l => l.NameKey))
            .Concat(Rules.RuleBook.Default.Actions.Values.SelectMany(a => a.Fields).Select(f => $"ActionField.{f.Name}").Append("ActionField.floor_type").Distinct())
            .Concat(["Notify.TemplateApproved", "Notify.TemplateFailed", "Notify.TemplateVendorActivated", "Notify.TemplateVendorRejected"])
            .Append($"Review.Kind.{TemplateReviewSource.KindName}");
}
