using System.Text.Json;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Common.Jobs;

/// <summary>
/// One runner's dealings with the job table: schedules recurring periods, claims a job by a conditional update, runs its
/// handler while renewing the lease, and records how it ended. Each claim holds the job under a lease-holder name of its
/// own (the runner's name and the claim's), and every write after it is conditional on still holding that lease, so a
/// run that lost its job (it stalled past the lease and another claim took over, also one of the same runner) changes
/// nothing. <see cref="JobRunner"/> drives it; tests drive it with a fake clock.
/// </summary>
public sealed partial class JobWorker(
    string holder,
    IServiceScopeFactory scopes,
    TenantDb dbs,
    JobSignals signals,
    IOptions<JobOptions> options,
    IEnumerable<RecurringJob> recurring,
    TimeProvider clock,
    ILogger<JobWorker> logger)
{
    private readonly Dictionary<string, DateTime> scheduledPeriods = new(StringComparer.Ordinal);

    private JobOptions Options => options.Value;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Adds the current period's job of every recurring kind that lacks one; the unique key makes a second add a no-op.</summary>
    public async Task<int> ScheduleRecurringAsync(CancellationToken ct)
    {
        var added = 0;
        var now = Now;
        foreach (var job in recurring)
        {
            var start = new DateTime(now.Ticks - (now.Ticks % job.Period.Ticks), DateTimeKind.Utc);
            if (scheduledPeriods.TryGetValue(job.Kind, out var last) && last == start)
            {
                continue;
            }

            var key = $"{job.Kind}:{start:yyyy-MM-ddTHH:mm:ssZ}";
            await using var db = await dbs.ForSystemAsync($"schedule {job.Kind}", ct);
            if (!await db.Jobs.AnyAsync(j => j.UniqueKey == key, ct))
            {
                db.Jobs.Add(new Job { Kind = job.Kind, RunAt = start, UniqueKey = key, CreatedAt = now, RequestedBy = "system" });
                try
                {
                    await db.SaveChangesAsync(ct);
                    added++;
                }
                catch (DbUpdateException)
                {
                    // Another node added this period's job between the check and the insert.
                }
            }

            scheduledPeriods[job.Kind] = start;
        }

        return added;
    }

    /// <summary>
    /// Claims the oldest due job whose kind is not in <paramref name="busyKinds"/>: a queued one, a scheduled one whose
    /// time came, or a running one whose lease expired. Null when there is none.
    /// </summary>
    public async Task<Job?> ClaimAsync(IReadOnlyCollection<string> busyKinds, CancellationToken ct)
    {
        var now = Now;
        var lease = now.AddSeconds(Options.LeaseSeconds);
        var leaseHolder = $"{holder}/{Guid.NewGuid():N}";
        await using var db = await dbs.ForSystemAsync("claim a job", ct);
        var candidates = await Due(db.Jobs, now)
            .Where(j => !busyKinds.Contains(j.Kind))
            .OrderBy(j => j.RunAt).ThenBy(j => j.Id)
            .Select(j => j.Id)
            .Take(8)
            .ToListAsync(ct);
        foreach (var id in candidates)
        {
            var claimed = await Due(db.Jobs.Where(j => j.Id == id), now).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, JobState.Running)
                    .SetProperty(j => j.LeaseHolder, leaseHolder)
                    .SetProperty(j => j.LeaseExpiresAt, lease)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now),
                ct);
            if (claimed == 1)
            {
                var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id, ct);
                signals.RaiseChanged(job.AccountId, job.Id);
                return job;
            }
        }

        return null;
    }

    /// <summary>Runs a job this worker claimed, until it ends or <paramref name="stopping"/> (a graceful stop) returns it to the queue.</summary>
    public async Task RunAsync(Job job, CancellationToken stopping)
    {
        if (job.Attempts > Options.MaxAttempts)
        {
            LogAbandoned(job.Id, job.Kind, job.Attempts - 1);
            await EndAsync(job, JobState.Failed, null, "Jobs.Error.Abandoned", [], CancellationToken.None);
            return;
        }

        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        void OnStop(Guid id)
        {
            if (id == job.Id)
            {
                run.Cancel();
            }
        }

        signals.StopRequested += OnStop;
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
        var renewal = RenewAsync(job, run, renewing.Token);
        try
        {
            var result = await HandleAsync(job, run.Token);
            await renewing.CancelAsync();
            await renewal;
            await EndAsync(job, JobState.Succeeded, result, null, [], CancellationToken.None);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            await renewing.CancelAsync();
            await renewal;
            await StoppedAsync(job, stopping.IsCancellationRequested);
        }
        catch (JobFailedException failure)
        {
            await renewing.CancelAsync();
            await renewal;
            await EndAsync(job, JobState.Failed, null, failure.ErrorKey, failure.Args, CancellationToken.None);
        }
        catch (Exception e)
        {
            await renewing.CancelAsync();
            await renewal;
            LogFailed(e, job.Id, job.Kind, job.Attempts);
            if (job.Attempts < Options.MaxAttempts)
            {
                // Back to the queue after a pause that grows with each attempt.
                await ReleaseAsync(job, JobState.Queued, Now.AddSeconds(Options.PollSeconds * job.Attempts * 5), countAttempt: true);
            }
            else
            {
                await EndAsync(job, JobState.Failed, null, "Jobs.Error.Unexpected", [], CancellationToken.None);
            }
        }
        finally
        {
            signals.StopRequested -= OnStop;
        }
    }

    private static IQueryable<Job> Due(IQueryable<Job> jobs, DateTime now) =>
        jobs.Where(j => j.State == JobState.Queued && j.RunAt <= now
            || j.State == JobState.Scheduled && j.RunAt <= now
            || j.State == JobState.Running && j.LeaseExpiresAt < now);

    private async Task<JobResult> HandleAsync(Job job, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().SingleOrDefault(h => h.Kind == job.Kind)
            ?? throw new JobFailedException("Jobs.Error.UnknownKind", job.Kind);
        var lastReport = DateTime.MinValue;
        var context = new JobContext(job, async (done, total, token) =>
        {
            var now = Now;
            if (now - lastReport < TimeSpan.FromMilliseconds(Options.ProgressIntervalMs) && done != total)
            {
                return;
            }

            lastReport = now;
            await using var db = await dbs.ForSystemAsync("record job progress", token);
            await Held(db, job).ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, done).SetProperty(j => j.Total, total), token);
            signals.RaiseChanged(job.AccountId, job.Id);
        });
        return await handler.RunAsync(context, ct);
    }

    /// <summary>
    /// Renews the lease while the handler works; stops the handler when a user asked to, or when the lease was lost. A
    /// renewal the database refused (busy) is tried again at the next tick; only when no renewal has succeeded for a
    /// lease's length, so another runner may have taken the job, is the handler stopped. It never throws.
    /// </summary>
    private async Task RenewAsync(Job job, CancellationTokenSource run, CancellationToken ct)
    {
        var renewed = Now;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(Options.RenewSeconds), clock, ct);
                try
                {
                    var lease = Now.AddSeconds(Options.LeaseSeconds);
                    await using var db = await dbs.ForSystemAsync("renew a job lease", ct);
                    var held = await Held(db, job).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, lease), ct);
                    var request = await db.Jobs.AsNoTracking().Where(j => j.Id == job.Id).Select(j => j.Request).SingleOrDefaultAsync(ct);
                    if (held == 0 || request != JobRequest.None)
                    {
                        await run.CancelAsync();
                        return;
                    }

                    renewed = Now;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRenewalFailed(e, job.Id);
                    if (Now - renewed >= TimeSpan.FromSeconds(Options.LeaseSeconds))
                    {
                        await run.CancelAsync();
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run ended; the lease goes with it.
        }
    }

    /// <summary>
    /// A run that was told to stop: a user's cancel or pause is recorded, also when it arrived just before a graceful
    /// stop; otherwise a graceful stop puts the job back without counting the attempt.
    /// </summary>
    private async Task StoppedAsync(Job job, bool shuttingDown)
    {
        await using var db = await dbs.ForSystemAsync("read a job's stop request", CancellationToken.None);
        var request = await db.Jobs.AsNoTracking().Where(j => j.Id == job.Id && j.LeaseHolder == job.LeaseHolder).Select(j => (JobRequest?)j.Request).SingleOrDefaultAsync();
        if (shuttingDown && request is null or JobRequest.None)
        {
            await ReleaseAsync(job, JobState.Queued, Now, countAttempt: false);
            return;
        }

        switch (request)
        {
            case JobRequest.Cancel:
                await EndAsync(job, JobState.Cancelled, null, null, [], CancellationToken.None);
                break;
            case JobRequest.Pause:
                await ReleaseAsync(job, JobState.Paused, Now, countAttempt: false);
                break;
            default:
                // The lease was lost to another runner, which now owns the job.
                LogLeaseLost(job.Id, job.LeaseHolder);
                break;
        }
    }

    private async Task ReleaseAsync(Job job, JobState state, DateTime runAt, bool countAttempt)
    {
        await using var db = await dbs.ForSystemAsync("release a job", CancellationToken.None);
        await Held(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.RunAt, runAt)
            .SetProperty(j => j.Request, JobRequest.None)
            .SetProperty(j => j.LeaseHolder, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.Attempts, j => countAttempt ? j.Attempts : j.Attempts - 1));
        signals.RaiseChanged(job.AccountId, job.Id);
        signals.Wake();
    }

    private async Task EndAsync(Job job, JobState state, JobResult? result, string? errorKey, IReadOnlyList<string> errorArgs, CancellationToken ct)
    {
        var now = Now;
        var fileId = result?.FileId;
        var rows = result?.Rows;
        var errorJson = errorKey is null ? null : JsonSerializer.Serialize(errorArgs);
        await using var db = await dbs.ForSystemAsync("end a job", ct);
        var ended = await Held(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.Request, JobRequest.None)
            .SetProperty(j => j.LeaseHolder, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.ResultFileId, fileId)
            .SetProperty(j => j.ResultRows, rows)
            .SetProperty(j => j.Done, j => rows ?? j.Done)
            .SetProperty(j => j.ErrorKey, errorKey)
            .SetProperty(j => j.ErrorArgs, errorJson),
            ct);
        if (ended == 0)
        {
            LogLeaseLost(job.Id, job.LeaseHolder);
            return;
        }

        signals.RaiseChanged(job.AccountId, job.Id);
        await using var scope = scopes.CreateAsyncScope();
        foreach (var listener in scope.ServiceProvider.GetServices<IJobListener>())
        {
            // The job has ended either way: a listener that fails (a notification not written) is logged, not the job's failure.
            try
            {
                await listener.EndedAsync(job, state, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogListenerFailed(e, job.Id, listener.GetType().Name);
            }
        }
    }

    private static IQueryable<Job> Held(KooMessageDb db, Job job) =>
        db.Jobs.Where(j => j.Id == job.Id && j.LeaseHolder == job.LeaseHolder && j.State == JobState.Running);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) failed on attempt {Attempt}")]
    private partial void LogFailed(Exception exception, Guid jobId, string kind, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) was claimed {Attempts} times without ending; it is marked failed")]
    private partial void LogAbandoned(Guid jobId, string kind, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the lease could not be renewed this time")]
    private partial void LogRenewalFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ended, but its listener {Listener} failed")]
    private partial void LogListenerFailed(Exception exception, Guid jobId, string listener);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the run holding it as {Holder} lost its lease; another claim owns the job")]
    private partial void LogLeaseLost(Guid jobId, string? holder);
}

/// <summary>Told when a job ends (succeeded, failed or cancelled): a feature notifies the requester.</summary>
public interface IJobListener
{
    /// <param name="job">The job as it was claimed (kind, account, requester).</param>
    Task EndedAsync(Job job, JobState state, CancellationToken ct);
}
