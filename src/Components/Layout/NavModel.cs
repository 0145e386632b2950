using KooMessage.Console.Common.Security;
using MudBlazor;

namespace KooMessage.Console.Components.Layout;

/// <summary>A page of the console: its title key, route, icon, the permission it needs, and whether it has been built yet.</summary>
public sealed record NavItem(string TitleKey, string Href, string Icon, Permission Permission, bool Available = true);

public sealed record NavGroup(string TitleKey, string Icon, IReadOnlyList<NavItem> Items);

/// <summary>The console's modules, grouped like KooMessage's console. The drawer, the placeholder page and the route tests read it.</summary>
public static class NavModel
{
    public static readonly NavItem Overview = new("Nav.Overview", "/", Icons.Material.Outlined.Dashboard, Permission.OverviewView);

    public static readonly IReadOnlyList<NavGroup> Groups =
    [
        new("Nav.Group.Enterprise", Icons.Material.Outlined.Business,
        [
            new("Nav.Filings", "/enterprise/filings", Icons.Material.Outlined.AssignmentInd, Permission.FilingView),
        ]),
        new("Nav.Group.Sms", Icons.Material.Outlined.Sms,
        [
            new("Nav.SmsApps", "/sms/apps", Icons.Material.Outlined.Apps, Permission.SmsAppView),
            new("Nav.Signatures", "/sms/signatures", Icons.Material.Outlined.Draw, Permission.SignatureView),
        ]),
        new("Nav.Group.Aim", Icons.Material.Outlined.AutoAwesome,
        [
            new("Nav.Templates", "/aim/templates", Icons.Material.Outlined.Dashboard, Permission.TemplateView, false),
            new("Nav.Materials", "/aim/materials", Icons.Material.Outlined.PermMedia, Permission.MaterialView, false),
            new("Nav.ShortLinks", "/aim/short-links", Icons.Material.Outlined.Link, Permission.ShortLinkView, false),
            new("Nav.Capability", "/aim/capability", Icons.Material.Outlined.PhonelinkRing, Permission.CapabilityCheck, false),
        ]),
        new("Nav.Group.ServiceNumbers", Icons.Material.Outlined.Storefront,
        [
            new("Nav.ServiceNumbers", "/service-numbers", Icons.Material.Outlined.Badge, Permission.ServiceNumberView, false),
            new("Nav.Menus", "/service-numbers/menus", Icons.Material.Outlined.Menu, Permission.MenuView, false),
            new("Nav.Channels", "/service-numbers/channels", Icons.Material.Outlined.Numbers, Permission.ChannelView, false),
        ]),
        new("Nav.Group.Billing", Icons.Material.Outlined.AccountBalanceWallet,
        [
            new("Nav.Packages", "/billing/packages", Icons.Material.Outlined.Inventory2, Permission.PackageView, false),
            new("Nav.Bills", "/billing/bills", Icons.Material.Outlined.ReceiptLong, Permission.BillView, false),
        ]),
        new("Nav.Group.Reports", Icons.Material.Outlined.BarChart,
        [
            new("Nav.Reports", "/reports", Icons.Material.Outlined.Insights, Permission.ReportView, false),
            new("Nav.Downloads", "/reports/downloads", Icons.Material.Outlined.Download, Permission.DownloadView, false),
        ]),
        new("Nav.Group.Iam", Icons.Material.Outlined.ManageAccounts,
        [
            new("Nav.Users", "/iam/users", Icons.Material.Outlined.People, Permission.UserView),
            new("Nav.AuditLog", "/iam/audit-log", Icons.Material.Outlined.History, Permission.AuditView),
        ]),
        new("Nav.Group.Review", Icons.Material.Outlined.FactCheck,
        [
            new("Nav.ReviewQueue", "/review", Icons.Material.Outlined.Checklist, Permission.ReviewView),
        ]),
        new("Nav.Group.Platform", Icons.Material.Outlined.AdminPanelSettings,
        [
            new("Nav.Accounts", "/platform/accounts", Icons.Material.Outlined.Domain, Permission.AccountManage),
            new("Nav.Staff", "/platform/staff", Icons.Material.Outlined.SupervisorAccount, Permission.StaffManage),
            new("Nav.Settings", "/platform/settings", Icons.Material.Outlined.Settings, Permission.SettingsManage),
        ]),
    ];

    public static IEnumerable<NavItem> All => Groups.SelectMany(g => g.Items).Prepend(Overview);

    public static NavItem? Find(string path)
    {
        var clean = "/" + path.Split('?', '#')[0].Trim('/');
        return All.FirstOrDefault(i => string.Equals(i.Href, clean, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The groups with only the items this user may open; empty groups are left out.</summary>
    public static IReadOnlyList<NavGroup> For(UserContext user) =>
        Groups
            .Select(g => g with { Items = g.Items.Where(i => user.Can(i.Permission)).ToList() })
            .Where(g => g.Items.Count > 0)
            .ToList();
}
