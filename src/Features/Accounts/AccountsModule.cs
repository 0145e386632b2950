using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Accounts;

public sealed class AccountsModule : IConsoleModule
{
    public const string Route = "/platform/accounts";
    public const string DetailRoute = "/platform/accounts/{Id:guid}";
    public const string AuditType = "account";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AccountService>();
        services.AddScoped<AccountDetailService>();
        services.AddScoped<IOverviewFigures, AccountFigures>();
    }

    public static string DetailOf(Guid id) => $"{Route}/{id}";

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Platform, "Nav.Accounts", Route, MudBlazor.Icons.Material.Outlined.Domain, Permission.AccountManage)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys => Enum.GetNames<AccountStatus>().Select(s => $"Accounts.Status.{s}");

    private sealed class AccountFigures : IOverviewFigures
    {
        public async Task<IReadOnlyList<OverviewCount>> PlatformAsync(KooMessageDb db, UserContext user, CancellationToken ct) =>
        [
            new("Overview.Accounts", await db.Accounts.CountAsync(ct), user.Can(Permission.AccountManage) ? Route : null),
            new("Overview.FrozenAccounts", await db.Accounts.CountAsync(a => a.Status == AccountStatus.Frozen, ct), null),
        ];
    }
}

public static class AccountSets
{
    extension(KooMessageDb db)
    {
        public DbSet<Account> Accounts => db.Set<Account>();
    }
}
