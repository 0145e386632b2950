using Microsoft.Extensions.Options;

namespace KooMessage.Console.Common.Jobs;

/// <summary>
/// The process's job runner: up to <see cref="JobOptions.Workers"/> jobs at once, at most a kind's limit of each kind,
/// woken when work is queued and otherwise looking every <see cref="JobOptions.PollSeconds"/> for scheduled work,
/// recurring periods and jobs whose holder died. A graceful stop cancels the running handlers and puts their jobs back.
/// </summary>
public sealed partial class JobRunner(JobWorker worker, JobSignals signals, IOptions<JobOptions> options, TimeProvider clock, ILogger<JobRunner> logger)
    : BackgroundService
{
    private static readonly Task Never = new TaskCompletionSource().Task;

    private readonly Dictionary<Task, string> running = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await worker.ScheduleRecurringAsync(stoppingToken);
                while (running.Count < options.Value.Workers && await worker.ClaimAsync(BusyKinds(), stoppingToken) is { } job)
                {
                    running.Add(worker.RunAsync(job, stoppingToken), job.Kind);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogLoopFailed(e);
            }

            // Wake on news, on a finished job (a worker is free), or after the poll interval.
            await signals.WaitAsync(poll, clock, running.Count == 0 ? Never : Task.WhenAny(running.Keys), stoppingToken);
            foreach (var done in running.Keys.Where(t => t.IsCompleted).ToList())
            {
                if (done.Exception is { } failed)
                {
                    LogRunFailed(failed, running[done]);
                }

                running.Remove(done);
            }
        }

        // The handlers saw the stop; wait for them to put their jobs back.
        await Task.WhenAll(running.Keys).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private List<string> BusyKinds() =>
        running.Values.GroupBy(k => k, StringComparer.Ordinal)
            .Where(g => options.Value.KindLimits.TryGetValue(g.Key, out var limit) && g.Count() >= limit)
            .Select(g => g.Key)
            .ToList();

    [LoggerMessage(Level = LogLevel.Error, Message = "A run of a {Kind} job failed outside its handler; its lease runs out and the job is taken again")]
    private partial void LogRunFailed(Exception exception, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "The job runner's loop failed; it tries again after the poll interval")]
    private partial void LogLoopFailed(Exception exception);
}
