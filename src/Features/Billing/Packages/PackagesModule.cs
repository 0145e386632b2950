using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using static MudBlazor.Icons.Material.Outlined;

namespace KooMessage.Console.Features.Billing.Packages;

/// <summary>
/// 费用中心 › 套餐包: the catalog, purchase through a payment provider (the prepaid balance built in), the account's
/// packages with auto-renew and its orders; and the platform's 计费管理 (catalog editing, balances, top-ups, adjustments, revenue).
/// </summary>
public sealed class PackagesModule : IConsoleModule
{
    public const string Route = "/billing/packages";
    public const string PlatformRoute = "/platform/billing";
    public const string OrderAuditType = "package_order";
    public const string PackageAuditType = "package";
    public const string WalletAuditType = "wallet";
    public const string SpecAuditType = "package_spec";
    public const string UnitPriceAuditType = "unit_price";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<IPaymentProvider, BalancePaymentProvider>();
        services.AddScoped<PackageService>();
        services.AddScoped<PlatformBillingService>();
        services.AddScoped<IJobHandler, PackageRenewalJob>();
        services.AddSingleton(PackageRenewalJob.Schedule);
    }

    public IEnumerable<NavItem> NavItems =>
    [
        new(NavGroups.Billing, "Nav.Packages", Route, Inventory2, Permission.PackageView),
        new(NavGroups.Platform, "Nav.PlatformBilling", PlatformRoute, AccountBalanceWallet, Permission.AccountManage),
    ];

    public IEnumerable<string> AuditObjectTypes => [OrderAuditType, PackageAuditType, WalletAuditType, SpecAuditType, UnitPriceAuditType];

    public IEnumerable<string> ResourceKeys => Enum.GetNames<WalletPostingKind>().Select(k => $"PlatformBilling.Posting.{k}");
}
