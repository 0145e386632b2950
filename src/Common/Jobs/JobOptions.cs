namespace KooMessage.Console.Common.Jobs;

/// <summary>The <c>Jobs</c> section of appsettings.json: how many jobs run at once, and how leases behave.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Jobs one process runs at once.</summary>
    public int Workers { get; set; } = 3;

    /// <summary>
    /// At most this many jobs of a kind at once in one process (kinds not named: no limit beyond <see cref="Workers"/>),
    /// so long exports never take every worker and delay an hourly settlement.
    /// </summary>
    public Dictionary<string, int> KindLimits { get; set; } = new(StringComparer.Ordinal) { ["export"] = 1 };

    /// <summary>How long a claim holds without renewal; a job whose holder died is taken again after this.</summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How often the runner looks for work it was not told about (other nodes, scheduled times, expired leases).</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>How often a running job's lease is renewed and its cancel or pause request looked up.</summary>
    public double RenewSeconds { get; set; } = 2;

    /// <summary>Claims of a job that fails unexpectedly (or whose process dies) before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Progress is written at most this often (milliseconds).</summary>
    public int ProgressIntervalMs { get; set; } = 250;
}
