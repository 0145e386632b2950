using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.ApiKeys;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Billing.Bills;
using KooMessage.Console.Features.Billing.Packages;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.ChannelNumbers;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Overview;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reports;
using KooMessage.Console.Features.Reports.Rollups;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.ServiceMenus;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Identity;
using static MudBlazor.Icons.Material.Outlined;

namespace KooMessage.Console;

/// <summary>
/// Every module of the console, one line each, in drawer order.
/// </summary>
public static class ConsoleModules
{
    public static readonly IReadOnlyList<IConsoleModule> All =
    [
        new IdentityModule(),
        new OverviewModule(),
        new NotificationsModule(),
        new EnterprisesModule(),
        new SmsAppsModule(),
        new SignaturesModule(),
        new SmsTemplatesModule(),
        new TemplatesModule(),
        new MaterialsModule(),
        new ShortLinksModule(),
        new CapabilityModule(),
        new SendingModule(),
        new ServiceNumbersModule(),
        new ServiceMenusModule(),
        new ChannelNumbersModule(),
        new BillingModule(),
        new PackagesModule(),
        new BillsModule(),
        new ReportsModule(),
        new EventsModule(),
        new RollupsModule(),
        new DownloadsModule(),
        new UsersModule(),
        new ApiKeysModule(),
        new AuditModule(),
        new ReviewsModule(),
        new AccountsModule(),
        new PlatformModule(),
    ];

    private static readonly string[] PublicPaths = [.. All.SelectMany(m => m.PublicPaths)];

    /// <summary>Whether <paramref name="path"/> is a module's public page, which the setup and password gates let through.</summary>
    public static bool IsPublic(PathString path) => PublicPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
