using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>智能信息服务号: service numbers, and what the modules under them (menus, channel numbers) ask of them.</summary>
public sealed class ServiceNumbersModule : IConsoleModule
{
    public const string AuditType = "service_number";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ServiceNumberDirectory>();
        services.AddSingleton(ChinaRegions.Default);
    }

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<ServiceNumberState>().Select(v => $"ServiceNumberState.{v}")
            .Concat(Enum.GetNames<ApproveState>().Select(v => $"ApproveState.{v}"))
            .Concat(Enum.GetNames<ServiceNumberIndustry>().Select(v => $"ServiceNumberIndustry.{v}"))
            .Append("Regions.Nationwide");
}

public static class ServiceNumberSets
{
    extension(KooMessageDb db)
    {
        public DbSet<ServiceNumber> ServiceNumbers => db.Set<ServiceNumber>();
    }
}
