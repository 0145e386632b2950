using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Layout;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;

namespace KooMessage.Console.Features.Billing.Bills;

/// <summary>
/// 费用中心 › 账单: 流水账单 and 明细账单 with their exports, the account's billing alerts (app bar, 总览, notifications),
/// the packages' burn-down forecast and the three-network China Mobile share; demo billing history.
/// </summary>
public sealed class BillsModule : IConsoleModule
{
    public const string Route = "/billing/bills";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<BillService>();
        services.AddSingleton<IExportSource, BillFlowExportSource>();
        services.AddSingleton<IExportSource, BillDetailExportSource>();
        services.AddScoped<IJobHandler, BillingAlertJob>();
        services.AddSingleton(BillingAlertJob.Schedule);
        services.AddScoped<IOverviewFigures, AlertFigures>();
        services.AddSingleton(new AppBarItem(typeof(BillingAlertsButton)));
        services.AddScoped<IDemoData, BillsDemoData>();
    }

    public IEnumerable<NavItem> NavItems =>
        [new(NavGroups.Billing, "Nav.Bills", Route, MudBlazor.Icons.Material.Outlined.ReceiptLong, Permission.BillView)];

    public IEnumerable<string> AuditObjectTypes => [BillService.AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<BillingAlertKind>().Select(k => $"BillingAlerts.Kind.{k}")
            .Concat(Enum.GetNames<BillingAlertKind>().Select(k => $"BillingAlerts.Notice.{k}"));

    /// <summary>总览's figure: how many billing alerts stand, linking to the bills page.</summary>
    private sealed class AlertFigures(TimeProvider clock) : IOverviewFigures
    {
        public async Task<(IReadOnlyList<OverviewCount> Counts, IReadOnlyList<FlowProgress> Steps)> TenantAsync(KooMessageDb db, UserContext user, CancellationToken ct)
        {
            if (!user.Can(Permission.BillView) || user.AccountId is not { } accountId)
            {
                return ([], []);
            }

            var alerts = await BillingAlerts.ForAsync(db, accountId, clock.GetUtcNow().UtcDateTime, ct);
            return ([new OverviewCount("BillingAlerts.Overview", alerts.Count, Route)], []);
        }
    }
}
