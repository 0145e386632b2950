using System.Text.Json;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Common.Jobs;

/// <summary>
/// What features do with jobs: queue one in their own transaction, and cancel, pause, resume or retry one. Every
/// change is conditional on the state the caller saw, so two tabs or a runner finishing meanwhile never overwrite
/// each other; the caller's context is its account's, so another account's job is simply not found.
/// </summary>
public sealed class JobQueue(JobSignals signals, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Adds a job to <paramref name="db"/>; it runs once the caller saved, and <see cref="Wake"/> makes that at once.</summary>
    public Job Enqueue(KooMessageDb db, string kind, Guid? accountId, object parameters, UserContext? requester, DateTime? runAt = null)
    {
        var now = Now;
        var job = new Job
        {
            Kind = kind,
            AccountId = accountId,
            Parameters = JsonSerializer.Serialize(parameters),
            State = runAt > now ? JobState.Scheduled : JobState.Queued,
            RunAt = runAt ?? now,
            RequestedById = requester?.UserId,
            RequestedBy = requester?.UserName ?? "",
            CreatedAt = now,
        };
        db.Jobs.Add(job);
        return job;
    }

    /// <summary>Tells the runner that work was queued (after the caller's commit).</summary>
    public void Wake() => signals.Wake();

    /// <summary>A waiting job is cancelled at once; a running one is asked to stop, and its runner records the cancel.</summary>
    public Task<bool> CancelAsync(KooMessageDb db, Guid id, CancellationToken ct) => StopAsync(db, id, JobRequest.Cancel, JobState.Cancelled, ct);

    public Task<bool> PauseAsync(KooMessageDb db, Guid id, CancellationToken ct) => StopAsync(db, id, JobRequest.Pause, JobState.Paused, ct);

    /// <summary>A paused job queues again where it stopped.</summary>
    public async Task<bool> ResumeAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var now = Now;
        var changed = await db.Jobs.Where(j => j.Id == id && j.State == JobState.Paused)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.RunAt, now).SetProperty(j => j.Request, JobRequest.None), ct) == 1;
        return Changed(db, id, changed);
    }

    /// <summary>A failed or cancelled job runs again from the start, with its attempts counted afresh.</summary>
    public async Task<bool> RetryAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var now = Now;
        var changed = await db.Jobs.Where(j => j.Id == id && (j.State == JobState.Failed || j.State == JobState.Cancelled))
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.RunAt, now).SetProperty(j => j.Request, JobRequest.None)
                    .SetProperty(j => j.Attempts, 0).SetProperty(j => j.Done, 0).SetProperty(j => j.ErrorKey, (string?)null)
                    .SetProperty(j => j.ErrorArgs, (string?)null).SetProperty(j => j.FinishedAt, (DateTime?)null),
                ct) == 1;
        return Changed(db, id, changed);
    }

    private async Task<bool> StopAsync(KooMessageDb db, Guid id, JobRequest request, JobState stopped, CancellationToken ct)
    {
        var now = Now;
        var waiting = await db.Jobs.Where(j => j.Id == id && (j.State == JobState.Queued || j.State == JobState.Scheduled || (stopped == JobState.Cancelled && j.State == JobState.Paused)))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, stopped).SetProperty(j => j.FinishedAt, stopped == JobState.Cancelled ? now : null), ct) == 1;
        if (waiting)
        {
            return Changed(db, id, true);
        }

        var running = await db.Jobs.Where(j => j.Id == id && j.State == JobState.Running && j.Request == JobRequest.None)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Request, request), ct) == 1;
        if (running)
        {
            signals.RaiseStopRequested(id);
        }

        return Changed(db, id, running);
    }

    private bool Changed(KooMessageDb db, Guid id, bool changed)
    {
        if (changed)
        {
            signals.RaiseChanged(db.TenantId, id);
            signals.Wake();
        }

        return changed;
    }
}
