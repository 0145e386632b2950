namespace KooMessage.Console.Data;

/// <summary>
/// Lets the console's busy writers (the event writer, a running send task) take SQLite's one write lock in turn inside
/// the process. Without it the one that finds the lock taken sleeps in SQLite's busy handler (1, 2, 5, 10, 15, 20 ms …)
/// and wakes well after the lock was free; here it starts the moment the other one commits. Other writers (a user
/// saving a form) still wait inside SQLite (<see cref="SqlitePragmas"/>).
/// </summary>
public sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Waits for the turn; dispose the result after the commit (or the rollback).</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        return new Turn(gate);
    }

    public void Dispose() => gate.Dispose();

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
