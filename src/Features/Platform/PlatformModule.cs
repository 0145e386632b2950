using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using static MudBlazor.Icons.Material.Outlined;

namespace KooMessage.Console.Features.Platform;

/// <summary>The platform's own pages: setup, staff, settings and the sensitive-word list.</summary>
public sealed class PlatformModule : IConsoleModule
{
    public const string StaffRoute = "/platform/staff";
    public const string SettingsRoute = "/platform/settings";
    public const string SettingsAuditType = "settings";
    public const string SensitiveWordAuditType = "sensitive_word";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SetupService>();
        services.AddSingleton<AdminRecovery>();
        services.AddSingleton<SensitiveWordMatcher>();
        services.AddScoped<SensitiveWordService>();
        services.AddScoped<SettingsService>();
    }

    public IEnumerable<NavItem> NavItems =>
    [
        new(NavGroups.Platform, "Nav.Staff", StaffRoute, SupervisorAccount, Permission.StaffManage),
        new(NavGroups.Platform, "Nav.Settings", SettingsRoute, Settings, Permission.SettingsManage),
    ];

    public IEnumerable<string> AuditObjectTypes => [SettingsAuditType, SensitiveWordAuditType];
}

public static class PlatformSets
{
    extension(KooMessageDb db)
    {
        public DbSet<PlatformSettings> PlatformSettings => db.Set<PlatformSettings>();

        public DbSet<SensitiveWord> SensitiveWords => db.Set<SensitiveWord>();
    }
}
