namespace KooMessage.Console.Features.Sending;

/// <summary>
/// A token bucket over <see cref="TimeProvider"/>: <c>rate</c> tokens a second, at most <c>burst</c> saved up. A taker
/// reserves its token at once and waits as long as the bucket is in debt, so concurrent takers are spaced evenly and
/// never exceed the rate over any window longer than the burst.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock gate = new();
    private readonly TimeProvider clock;
    private readonly double rate;
    private readonly double burst;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, double burst, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        rate = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
        tokens = burst;
        last = clock.GetTimestamp();
    }

    /// <summary>A bucket for a task's rate with a twentieth of a second saved up (at least one message).</summary>
    public static TokenBucket ForRate(int ratePerSecond, TimeProvider clock) => new(ratePerSecond, Math.Max(1, ratePerSecond / 20.0), clock);

    /// <summary>Takes one token and says how long the taker must wait before using it (zero when one was saved up).</summary>
    public TimeSpan Reserve()
    {
        lock (gate)
        {
            var now = clock.GetTimestamp();
            tokens = Math.Min(burst, tokens + (clock.GetElapsedTime(last, now).TotalSeconds * rate));
            last = now;
            tokens -= 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / rate);
        }
    }

    public async ValueTask TakeAsync(CancellationToken ct)
    {
        var wait = Reserve();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
    }
}
