using System.Text.Json;
using KooMessage.Console.Data;

namespace KooMessage.Console.Common.Jobs;

/// <summary>
/// The work of one job kind, resolved in a scope of its own for every run. A run may be a rerun of a job whose process
/// died part way, so a handler is idempotent: it writes its output under the job's id and replaces what a dead run left.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    Task<JobResult> RunAsync(JobContext context, CancellationToken ct);
}

/// <summary>What a successful run leaves: the file it wrote and how many rows, if any.</summary>
public sealed record JobResult(Guid? FileId = null, long? Rows = null);

/// <summary>An expected failure: the job fails at once (no retry) with a message in the reader's language.</summary>
public sealed class JobFailedException(string errorKey, params string[] args) : Exception(errorKey)
{
    public string ErrorKey { get; } = errorKey;

    public IReadOnlyList<string> Args { get; } = args;
}

/// <summary>A kind that runs once per period (hourly settlement, the file sweep), scheduled from <see cref="TimeProvider"/>.</summary>
public sealed record RecurringJob(string Kind, TimeSpan Period);

/// <summary>The job a handler runs and the way it reports progress.</summary>
public sealed class JobContext(Job job, Func<long, long?, CancellationToken, ValueTask> report)
{
    public Guid JobId { get; } = job.Id;

    public string Kind { get; } = job.Kind;

    public Guid? AccountId { get; } = job.AccountId;

    public string Parameters { get; } = job.Parameters;

    public string? RequestedById { get; } = job.RequestedById;

    public string RequestedBy { get; } = job.RequestedBy;

    public int Attempt { get; } = job.Attempts;

    /// <summary>
    /// The lease-holder name this run holds the job under. A handler whose work leaves the database (a message handed to
    /// the gateway) makes its writes conditional on it, so a run that lost its lease to a later claim does no more of it.
    /// </summary>
    public string? Lease { get; } = job.LeaseHolder;

    /// <summary>The job while this run still holds it: a condition (<c>Held(db).Any()</c>) for a write that must not land after a takeover.</summary>
    public IQueryable<Job> Held(KooMessageDb db)
    {
        var (id, lease) = (JobId, Lease);
        return db.Jobs.Where(j => j.Id == id && j.LeaseHolder == lease);
    }

    /// <summary>The period's start for a recurring job (its run-at time).</summary>
    public DateTime RunAt { get; } = job.RunAt;

    public T ParametersAs<T>() => JsonSerializer.Deserialize<T>(Parameters)
        ?? throw new InvalidOperationException($"Job {JobId} has no parameters of type {typeof(T).Name}.");

    /// <summary>Records progress; written at most a few times a second, and always when <paramref name="done"/> reaches <paramref name="total"/>.</summary>
    public ValueTask ReportAsync(long done, long? total, CancellationToken ct) => report(done, total, ct);
}
