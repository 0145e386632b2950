using KooMessage.Console.Common.Security;

namespace KooMessage.Console.Common.Modules;

/// <summary>
/// A feature's one entry: its services (review sources, demo data, overview figures among them), its endpoints, its
/// drawer entries and its audit object types. A module registers itself with one line in <c>ConsoleModules</c>.
/// </summary>
public interface IConsoleModule
{
    void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }

    /// <summary>The module's pages in the drawer, in order, each in a <see cref="NavGroups"/> group.</summary>
    IEnumerable<NavItem> NavItems => [];

    /// <summary>What the audit log may name as the object of a change this module records.</summary>
    IEnumerable<string> AuditObjectTypes => [];

    /// <summary>Path prefixes anyone may open, before setup and whatever the visitor's sign-in (the H5 pages); the gates let them through.</summary>
    IEnumerable<string> PublicPaths => [];

    /// <summary>Resource keys the module builds at run time (state and enum texts); the resource tests check them.</summary>
    IEnumerable<string> ResourceKeys => [];
}

/// <summary>A page of the console in the drawer: its group, title key, route, icon and the permission it needs.</summary>
/// <param name="FlowStep">Its place in the overview's flow guide (企业备案 → 签名 → 模板 → 短链 → 报表), if it has one.</param>
public sealed record NavItem(string Group, string TitleKey, string Href, string Icon, Permission Permission, int? FlowStep = null);

/// <summary>The drawer's groups, in the order KooMessage's console shows them.</summary>
public static class NavGroups
{
    public const string Enterprise = "Nav.Group.Enterprise";
    public const string Sms = "Nav.Group.Sms";
    public const string Aim = "Nav.Group.Aim";
    public const string ServiceNumbers = "Nav.Group.ServiceNumbers";
    public const string Billing = "Nav.Group.Billing";
    public const string Reports = "Nav.Group.Reports";
    public const string Iam = "Nav.Group.Iam";
    public const string Review = "Nav.Group.Review";
    public const string Platform = "Nav.Group.Platform";

    public static readonly IReadOnlyList<(string Key, string Icon)> All =
    [
        (Enterprise, MudBlazor.Icons.Material.Outlined.Business),
        (Sms, MudBlazor.Icons.Material.Outlined.Sms),
        (Aim, MudBlazor.Icons.Material.Outlined.AutoAwesome),
        (ServiceNumbers, MudBlazor.Icons.Material.Outlined.Storefront),
        (Billing, MudBlazor.Icons.Material.Outlined.AccountBalanceWallet),
        (Reports, MudBlazor.Icons.Material.Outlined.BarChart),
        (Iam, MudBlazor.Icons.Material.Outlined.ManageAccounts),
        (Review, MudBlazor.Icons.Material.Outlined.FactCheck),
        (Platform, MudBlazor.Icons.Material.Outlined.AdminPanelSettings),
    ];
}
