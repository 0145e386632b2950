using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Common.Jobs;

public enum JobState
{
    /// <summary>Waits for its run-at time.</summary>
    Scheduled,
    Queued,
    Running,
    Paused,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>What a user asked of a running job; the runner that holds its lease carries it out.</summary>
public enum JobRequest
{
    None,
    Cancel,
    Pause,
}

/// <summary>
/// One piece of long work: an export, a bulk generation, a settlement period. A runner claims it by a conditional
/// update that sets its lease; a job whose lease expired (its process died) is claimed again, so handlers are
/// idempotent. Platform work (the file sweep, expiry) has no account.
/// </summary>
public sealed class Job : ITenantOwned
{
    public const int KindMax = 64;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Kind { get; set; } = "";

    public Guid? AccountId { get; set; }

    /// <summary>The handler's parameters as JSON.</summary>
    public string Parameters { get; set; } = "{}";

    public JobState State { get; set; } = JobState.Queued;

    /// <summary>Not before this time (UTC); the period's start for a recurring job.</summary>
    public DateTime RunAt { get; set; }

    public JobRequest Request { get; set; }

    public long Done { get; set; }

    public long? Total { get; set; }

    /// <summary>How many times a runner claimed it.</summary>
    public int Attempts { get; set; }

    public string? LeaseHolder { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public Guid? ResultFileId { get; set; }

    public long? ResultRows { get; set; }

    /// <summary>A resource key and its arguments (JSON array), put into words in the reader's language.</summary>
    public string? ErrorKey { get; set; }

    public string? ErrorArgs { get; set; }

    /// <summary>For a recurring job, kind and period: a period runs once even after a crash or on two nodes.</summary>
    public string? UniqueKey { get; set; }

    public string? RequestedById { get; set; }

    public string RequestedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public bool IsEnded => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}

public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("Jobs");
        builder.Property(j => j.Kind).HasMaxLength(Job.KindMax);
        builder.Property(j => j.LeaseHolder).HasMaxLength(200);
        builder.Property(j => j.ErrorKey).HasMaxLength(200);
        builder.Property(j => j.UniqueKey).HasMaxLength(200);
        builder.Property(j => j.RequestedBy).HasMaxLength(256);
        builder.HasIndex(j => new { j.State, j.RunAt });
        builder.HasIndex(j => j.UniqueKey).IsUnique();
        builder.HasIndex(j => new { j.AccountId, j.CreatedAt });
    }
}

public static class JobSets
{
    extension(KooMessageDb db)
    {
        public DbSet<Job> Jobs => db.Set<Job>();
    }
}
