namespace KooMessage.Console.Data;

/// <summary>
/// Lets the console's busy writers (the event writer, a running send task) take SQLite's one write lock in turn inside
/// the process. Without it the one that finds the lock taken sleeps in SQLite's busy handler (1, 2, 5, 10, 15, 20 ms …)
/// and wakes well after the lock was free; here it starts the moment the other one commits. Other writers (a user
/// saving a form) still wait inside SQLite (<see cref="SqlitePragmas"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim holds nothing to dispose unless its wait handle is asked for; a gate disposed by the container while a batch still held it (a host that gave up waiting at a stop) would fail that batch's release.")]
public sealed class WriteGate
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Waits for the turn; dispose the result after the commit (or the rollback).</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
