using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

public static class Jobs
{
    /// <summary>Runs every due job to its end with the console's own worker, as the runner would (tests without a web host have none).</summary>
    public static async Task<int> RunDueJobsAsync(this IServiceProvider services)
    {
        var worker = services.GetRequiredService<JobWorker>();
        var ran = 0;
        while (await worker.ClaimAsync([], CancellationToken.None) is { } job)
        {
            await worker.RunAsync(job, CancellationToken.None);
            ran++;
        }

        return ran;
    }

    /// <summary>The job's row as it is now, across accounts.</summary>
    public static async Task<Job> JobAsync(this IServiceProvider services, Guid id)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await db.Set<Job>().AsNoTracking().SingleAsync(j => j.Id == id);
    }

    /// <summary>Waits (polling, without a fixed sleep in the test) until the job ended; the web host's runner does the work.</summary>
    public static async Task<Job> WaitForEndAsync(this IServiceProvider services, Guid id, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var job = await services.JobAsync(id);
            if (job.IsEnded)
            {
                return job;
            }

            await Task.Delay(50, limit.Token);
        }
    }
}
