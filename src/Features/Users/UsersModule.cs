using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Users;

public sealed class UsersModule : IConsoleModule
{
    public const string Route = "/iam/users";
    public const string AuditType = "user";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<UserDirectory>();
        services.AddScoped<UserService>();
        services.AddScoped<IOverviewFigures, UserFigures>();
        services.AddSingleton<IPrincipalStateReader, PrincipalStateReader>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Iam, "Nav.Users", Route, MudBlazor.Icons.Material.Outlined.People, Permission.UserView)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys => Roles.All.SelectMany(r => new[] { $"Role.{r}", $"Role.{r}.Description" });

    private sealed class UserFigures : IOverviewFigures
    {
        public async Task<(IReadOnlyList<OverviewCount> Counts, IReadOnlyList<FlowProgress> Steps)> TenantAsync(KooMessageDb db, UserContext user, CancellationToken ct) =>
        ([
            new("Overview.Users", await db.Users.CountAsync(ct), user.Can(Permission.UserView) ? Route : null),
            new("Overview.ActiveUsers", await db.Users.CountAsync(u => !u.IsDisabled, ct), null),
        ], []);

        public async Task<IReadOnlyList<OverviewCount>> PlatformAsync(KooMessageDb db, UserContext user, CancellationToken ct) =>
        [
            new("Overview.TenantUsers", await db.Users.CountAsync(u => u.AccountId != null, ct), null),
            new("Overview.Staff", await db.Users.CountAsync(u => u.AccountId == null, ct), user.Can(Permission.StaffManage) ? Platform.PlatformModule.StaffRoute : null),
        ];
    }
}
