using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using static MudBlazor.Icons.Material.Outlined;

namespace KooMessage.Console.Features.Capability;

/// <summary>号码能力查询 for tenants, and the platform's capability data its administrator imports.</summary>
public sealed class CapabilityModule : IConsoleModule
{
    public const string Route = "/aim/capability";
    public const string ImportRoute = "/platform/capability-data";
    public const string ImportAuditType = "capability_import";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CapabilityKeys>();
        services.AddSingleton<CapabilityTable>();
        services.AddSingleton<CapabilityLearning>();
        services.AddScoped<CapabilityService>();
        services.AddScoped<CapabilityImportService>();
        services.AddScoped<IJobHandler, CapabilityImportJob>();
        services.AddScoped<IDemoData, CapabilityDemoData>();
    }

    public IEnumerable<NavItem> NavItems =>
    [
        new(NavGroups.Aim, "Nav.Capability", Route, PhonelinkRing, Permission.CapabilityCheck),
        new(NavGroups.Platform, "Nav.CapabilityData", ImportRoute, PhonelinkSetup, Permission.CapabilityImport),
    ];

    public IEnumerable<string> AuditObjectTypes => [ImportAuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<NumberProblem>().Select(p => $"NumberProblem.{p}")
            .Concat(Enum.GetNames<CapabilitySource>().Select(s => $"CapabilitySource.{s}"))
            .Concat(Enum.GetNames<EncryptionAlg>().Select(a => $"EncryptionAlg.{a}"))
            .Append("CapabilityImport.Error.FileGone");
}
