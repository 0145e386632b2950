using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Modules;

namespace KooMessage.Console.Features.Reports.Rollups;

/// <summary>The report rollups: the recurring job that keeps them from the event store, and the retention of raw events.</summary>
public sealed class RollupsModule : IConsoleModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RollupOptions.Section);
        services.AddOptions<RollupOptions>().Bind(section);
        var period = Math.Max(1, (section.Get<RollupOptions>() ?? new RollupOptions()).PeriodSeconds);
        services.AddSingleton<RollupBuilder>();
        services.AddScoped<IJobHandler, RollupJob>();
        services.AddSingleton(new RecurringJob(RollupJob.KindName, TimeSpan.FromSeconds(period)));

        // One run at a time in a process: a run that outlasts its period leaves the next period's job waiting.
        services.Configure<JobOptions>(o => o.KindLimits[RollupJob.KindName] = 1);
        services.AddScoped<IDemoData, RollupDemoData>();
    }
}
