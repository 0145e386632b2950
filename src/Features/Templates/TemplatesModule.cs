using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Overview;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Transfer;
using Microsoft.AspNetCore.Mvc;

namespace KooMessage.Console.Features.Templates;

/// <summary>模板管理: the account's smart-message templates, the platform's starters, versions and per-vendor review.</summary>
public sealed class TemplatesModule : IConsoleModule
{
    public const string Route = "/aim/templates";

    public const string AuditType = "template";

    /// <summary>导出 JSON: a template with its materials (<see cref="TemplateTransferFile"/>), downloaded by the browser.</summary>
    public const string ExportRoute = Route + "/{tplId}/json";

    public static string ExportUrl(string tplId) => $"{Route}/{Uri.EscapeDataString(tplId)}/json";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<TemplateService>();
        services.AddScoped<TemplateTransferService>();
        services.AddScoped<IReviewSource, TemplateReviewSource>();
        services.AddScoped<IDemoData, TemplateDemoData>();
        services.AddSingleton<IMaterialUsage, TemplateMaterials>();
        services.AddSingleton<IExportSource, TemplateExportSource>();
        services.AddScoped<IOverviewFigures, TemplateFigures>();
    }

    /// <summary>
    /// The export goes out over HTTP, never over the circuit; the service decides who may have it (the export permission,
    /// the user's own account or a public starter), and anything else is not found, as for <c>/files</c>.
    /// </summary>
    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
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

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Aim, "Nav.Templates", Route, MudBlazor.Icons.Material.Outlined.Dashboard, Permission.TemplateView, FlowStep: 4)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<TemplateAuditState>().Select(v => $"TemplateAuditState.{v}")
            .Concat(Enum.GetNames<VendorActivationState>().Select(v => $"VendorActivation.{v}"))
            .Concat(Enum.GetNames<TemplateUse>().Select(v => $"TemplateUse.{v}"))
            .Concat(Enum.GetNames<TemplateTab>().Select(v => $"TemplateTab.{v}"))
            .Concat(Enum.GetNames<ContentType>().Select(v => $"ContentType.{v}"))
            .Concat(["Notify.TemplateApproved", "Notify.TemplateFailed", "Notify.TemplateVendorActivated", "Notify.TemplateVendorRejected"])
            .Append($"Review.Kind.{TemplateReviewSource.KindName}");
}
