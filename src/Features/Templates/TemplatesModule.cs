using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Overview;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Templates.Document;

namespace KooMessage.Console.Features.Templates;

/// <summary>模板管理: the account's smart-message templates, the platform's starters, versions and per-vendor review.</summary>
public sealed class TemplatesModule : IConsoleModule
{
    public const string Route = "/aim/templates";

    public const string AuditType = "template";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<TemplateService>();
        services.AddScoped<IReviewSource, TemplateReviewSource>();
        services.AddScoped<IDemoData, TemplateDemoData>();
        services.AddSingleton<IMaterialUsage, TemplateMaterials>();
        services.AddSingleton<IExportSource, TemplateExportSource>();
        services.AddScoped<IOverviewFigures, TemplateFigures>();
        services.AddSingleton<IEventSubjectCheck, TemplateEventCheck>();
    }

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
