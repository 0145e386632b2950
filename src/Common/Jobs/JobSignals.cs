namespace KooMessage.Console.Common.Jobs;

/// <summary>
/// In-process news about jobs: wakes the runner when work is queued, asks it to stop a job it runs when a user cancels
/// or pauses it (the request is also in the row, for the node that holds the lease), and tells open pages that a job
/// of their account moved.
/// </summary>
public sealed class JobSignals : IDisposable
{
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>A job of this account (null: the platform's) changed state or progress.</summary>
    public event Action<Guid?, Guid>? Changed;

    /// <summary>A user asked a running job to stop (cancel or pause).</summary>
    public event Action<Guid>? StopRequested;

    public void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    /// <summary>Returns when woken, when <paramref name="timeout"/> passed, when <paramref name="orWhen"/> completed or when <paramref name="ct"/> is cancelled.</summary>
    internal async Task WaitAsync(TimeSpan timeout, TimeProvider clock, Task orWhen, CancellationToken ct)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = wake.WaitAsync(both.Token);
        var slept = Task.Delay(timeout, clock, both.Token);
        await Task.WhenAny(woken, slept, orWhen);

        // The loser is cancelled, so an abandoned wait never swallows a later wake.
        await both.CancelAsync();
        await Task.WhenAll(woken, slept).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    public void Dispose() => wake.Dispose();

    internal void RaiseChanged(Guid? accountId, Guid jobId) => Changed?.Invoke(accountId, jobId);

    internal void RaiseStopRequested(Guid jobId) => StopRequested?.Invoke(jobId);
}
