using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Reviews;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>服务号 › 菜单: the menu editor and its phone simulator, menu versions and their review, and menu clicks pushed as events.</summary>
public sealed class ServiceMenusModule : IConsoleModule
{
    public const string Route = "/service-numbers/menus";
    public const string AuditType = "service_menu";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ServiceMenuService>();
        services.AddScoped<IReviewSource, MenuReviewSource>();
        services.AddScoped<IDemoData, ServiceMenuDemoData>();
        services.AddSingleton<IEventSubjectCheck, ServiceNumberEventCheck>();
        services.AddSingleton<MenuClickEvents>();
        services.AddSingleton<IEventSubjectCheck>(sp => sp.GetRequiredService<MenuClickEvents>());
        services.AddSingleton<IEventCompletion>(sp => sp.GetRequiredService<MenuClickEvents>());
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.ServiceNumbers, "Nav.Menus", Route, MudBlazor.Icons.Material.Outlined.Menu, Permission.MenuView)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<MenuVersionState>().Select(v => $"MenuVersionState.{v}")
            .Concat(Enum.GetNames<MenuAction>().Select(v => $"ServiceMenus.Action.{v}"))
            .Append($"Review.Kind.{MenuReviewSource.KindName}");
}

public static class ServiceMenuSets
{
    extension(KooMessageDb db)
    {
        public DbSet<MenuVersion> MenuVersions => db.Set<MenuVersion>();
    }
}
