using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
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
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Sms, "Nav.SmsApps", Route, MudBlazor.Icons.Material.Outlined.Apps, Permission.SmsAppView)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<SmsAppStatus>().Select(v => $"SmsAppStatus.{v}").Append($"Review.Kind.{SmsAppReviewSource.KindName}");
}

public static class SmsAppSets
{
    extension(KooMessageDb db)
    {
        public DbSet<SmsApp> SmsApps => db.Set<SmsApp>();
    }
}
