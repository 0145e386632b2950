using KooMessage.Console.Common.Jobs;

namespace KooMessage.Console.Features.Reports.Rollups;

/// <summary>The recurring rollup job: one run per period (<see cref="RollupOptions.PeriodSeconds"/>), every account's new events.</summary>
public sealed class RollupJob(RollupBuilder rollups) : IJobHandler
{
    public const string KindName = "reports.rollup";

    public string Kind => KindName;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var run = await rollups.RunAsync(ct);
        return new JobResult(Rows: run.Days);
    }
}
