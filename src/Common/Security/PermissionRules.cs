namespace KooMessage.Console.Common.Security;

/// <summary>Which role holds which permission: the one table every page, service and endpoint asks.</summary>
public static class PermissionRules
{
    private static readonly Permission[] TenantRead =
    [
        Permission.OverviewView, Permission.FilingView, Permission.SmsAppView, Permission.SignatureView, Permission.SmsTemplateView,
        Permission.TemplateView, Permission.MaterialView, Permission.ShortLinkView, Permission.ServiceNumberView,
        Permission.MenuView, Permission.ChannelView, Permission.PackageView, Permission.BillView,
        Permission.ReportView, Permission.ReportExport, Permission.DownloadView, Permission.SendView,
    ];

    private static readonly Permission[] ResourceManage =
    [
        Permission.FilingManage, Permission.SmsAppManage, Permission.SignatureManage, Permission.SmsTemplateManage, Permission.TemplateManage,
        Permission.MaterialManage, Permission.ShortLinkManage, Permission.CapabilityCheck,
        Permission.ServiceNumberManage, Permission.MenuManage, Permission.ChannelManage,
    ];

    /// <summary>Lists an operator exports (reports are exported by every tenant role, as in KooMessage; designers also export templates).</summary>
    private static readonly Permission[] ListExport = [Permission.SignatureExport, Permission.TemplateExport];

    private static readonly Dictionary<string, HashSet<Permission>> ByRole = new(StringComparer.Ordinal)
    {
        [Roles.FullAccess] =
        [
            .. TenantRead, .. ResourceManage, .. ListExport, Permission.PackageBuy,
            Permission.UserView, Permission.UserManage, Permission.AuditView,
            Permission.ApiKeyView, Permission.ApiKeyManage, Permission.EventIngest, Permission.SendManage,
            Permission.MobileView, Permission.OptOutManage,
        ],
        [Roles.CommonOperations] = [.. TenantRead, .. ResourceManage, .. ListExport, Permission.EventIngest, Permission.SendManage],
        [Roles.Development] =
        [
            Permission.OverviewView, Permission.SmsAppView, Permission.SignatureView, Permission.SmsTemplateView,
            Permission.TemplateView, Permission.TemplateManage, Permission.TemplateExport, Permission.MaterialView, Permission.MaterialManage,
            Permission.ShortLinkView, Permission.ShortLinkManage, Permission.CapabilityCheck,
            Permission.ReportView, Permission.DownloadView, Permission.SendView,
            Permission.ApiKeyView, Permission.ApiKeyManage, Permission.EventIngest,
        ],
        [Roles.ReadOnlyAccess] = [.. TenantRead],
        [Roles.Reviewer] = [Permission.OverviewView, Permission.ReviewView, Permission.ReviewDecide],
        [Roles.PlatformAdmin] =
        [
            Permission.OverviewView, Permission.ReviewView, Permission.ReviewDecide, Permission.AuditView,
            Permission.AccountManage, Permission.StaffManage, Permission.SettingsManage, Permission.CapabilityImport,
        ],
    };

    private static readonly HashSet<Permission> Writes =
    [
        .. ResourceManage, Permission.PackageBuy, Permission.UserManage, Permission.ApiKeyManage, Permission.EventIngest, Permission.ReviewDecide,
        Permission.AccountManage, Permission.StaffManage, Permission.SettingsManage, Permission.CapabilityImport, Permission.SendManage,
        Permission.OptOutManage,
    ];

    public static bool Allows(string role, Permission permission) =>
        ByRole.TryGetValue(role, out var granted) && granted.Contains(permission);

    public static bool Allows(IEnumerable<string> roles, Permission permission) =>
        roles.Any(role => Allows(role, permission));

    /// <summary>
    /// Whether <paramref name="holder"/>'s roles hold every permission of <paramref name="role"/>: a role "no higher"
    /// than the holder's, e.g. the role an API key its holder creates may act with.
    /// </summary>
    public static bool Covers(IEnumerable<string> holder, string role) =>
        ByRole.TryGetValue(role, out var granted) && granted.All(p => Allows(holder, p));

    /// <summary>A write changes state: refused for a frozen account even where the role allows it.</summary>
    public static bool IsWrite(Permission permission) => Writes.Contains(permission);
}
