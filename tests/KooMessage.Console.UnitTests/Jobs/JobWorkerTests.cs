using System.Collections.Concurrent;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Jobs;

/// <summary>The job table's runner on a fake clock: leases, takeover, recurring periods, cancel and a graceful stop.</summary>
public sealed class JobWorkerTests : IAsyncLifetime
{
    private const string Kind = "test.work";
    private const string Hourly = "test.hourly";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly Work work = new();
    private TestConsole app = default!;

    public async Task InitializeAsync() =>
        app = await TestConsole.StartAsync(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton(work);
            s.AddScoped<IJobHandler, WorkHandler>();
            s.AddSingleton(new RecurringJob(Hourly, TimeSpan.FromHours(1)));
            s.AddScoped<IJobHandler>(_ => new NamedHandler(Hourly));
        });

    public async Task DisposeAsync() => await app.DisposeAsync();

    private JobWorker Worker(string holder) => new(
        holder, app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<TenantDb>(), app.Services.GetRequiredService<JobSignals>(),
        app.Services.GetRequiredService<IOptions<JobOptions>>(), HourlyKinds(), clock, NullLogger<JobWorker>.Instance);

    /// <summary>The hourly recurring kinds (the file sweep, export expiry and this test's): the rollup job's minute period is another test's.</summary>
    private List<RecurringJob> HourlyKinds() => [.. app.Services.GetServices<RecurringJob>().Where(r => r.Period == TimeSpan.FromHours(1))];

    private async Task<Guid> EnqueueAsync()
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var job = app.Services.GetRequiredService<JobQueue>().Enqueue(db, Kind, null, new { }, null);
        await db.SaveChangesAsync();
        return job.Id;
    }

    [Fact]
    public async Task Claim_LeaseHeld_NobodyElseTakesIt()
    {
        var id = await EnqueueAsync();

        var a = await Worker("a").ClaimAsync([], CancellationToken.None);
        var b = await Worker("b").ClaimAsync([], CancellationToken.None);

        Assert.Equal(id, a?.Id);
        Assert.Null(b);
        Assert.Equal(1, (await app.Services.JobAsync(id)).Attempts);
    }

    [Fact]
    public async Task Claim_LeaseExpired_AnotherRunnerTakesOverAndTheFirstChangesNothing()
    {
        var id = await EnqueueAsync();
        var a = Worker("a");
        var b = Worker("b");
        var claimedByA = await a.ClaimAsync([], CancellationToken.None);

        // A stalls past its lease (its process died): B takes the job and finishes it.
        clock.Advance(TimeSpan.FromSeconds(app.Services.GetRequiredService<IOptions<JobOptions>>().Value.LeaseSeconds + 1));
        var claimedByB = await b.ClaimAsync([], CancellationToken.None);
        await b.RunAsync(claimedByB!, CancellationToken.None);

        // A wakes up and runs its stale copy: its handler runs, but none of its writes lands.
        await a.RunAsync(claimedByA!, CancellationToken.None);
        var job = await app.Services.JobAsync(id);

        Assert.Equal(id, claimedByB?.Id);
        Assert.Equal(2, claimedByB!.Attempts);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Null(job.LeaseHolder);
        Assert.Equal(2, job.Attempts);
    }

    [Fact]
    public async Task Claim_LeaseExpired_TheSameRunnerTakesItAgainAndTheStaleRunChangesNothing()
    {
        var id = await EnqueueAsync();
        var a = Worker("a");
        var stale = await a.ClaimAsync([], CancellationToken.None);

        // A run stalls past its lease in a process that is alive: the same runner takes the job again.
        clock.Advance(TimeSpan.FromSeconds(app.Services.GetRequiredService<IOptions<JobOptions>>().Value.LeaseSeconds + 1));
        var again = await a.ClaimAsync([], CancellationToken.None);

        // The stale run ends first: none of its writes lands, the later claim still holds the job and ends it.
        await a.RunAsync(stale!, CancellationToken.None);
        var meanwhile = await app.Services.JobAsync(id);
        await a.RunAsync(again!, CancellationToken.None);

        Assert.Equal(id, again?.Id);
        Assert.NotEqual(stale!.LeaseHolder, again!.LeaseHolder);
        Assert.Equal((JobState.Running, again.LeaseHolder), (meanwhile.State, meanwhile.LeaseHolder));
        Assert.Equal(JobState.Succeeded, (await app.Services.JobAsync(id)).State);
    }

    [Fact]
    public async Task Claim_BusyKind_LeftForAnotherWorker()
    {
        await EnqueueAsync();

        var claimed = await Worker("a").ClaimAsync([Kind], CancellationToken.None);

        Assert.Null(claimed);
    }

    [Fact]
    public async Task Schedule_RecurringPeriod_RunsOnceOnTwoNodesAndAgainNextPeriod()
    {
        var a = Worker("a");
        var b = Worker("b");

        var kinds = HourlyKinds().Count;

        Assert.Equal(kinds, await a.ScheduleRecurringAsync(CancellationToken.None));
        Assert.Equal(0, await b.ScheduleRecurringAsync(CancellationToken.None));
        Assert.Equal(kinds, await app.Services.RunDueJobsAsync());
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await Worker("c").ScheduleRecurringAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(kinds, await a.ScheduleRecurringAsync(CancellationToken.None));

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var keys = await db.Set<Job>().Where(j => j.Kind == Hourly).OrderBy(j => j.RunAt).Select(j => j.UniqueKey).ToListAsync();
        Assert.Equal(["test.hourly:2026-11-29T08:00:00Z", "test.hourly:2026-11-29T09:00:00Z"], keys);
    }

    [Fact]
    public async Task Cancel_RunningJob_HandlerStopsAndJobIsCancelled()
    {
        var id = await EnqueueAsync();
        var worker = Worker("a");
        var job = await worker.ClaimAsync([], CancellationToken.None);
        work.Block = true;
        var running = worker.RunAsync(job!, CancellationToken.None);
        await work.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            Assert.True(await app.Services.GetRequiredService<JobQueue>().CancelAsync(db, id, CancellationToken.None));
        }

        await running.WaitAsync(TimeSpan.FromSeconds(30));
        var ended = await app.Services.JobAsync(id);
        Assert.Equal(JobState.Cancelled, ended.State);
        Assert.True(work.SawCancel);
        Assert.NotNull(ended.FinishedAt);
    }

    [Fact]
    public async Task Cancel_QueuedJob_NeverRuns()
    {
        var id = await EnqueueAsync();
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            Assert.True(await app.Services.GetRequiredService<JobQueue>().CancelAsync(db, id, CancellationToken.None));
        }

        Assert.Null(await Worker("a").ClaimAsync([], CancellationToken.None));
        Assert.Equal(JobState.Cancelled, (await app.Services.JobAsync(id)).State);
        Assert.Equal(0, work.Runs);
    }

    [Fact]
    public async Task Pause_RunningJob_PausedUntilResumedThenRunsToTheEnd()
    {
        var id = await EnqueueAsync();
        var worker = Worker("a");
        var job = await worker.ClaimAsync([], CancellationToken.None);
        work.Block = true;
        var running = worker.RunAsync(job!, CancellationToken.None);
        await work.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var queue = app.Services.GetRequiredService<JobQueue>();

        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            Assert.True(await queue.PauseAsync(db, id, CancellationToken.None));
        }

        await running.WaitAsync(TimeSpan.FromSeconds(30));
        var paused = await app.Services.JobAsync(id);
        var claimedWhilePaused = await worker.ClaimAsync([], CancellationToken.None);
        work.Block = false;
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            Assert.True(await queue.ResumeAsync(db, id, CancellationToken.None));
        }

        var resumed = await worker.ClaimAsync([], CancellationToken.None);
        await worker.RunAsync(resumed!, CancellationToken.None);

        Assert.Equal((JobState.Paused, 0, (string?)null), (paused.State, paused.Attempts, paused.LeaseHolder));
        Assert.Null(claimedWhilePaused);
        Assert.Equal(JobState.Succeeded, (await app.Services.JobAsync(id)).State);
    }

    [Fact]
    public async Task Resume_JobNotPaused_ChangesNothing()
    {
        var id = await EnqueueAsync();
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

        Assert.False(await app.Services.GetRequiredService<JobQueue>().ResumeAsync(db, id, CancellationToken.None));
        Assert.Equal(JobState.Queued, (await app.Services.JobAsync(id)).State);
    }

    [Fact]
    public async Task Stop_Graceful_JobQueuedAgainWithoutCountingTheAttempt()
    {
        var id = await EnqueueAsync();
        var worker = Worker("a");
        var job = await worker.ClaimAsync([], CancellationToken.None);
        work.Block = true;
        using var stopping = new CancellationTokenSource();
        var running = worker.RunAsync(job!, stopping.Token);
        await work.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await stopping.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        var queued = await app.Services.JobAsync(id);

        Assert.Equal(JobState.Queued, queued.State);
        Assert.Equal(0, queued.Attempts);
        Assert.Null(queued.LeaseHolder);
    }

    [Fact]
    public async Task Stop_GracefulAfterACancelRequest_TheCancelIsKept()
    {
        var id = await EnqueueAsync();
        var worker = Worker("a");
        var job = await worker.ClaimAsync([], CancellationToken.None);
        work.Block = true;
        using var stopping = new CancellationTokenSource();
        var running = worker.RunAsync(job!, stopping.Token);
        await work.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The cancel reached the row (from another node) but not yet this runner when the process is stopped.
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            await db.Set<Job>().Where(j => j.Id == id).ExecuteUpdateAsync(u => u.SetProperty(j => j.Request, JobRequest.Cancel));
        }

        await stopping.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.Cancelled, (await app.Services.JobAsync(id)).State);
    }

    [Fact]
    public async Task Run_UnexpectedFailure_RetriedThenFailedWithAReadableError()
    {
        var id = await EnqueueAsync();
        work.Throw = true;
        var worker = Worker("a");
        var maxAttempts = app.Services.GetRequiredService<IOptions<JobOptions>>().Value.MaxAttempts;

        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            var job = await worker.ClaimAsync([], CancellationToken.None);
            Assert.Equal(attempt, job?.Attempts);
            await worker.RunAsync(job!, CancellationToken.None);
        }

        var failed = await app.Services.JobAsync(id);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal("Jobs.Error.Unexpected", failed.ErrorKey);
        Assert.Equal(maxAttempts, work.Runs);
    }

    [Fact]
    public async Task Progress_ReportedOften_WrittenAtMostEveryInterval()
    {
        var id = await EnqueueAsync();
        work.Reports = 10;
        var worker = Worker("a");
        var job = await worker.ClaimAsync([], CancellationToken.None);

        await worker.RunAsync(job!, CancellationToken.None);

        // The fake clock stands still: the first report is written, the rest are not, until done reaches total.
        Assert.Equal([(1L, 10L), (10L, 10L)], work.SeenProgress.OrderBy(p => p.Done).ToList());
        Assert.Equal(10, (await app.Services.JobAsync(id)).Done);
    }

    /// <summary>What the test handler does and saw.</summary>
    public sealed class Work
    {
        public bool Block { get; set; }

        public bool Throw { get; set; }

        public int Reports { get; set; }

        private int runs;

        public int Runs => runs;

        public bool SawCancel { get; set; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<(long Done, long Total)> SeenProgress { get; } = [];

        public void CountRun() => Interlocked.Increment(ref runs);
    }

    private sealed class WorkHandler(Work work, TenantDb dbs) : IJobHandler
    {
        public string Kind => JobWorkerTests.Kind;

        public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
        {
            work.CountRun();
            if (work.Throw)
            {
                throw new InvalidOperationException("boom");
            }

            for (var i = 1; i <= work.Reports; i++)
            {
                await context.ReportAsync(i, work.Reports, ct);
                await using var db = await dbs.ForSystemAsync("test", ct);
                var done = await db.Set<Job>().Where(j => j.Id == context.JobId).Select(j => j.Done).SingleAsync(ct);
                if (done == i)
                {
                    work.SeenProgress.Add((i, work.Reports));
                }
            }

            if (work.Block)
            {
                work.Started.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    work.SawCancel = true;
                    throw;
                }
            }

            return new JobResult(Rows: work.Reports);
        }
    }

    private sealed class NamedHandler(string kind) : IJobHandler
    {
        public string Kind => kind;

        public Task<JobResult> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(new JobResult());
    }
}
