using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;

namespace KooMessage.Console.Common.Files;

/// <summary>The file sweep as an hourly job, besides its run at start-up: stale staged uploads go within the hour.</summary>
public sealed class FileSweepJob(FileSweep sweep, TenantDb dbs) : IJobHandler
{
    public const string KindName = "files.sweep";

    public static readonly RecurringJob Schedule = new(KindName, TimeSpan.FromHours(1));

    public string Kind => KindName;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync("sweep the files folder", ct);
        var report = await sweep.RunAsync(db, ct);
        return new JobResult(Rows: report.Promoted + report.StaleStagedDeleted + report.OrphansDeleted);
    }
}
