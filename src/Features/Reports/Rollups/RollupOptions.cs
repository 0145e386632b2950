using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Reports.Rollups;

/// <summary>The <c>Rollups</c> section: how often the rollup job runs and how long raw events are kept.</summary>
public sealed class RollupOptions
{
    public const string Section = "Rollups";

    /// <summary>
    /// The shortest retention: the ingestion endpoint takes events up to <see cref="EventIngestion.MaxAge"/> old, and a
    /// late event must find its day's raw events still there to be counted.
    /// </summary>
    public static readonly int MinRetentionDays = (int)EventIngestion.MaxAge.TotalDays + 2;

    /// <summary>Seconds between runs of the recurring job (one job row per period).</summary>
    public int PeriodSeconds { get; set; } = 60;

    /// <summary>Raw events older than this many days are removed once rolled up (at least <see cref="MinRetentionDays"/>).</summary>
    public int RetentionDays { get; set; } = 180;

    /// <summary>How often the retention looks for old events, in minutes.</summary>
    public int PruneEveryMinutes { get; set; } = 60;

    public TimeSpan Retention => TimeSpan.FromDays(Math.Max(MinRetentionDays, RetentionDays));
}

/// <summary>
/// The rollup job's own bookkeeping (one row): the last event id rolled up (the cursor), the time before which raw
/// events may be gone (days starting earlier are final), and when the job last ran and pruned.
/// </summary>
public sealed class RollupState
{
    public const string EventsName = "events";

    public string Name { get; set; } = EventsName;

    /// <summary>Every event with an id up to this one is in the rollups.</summary>
    public long LastEventId { get; set; }

    /// <summary>Raw events before this time (UTC) may have been removed: a day that starts earlier is never recomputed.</summary>
    public DateTime? PrunedBefore { get; set; }

    public DateTime? LastRunAt { get; set; }

    public DateTime? LastPrunedAt { get; set; }
}

internal sealed class RollupStateConfiguration : IEntityTypeConfiguration<RollupState>
{
    public void Configure(EntityTypeBuilder<RollupState> builder)
    {
        builder.ToTable("RollupStates");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(32);
    }
}

public static class RollupStateSets
{
    extension(KooMessageDb db)
    {
        public DbSet<RollupState> RollupStates => db.Set<RollupState>();
    }
}
