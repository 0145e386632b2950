using Microsoft.Extensions.Options;

namespace KooMessage.Console.Common.Jobs;

public static class JobServices
{
    /// <summary>The job table's queue and signals, and the runner (a hosted service of the web app).</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section));
        services.AddSingleton<JobSignals>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton(sp => new JobWorker(
            $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}",
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<KooMessage.Console.Data.TenantDb>(),
            sp.GetRequiredService<JobSignals>(),
            sp.GetRequiredService<IOptions<JobOptions>>(),
            sp.GetServices<RecurringJob>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<JobWorker>>()));
        return services;
    }
}
