using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.SmsTemplates;

/// <summary>短消息配置 › 短消息模板: the SMS text that carries a card's short link, its review, and the composer a send uses.</summary>
public sealed class SmsTemplatesModule : IConsoleModule
{
    public const string Route = "/sms/templates";
    public const string AuditType = "sms_template";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SmsTemplateService>();
        services.AddScoped<IReviewSource, SmsTemplateReviewSource>();
        services.AddScoped<IDemoData, SmsTemplateDemoData>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Sms, "Nav.SmsTemplates", Route, MudBlazor.Icons.Material.Outlined.Textsms, Permission.SmsTemplateView)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<SmsTemplateStatus>().Select(v => $"SmsTemplateStatus.{v}")
            .Concat(Enum.GetNames<SmsVariableType>().Select(v => $"SmsVariableType.{v}"))
            .Concat(Enum.GetNames<SmsVariableType>().Select(v => $"SmsVariableType.{v}.Help"))
            .Append($"Review.Kind.{SmsTemplateReviewSource.KindName}");
}

public static class SmsTemplateSets
{
    extension(KooMessageDb db)
    {
        public DbSet<SmsTemplate> SmsTemplates => db.Set<SmsTemplate>();
    }
}
