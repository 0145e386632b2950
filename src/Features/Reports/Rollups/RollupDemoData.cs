using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;

namespace KooMessage.Console.Features.Reports.Rollups;

/// <summary>
/// The demo's events are inserted by the modules' demo data directly: once the seeding has committed, one run rolls
/// them up, so the reports show them at the first visit rather than after the job's next period.
/// </summary>
internal sealed class RollupDemoData(RollupBuilder rollups) : IDemoData
{
    /// <summary>After every module that adds events (the reports' 90 days are 950).</summary>
    public int Order => 990;

    public Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        demo.AfterCommit.Add(async token => await rollups.RunAsync(token));
        return Task.CompletedTask;
    }
}
