using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Features.Events;

namespace KooMessage.Console.Features.Billing;

/// <summary>
/// 费用中心's core: the catalog's prices, the ledger and wallets, metering of billable events into usage, package-first
/// deduction, hourly settlement and arrears. The packages (purchase) and bills pages are modules of their own.
/// </summary>
public sealed class BillingModule : IConsoleModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BillingOptions>().Bind(configuration.GetSection(BillingOptions.Section));
        services.AddSingleton<Ledger>();
        services.AddSingleton<ArrearsClock>();
        services.AddScoped<ArrearsGate>();
        services.AddSingleton<IEventBatchHandler, Metering>();
        services.AddSingleton<Settlement>();
        services.AddScoped<IJobHandler, SettlementJob>();
        services.AddSingleton(SettlementJob.Schedule);
        services.AddScoped<SendCost>();
    }

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<BillingItem>().Select(v => $"BillingItem.{v}")
            .Concat(Enum.GetNames<PackageFamily>().Select(v => $"PackageFamily.{v}"))
            .Concat(Enum.GetNames<ArrearsState>().Select(v => $"ArrearsState.{v}"))
            .Concat(Enum.GetNames<LedgerKind>().Select(v => $"LedgerKind.{v}"))
            .Concat(Enum.GetNames<OrderState>().Select(v => $"OrderState.{v}"))
            .Concat(Enum.GetNames<PackageState>().Select(v => $"PackageState.{v}"))
            .Concat(Enum.GetNames<UsageMode>().Select(v => $"UsageMode.{v}"));
}
