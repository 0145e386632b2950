using System.Collections.Concurrent;
using System.Threading.Channels;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Sending;

/// <summary>The send-task service and its dispatcher job, with a gateway that answers as a test tells it.</summary>
public sealed class SendTaskTests
{
    [Fact]
    public async Task Dispatcher_RetryLaterThenAccepted_SubmitsOnceTaken()
    {
        var gateway = new ScriptedGateway((sms, attempt) => sms.Mobile == "13800000001" && attempt < 3
            ? SubmitOutcome.RetryLater("connection refused")
            : SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002");

        await StartAndRunAsync(app, owner, task);

        var messages = await MessagesAsync(app, owner, task);
        var retried = messages.Single(m => m.Mobile == "13800000001");
        Assert.Equal((SendMessageState.Submitted, 3, "0: Accepted for delivery"), (retried.State, retried.Attempts, retried.ResultCode));
        Assert.Equal(1, messages.Single(m => m.Mobile == "13800000002").Attempts);
        Assert.Equal(3, gateway.Calls["13800000001"]);
        Assert.Equal(SendTaskState.Completed, (await ProgressAsync(app, owner, task)).State);
    }

    [Fact]
    public async Task Dispatcher_RetryLaterEveryTime_FailsAfterTheLastAttempt()
    {
        var gateway = new ScriptedGateway((_, _) => SubmitOutcome.RetryLater("HTTP 503"));
        await using var app = await StartAsync(gateway, maxAttempts: 3);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001");

        await StartAndRunAsync(app, owner, task);

        var m = (await MessagesAsync(app, owner, task)).Single();
        Assert.Equal((SendMessageState.Failed, 3, "retries exhausted: HTTP 503"), (m.State, m.Attempts, m.ResultCode));
    }

    [Fact]
    public async Task Dispatcher_Refused_FailsAtOnceWithTheReason()
    {
        var gateway = new ScriptedGateway((_, _) => SubmitOutcome.Refused("Not routable. Do not try again."));
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "19990000001");

        await StartAndRunAsync(app, owner, task);

        var m = (await MessagesAsync(app, owner, task)).Single();
        Assert.Equal((SendMessageState.Failed, 1, "Not routable. Do not try again."), (m.State, m.Attempts, m.ResultCode));
    }

    [Fact]
    public async Task Dispatcher_OptedOutNumber_IsSkippedAndCounted()
    {
        var gateway = new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None))
        {
            db.OptOuts.Add(new OptOut { AccountId = owner.AccountId!.Value, Mobile = "13800000001", Keyword = "R", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var task = await CreateAsync(app, owner, "13800000001", "13800000002");
        await StartAndRunAsync(app, owner, task);

        var progress = await ProgressAsync(app, owner, task);
        Assert.Equal((1, 1), (progress.OptedOut, progress.Submitted));
        Assert.False(gateway.Calls.ContainsKey("13800000001"));
        await using var read = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        Assert.Equal(1, await read.SendTasks.Where(t => t.Id == task).Select(t => t.OptedOut).SingleAsync());
    }

    [Fact]
    public async Task Dispatcher_RunAfterADeadRun_MarksSubmittingRowsUnknownAndDoesNotResendThem()
    {
        var gateway = new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002");
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None))
        {
            await db.SendMessages.Where(m => m.Mobile == "13800000001").ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Submitting).SetProperty(m => m.Attempts, 1));
        }

        await StartAndRunAsync(app, owner, task);

        var progress = await ProgressAsync(app, owner, task);
        Assert.Equal((1, 1), (progress.Unknown, progress.Submitted));
        Assert.False(gateway.Calls.ContainsKey("13800000001"));
    }

    [Fact]
    public async Task Dispatcher_Pipelined_NeverHasMoreRequestsInFlightThanItsConcurrency()
    {
        var current = 0;
        var most = 0;
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateway = new AsyncGateway(async (_, _) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref most, now);
            if (now == 4)
            {
                full.TrySetResult();
            }

            // The first requests wait until the bound is reached, so the test sees the senders side by side.
            await full.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Yield();
            Interlocked.Decrement(ref current);
            return SubmitOutcome.Accepted("0: Accepted for delivery");
        });
        await using var app = await StartAsync(gateway, concurrency: 4, batchSize: 10);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, [.. Enumerable.Range(1, 60).Select(i => $"138{i:D8}")]);

        await StartAndRunAsync(app, owner, task);

        Assert.Equal(4, most);
        Assert.All(gateway.Calls.Values, n => Assert.Equal(1, n));
        Assert.Equal((SendTaskState.Completed, 60), await StateAndSubmittedAsync(app, owner, task));
    }

    [Fact]
    public async Task Dispatcher_Pipelined_ClaimsTheNextBatchWhileOneIsInFlightButNoMoreThanItsWindow()
    {
        TestConsole? console = null;
        Guid? taskId = null;
        var most = 0;
        var full = 0;
        var gateway = new AsyncGateway(async (_, _) =>
        {
            // The first requests wait until the window is full (two batches claimed), then none waits; each notes the most claimed at once.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            int submitting;
            while ((submitting = await CountAsync(console!, taskId!.Value, SendMessageState.Submitting)) < 10 && Volatile.Read(ref full) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Yield();
            }

            if (submitting >= 10)
            {
                Volatile.Write(ref full, 1);
            }

            InterlockedMax(ref most, submitting);
            return SubmitOutcome.Accepted("0: Accepted for delivery");
        });
        await using var app = await StartAsync(gateway, concurrency: 50, batchSize: 5, window: 2);
        console = app;
        var owner = await OwnerAsync(app);
        taskId = await CreateAsync(app, owner, [.. Enumerable.Range(1, 30).Select(i => $"138{i:D8}")]);

        await StartAndRunAsync(app, owner, taskId.Value);

        Assert.Equal(10, most);
        Assert.Equal((SendTaskState.Completed, 30), await StateAndSubmittedAsync(app, owner, taskId.Value));
    }

    [Fact]
    public async Task Dispatcher_Pipelined_KeepsTheTasksRateOnAFakeClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var calls = 0;
        var gateway = new AsyncGateway((_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(SubmitOutcome.Accepted("0: Accepted for delivery"));
        });
        await using var app = await StartAsync(gateway, concurrency: 50, clock: clock);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, 10, [.. Enumerable.Range(1, 25).Select(i => $"138{i:D8}")]);
        await using (var scope = app.Services.As(owner.Principal))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<SendTaskService>().StartAsync(task, 0, CancellationToken.None)).IsSuccess);
        }

        var run = Task.Run(app.Services.RunDueJobsAsync);

        // 10 a second with one message saved up: by t = k/10 + 0.05 s at most k + 1 have gone, however many senders wait
        // (and exactly that many once their timers ran; a sender that reserved just before an advance may lag a step).
        clock.Advance(TimeSpan.FromMilliseconds(50));
        for (var k = 0; Volatile.Read(ref calls) < 25; k++)
        {
            var allowed = k + 1;
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (Volatile.Read(ref calls) < Math.Min(allowed, 25) && DateTime.UtcNow < deadline)
            {
                await Task.Yield();
            }

            Assert.InRange(Volatile.Read(ref calls), 0, allowed);
            Assert.True(k < 100, "the task did not finish within 10 s of its clock");
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(25, calls);
        Assert.Equal((SendTaskState.Completed, 25), await StateAndSubmittedAsync(app, owner, task));
    }

    [Fact]
    public async Task Dispatcher_CrashMidPipeline_LeavesOnlyClaimedRowsSubmittingAndTheNextRunMakesThemUnknown()
    {
        var answered = 0;
        var hung = new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashed = false;
        var afterCrash = new ConcurrentBag<string>();
        var gateway = new AsyncGateway((sms, _) =>
        {
            if (Volatile.Read(ref crashed))
            {
                afterCrash.Add(sms.Mobile);
                return Task.FromResult(SubmitOutcome.Accepted("0: Accepted for delivery"));
            }

            return Interlocked.Increment(ref answered) <= 7 ? Task.FromResult(SubmitOutcome.Accepted("0: Accepted for delivery")) : hung.Task;
        });
        await using var app = await StartAsync(gateway, concurrency: 3, batchSize: 5, window: 2);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, [.. Enumerable.Range(1, 30).Select(i => $"138{i:D8}")]);
        await using (var scope = app.Services.As(owner.Principal))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<SendTaskService>().StartAsync(task, 0, CancellationToken.None)).IsSuccess);
        }

        // The first run: 7 answered and recorded, then 3 requests that never answer (the process dies with them in flight).
        using var dead = new CancellationTokenSource();
        var firstRun = RunJobAsync(app, owner, task, dead.Token);
        await WaitUntilAsync(() => gateway.Calls.Count == 10);
        await WaitUntilAsync(async () => await CountAsync(app, task, SendMessageState.Submitted) == 7);

        // Three batches of 5 claimed, 7 recorded: 8 rows in flight, and no room for another batch in the window of 10.
        await WaitUntilAsync(async () => await CountAsync(app, task, SendMessageState.Submitting) == 8);
        var inDoubt = (await MessagesAsync(app, owner, task)).Where(m => m.State == SendMessageState.Submitting).Select(m => m.Mobile).ToHashSet();
        var states = (await MessagesAsync(app, owner, task)).Select(m => m.State).Distinct().ToHashSet();
        Assert.Equal(8, inDoubt.Count);
        Assert.Subset(new HashSet<SendMessageState> { SendMessageState.Queued, SendMessageState.Submitting, SendMessageState.Submitted }, states);

        // The job taken again: the rows left Submitting are unknown and never sent again; the rest go out once.
        Volatile.Write(ref crashed, true);
        await RunJobAsync(app, owner, task, CancellationToken.None);

        var messages = await MessagesAsync(app, owner, task);
        Assert.Equal(inDoubt, messages.Where(m => m.State == SendMessageState.Unknown).Select(m => m.Mobile).ToHashSet());
        Assert.Equal(30 - inDoubt.Count, messages.Count(m => m.State == SendMessageState.Submitted));
        Assert.All(gateway.Calls.Values, n => Assert.Equal(1, n));
        Assert.Equal(30 - 7 - inDoubt.Count, afterCrash.Count);
        Assert.Empty(afterCrash.Intersect(inDoubt));

        await dead.CancelAsync();
        hung.SetResult(SubmitOutcome.Accepted("0: Accepted for delivery"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstRun);
        Assert.Equal(inDoubt.Count, await CountAsync(app, task, SendMessageState.Unknown));
    }

    [Fact]
    public async Task Dispatcher_TwoRunsOfOneJobSideBySide_NoNumberIsSentTwice()
    {
        var gateway = new AsyncGateway(async (_, _) =>
        {
            await Task.Yield();
            return SubmitOutcome.Accepted("0: Accepted for delivery");
        });
        await using var app = await StartAsync(gateway, concurrency: 4, batchSize: 5, window: 2);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, [.. Enumerable.Range(1, 300).Select(i => $"138{i:D8}")]);
        await using (var scope = app.Services.As(owner.Principal))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<SendTaskService>().StartAsync(task, 0, CancellationToken.None)).IsSuccess);
        }

        // Two runs under one lease, as before a stalled run learns that its job was taken again: both read the same due
        // batches, and each sends only the rows its own claim moved.
        await Task.WhenAll(RunJobAsync(app, owner, task, CancellationToken.None), RunJobAsync(app, owner, task, CancellationToken.None));

        var messages = await MessagesAsync(app, owner, task);
        Assert.Equal(300, gateway.Calls.Count);
        Assert.All(gateway.Calls.Values, n => Assert.Equal(1, n));
        Assert.All(messages, m => Assert.Contains(m.State, (SendMessageState[])[SendMessageState.Submitted, SendMessageState.Unknown]));
    }

    [Fact]
    public async Task Dispatcher_JobTakenOverByAnotherClaim_TheStaleRunSendsNothingAndLeavesTheOtherRunsRowsAlone()
    {
        var gateway = new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002", "13800000003");
        await using (var scope = app.Services.As(owner.Principal))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<SendTaskService>().StartAsync(task, 0, CancellationToken.None)).IsSuccess);
        }

        Job job;
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None))
        {
            var jobId = await db.SendTasks.Where(t => t.Id == task).Select(t => t.JobId!.Value).SingleAsync();
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(u => u.SetProperty(j => j.State, JobState.Running).SetProperty(j => j.LeaseHolder, "runner/later-claim"));
            job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId);

            // The later claim's run has one row in flight.
            await db.SendMessages.Where(m => m.TaskId == task && m.Mobile == "13800000003").ExecuteUpdateAsync(u => u.SetProperty(m => m.State, SendMessageState.Submitting));
        }

        // This run held the job under an earlier claim, which lapsed before it started.
        job.LeaseHolder = "runner/earlier-claim";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var handler = scope.ServiceProvider.GetServices<IJobHandler>().OfType<SendTaskJob>().Single();
            await handler.RunAsync(new JobContext(job, (_, _, _) => ValueTask.CompletedTask), CancellationToken.None);
        }

        Assert.Empty(gateway.Calls);
        Assert.Equal(2, await CountAsync(app, task, SendMessageState.Queued));
        Assert.Equal(1, await CountAsync(app, task, SendMessageState.Submitting));
        Assert.Equal(SendTaskState.Sending, (await ProgressAsync(app, owner, task)).State);
    }

    [Fact]
    public async Task Pause_StaleVersion_IsAConflictAndChangesNothing()
    {
        await using var app = await StartAsync(new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0")));
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001");
        await using var scope = app.Services.As(owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<SendTaskService>();
        Assert.True((await service.StartAsync(task, 0, CancellationToken.None)).IsSuccess);

        var stale = await service.PauseAsync(task, 0, CancellationToken.None);
        var again = await service.StartAsync(task, 0, CancellationToken.None);

        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        Assert.Equal(ErrorCodes.Conflict, again.Error?.Code);
        Assert.Equal(SendTaskState.Sending, (await ProgressAsync(app, owner, task)).State);
    }

    [Fact]
    public async Task PauseThenResume_SendsTheRestInANewRun()
    {
        var gateway = new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002");
        await using var scope = app.Services.As(owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<SendTaskService>();
        Assert.True((await service.StartAsync(task, 0, CancellationToken.None)).IsSuccess);

        Assert.True((await service.PauseAsync(task, 1, CancellationToken.None)).IsSuccess);
        await app.Services.RunDueJobsAsync();
        var paused = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Paused, 2), (paused.State, paused.Queued));

        Assert.True((await service.ResumeAsync(task, paused.Version, CancellationToken.None)).IsSuccess);
        await app.Services.RunDueJobsAsync();
        var done = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Completed, 2), (done.State, done.Submitted));
    }

    [Fact]
    public async Task Dispatcher_InDoubt_MarksTheMessageUnknownAndNeverResendsIt()
    {
        var gateway = new ScriptedGateway((sms, _) => sms.Mobile == "13800000001"
            ? SubmitOutcome.InDoubt("no answer within 10 s")
            : SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002");

        await StartAndRunAsync(app, owner, task);

        var doubted = (await MessagesAsync(app, owner, task)).Single(m => m.Mobile == "13800000001");
        Assert.Equal((SendMessageState.Unknown, 1, "in doubt: no answer within 10 s"), (doubted.State, doubted.Attempts, doubted.ResultCode));
        Assert.Equal(1, gateway.Calls["13800000001"]);
        var done = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Completed, 1, 1), (done.State, done.Unknown, done.Submitted));
    }

    [Fact]
    public async Task Dispatcher_GatewayThrowsSomethingUnclassified_ThatMessageIsInDoubtAndTheRunFails()
    {
        var broken = true;
        var gateway = new ScriptedGateway((sms, _) => broken && sms.Mobile == "13800000001"
            ? throw new InvalidOperationException("the client broke")
            : SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway, concurrency: 1, more: s => s.Configure<JobOptions>(o => o.MaxAttempts = 1));
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002");

        // Before, the sender died with the exception and the run waited for that row's answer for ever.
        await StartAndRunAsync(app, owner, task).WaitAsync(TimeSpan.FromSeconds(60));

        var doubted = (await MessagesAsync(app, owner, task)).Single(m => m.Mobile == "13800000001");
        Assert.Equal((SendMessageState.Unknown, 1, "in doubt: unexpected gateway error"), (doubted.State, doubted.Attempts, doubted.ResultCode));
        var paused = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Paused, true), (paused.State, paused.RunFailedAt is not null));

        broken = false;
        await ResumeAndRunAsync(app, owner, task, paused.Version);
        var done = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Completed, 1, 1), (done.State, done.Unknown, done.Submitted));
        Assert.Equal(1, gateway.Calls["13800000001"]);
    }

    [Fact]
    public async Task Dispatcher_GatewayFaultsOnce_TheJobsNextAttemptSendsTheRestAndLeavesTheDoubtedRowAlone()
    {
        var gateway = new ScriptedGateway((sms, attempt) => sms.Mobile == "13800000001" && attempt == 1
            ? throw new InvalidOperationException("the client broke")
            : SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway, concurrency: 1, more: s => s.Configure<JobOptions>(o => o.MaxAttempts = 2));
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002", "13800000003");

        await StartAndRunAsync(app, owner, task).WaitAsync(TimeSpan.FromSeconds(60));
        var jobId = await JobOfAsync(app, owner, task);
        var retried = await app.Services.JobAsync(jobId);
        Assert.Equal((JobState.Queued, 1), (retried.State, retried.Attempts));

        // The job runner's back-off over, the next attempt runs.
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.RunAt, DateTime.UtcNow));
        }

        await app.Services.RunDueJobsAsync();
        var done = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Completed, null, 1, 2), (done.State, done.RunFailedAt, done.Unknown, done.Submitted));
        Assert.Equal(1, gateway.Calls["13800000001"]);
        Assert.Equal(JobState.Succeeded, (await app.Services.JobAsync(jobId)).State);
    }

    [Fact]
    public async Task Dispatcher_RunFailsForGood_TheTaskIsPausedSaysWhyItsStarterIsToldAndAResumeSendsTheRest()
    {
        var gateway = new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0: Accepted for delivery"));
        var sink = new ClosedEventSink();
        await using var app = await StartAsync(gateway, more: s =>
        {
            s.AddSingleton<IEventSink>(sink);
            s.Configure<JobOptions>(o => o.MaxAttempts = 1);
        });
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002");

        // The run fails on its first recorded answer (the event channel refuses), and one attempt is all it has.
        await StartAndRunAsync(app, owner, task);

        var paused = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Paused, true), (paused.State, paused.RunFailedAt is not null));
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None))
        {
            var notice = await db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == owner.Id);
            Assert.Equal((SendRunFailures.NoticeKey, SendingModule.TaskOf(task)), (notice.TextKey, notice.Link));
        }

        sink.Open = true;
        await ResumeAndRunAsync(app, owner, task, paused.Version);
        var done = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Completed, null, 0), (done.State, done.RunFailedAt, done.Queued + done.Submitting));
        Assert.Equal(2, done.Submitted + done.Unknown);
    }

    [Fact]
    public async Task RunFailures_TaskPausedByAUserBeforeItsRunFailed_StaysTheUsersPauseAndNobodyIsTold()
    {
        await using var app = await StartAsync(new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0: Accepted for delivery")));
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001");
        await using (var scope = app.Services.As(owner.Principal))
        {
            var tasks = scope.ServiceProvider.GetRequiredService<SendTaskService>();
            Assert.True((await tasks.StartAsync(task, 0, CancellationToken.None)).IsSuccess);
            Assert.True((await tasks.PauseAsync(task, 1, CancellationToken.None)).IsSuccess);
        }

        // The run's last attempt fails after the user's pause.
        var job = await FailJobAsync(app, owner, task);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SendRunFailures>().EndedAsync(job, JobState.Failed, CancellationToken.None);
        }

        var progress = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Paused, 2, null), (progress.State, progress.Version, progress.RunFailedAt));
        Assert.Equal(0, await NoticesAsync(app, owner));
    }

    [Fact]
    public async Task RunFailures_Sweep_PausesATaskLeftSendingBehindAFailedJobOnce()
    {
        await using var app = await StartAsync(new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0: Accepted for delivery")));
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001");
        await using (var scope = app.Services.As(owner.Principal))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<SendTaskService>().StartAsync(task, 0, CancellationToken.None)).IsSuccess);
        }

        // What a process that died between the job's end and the listener leaves: the task Sending, its job failed.
        var job = await FailJobAsync(app, owner, task);

        var first = await SweepAsync(app);
        var second = await SweepAsync(app);
        Assert.Equal((1L, 0L), (first, second));
        var progress = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Paused, job.FinishedAt), (progress.State, progress.RunFailedAt));
        Assert.Equal(1, await NoticesAsync(app, owner));
    }

    [Fact]
    public async Task ResendUnknown_CompletedTask_SendsOnlyTheUnknownOnesAgainInANewRunAndIsAudited()
    {
        var gateway = new ScriptedGateway((sms, attempt) => sms.Mobile == "13800000001" && attempt == 1
            ? SubmitOutcome.InDoubt("no answer within 10 s")
            : SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002");
        await StartAndRunAsync(app, owner, task);
        var completed = await ProgressAsync(app, owner, task);
        await using var scope = app.Services.As(owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<SendTaskService>();

        var stale = await service.ResendUnknownAsync(task, completed.Version - 1, CancellationToken.None);
        var resent = await service.ResendUnknownAsync(task, completed.Version, CancellationToken.None);
        await app.Services.RunDueJobsAsync();

        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        Assert.Equal(1, resent.Value);
        Assert.Equal(2, gateway.Calls["13800000001"]);
        Assert.Equal(1, gateway.Calls["13800000002"]);
        var done = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Completed, 0, 2), (done.State, done.Unknown, done.Submitted));
        var again = await service.ResendUnknownAsync(task, done.Version, CancellationToken.None);
        Assert.Equal(ErrorCodes.PreconditionFailed, again.Error?.Code);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var actions = await db.AuditEntries.Where(a => a.ObjectType == SendingModule.SendTaskAuditType && a.ObjectId == task.ToString()).Select(a => a.Action).ToListAsync();
        Assert.Equal(["create", "resend", "start"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ResendUnknown_TaskStillSending_IsRefused()
    {
        var gateway = new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0: Accepted for delivery"));
        await using var app = await StartAsync(gateway);
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001");
        await using var scope = app.Services.As(owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<SendTaskService>();
        Assert.True((await service.StartAsync(task, 0, CancellationToken.None)).IsSuccess);

        var refused = await service.ResendUnknownAsync(task, 1, CancellationToken.None);

        Assert.Equal(ErrorCodes.Conflict, refused.Error?.Code);
    }

    [Fact]
    public async Task Cancel_ReadyTask_CancelsItsQueuedRows()
    {
        await using var app = await StartAsync(new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0")));
        var owner = await OwnerAsync(app);
        var task = await CreateAsync(app, owner, "13800000001", "13800000002");
        await using var scope = app.Services.As(owner.Principal);

        Assert.True((await scope.ServiceProvider.GetRequiredService<SendTaskService>().CancelAsync(task, 0, CancellationToken.None)).IsSuccess);

        var progress = await ProgressAsync(app, owner, task);
        Assert.Equal((SendTaskState.Cancelled, 2, 0), (progress.State, progress.Cancelled, progress.Queued));
    }

    [Fact]
    public async Task Create_RepeatedNumber_IsOneRowAndABadNumberIsNamed()
    {
        await using var app = await StartAsync(new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0")));
        var owner = await OwnerAsync(app);
        await using var scope = app.Services.As(owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<SendTaskService>();

        var created = await service.CreateAsync("任务", 1_000, [new("13800000001", "a"), new("+86 138 0000 0001", "a"), new("13800000002", new string('好', 71))], CancellationToken.None);
        var bad = await service.CreateAsync("任务", 1_000, [new("13800000001", "a"), new("12345", "a")], CancellationToken.None);
        var rate = await service.CreateAsync("任务", 0, [new("13800000001", "a")], CancellationToken.None);

        var messages = await MessagesAsync(app, owner, created.Value);
        Assert.Equal(2, messages.Count);
        Assert.Equal(2, messages.Single(m => m.Mobile == "13800000002").Segments);
        Assert.Equal("Recipients", Assert.Single(bad.Error!.Fields).Field);
        Assert.Contains("12345", bad.Error.Message, StringComparison.Ordinal);
        Assert.Equal("RatePerSecond", Assert.Single(rate.Error!.Fields).Field);
    }

    [Theory]
    [InlineData(Roles.ReadOnlyAccess)]
    [InlineData(Roles.Development)]
    public async Task Create_RoleWithoutSendManage_IsRefused(string role)
    {
        await using var app = await StartAsync(new ScriptedGateway((_, _) => SubmitOutcome.Accepted("0")));
        var owner = await OwnerAsync(app);
        var user = await app.Services.CreateUserAsync(owner, "viewer", role);
        await using var scope = app.Services.As(user.Principal);

        var result = await scope.ServiceProvider.GetRequiredService<SendTaskService>().CreateAsync("任务", 1_000, [new("13800000001", "a")], CancellationToken.None);

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
    }

    [Fact]
    public async Task GatewayStatus_NothingConfigured_SaysSoWithoutCallingAnything()
    {
        await using var app = await TestConsole.StartAsync();

        var status = await app.Services.GetRequiredService<ISmsGateway>().StatusAsync(CancellationToken.None);
        var submitted = await app.Services.GetRequiredService<ISmsGateway>().SubmitAsync(new OutgoingSms(Guid.NewGuid(), Guid.NewGuid(), "13800000001", "x"), CancellationToken.None);

        Assert.Equal((false, false), (status.Configured, status.Connected));
        Assert.Equal(SubmitVerdict.RetryLater, submitted.Verdict);
    }

    private static Task<TestConsole> StartAsync(
        ISmsGateway gateway, int maxAttempts = 10, int concurrency = 50, int batchSize = 500, int window = 2, TimeProvider? clock = null, Action<IServiceCollection>? more = null) =>
        TestConsole.StartAsync(s =>
        {
            more?.Invoke(s);
            s.AddSingleton(gateway);
            s.Configure<SendingOptions>(o => (o.RetryBaseMs, o.RetryMaxMs, o.MaxAttempts, o.BatchSize, o.Window) = (5, 20, maxAttempts, batchSize, window));
            s.Configure<KannelOptions>(o => o.Concurrency = concurrency);
            if (clock is not null)
            {
                s.AddSingleton(clock);
            }
        });

    private static void InterlockedMax(ref int most, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, value, seen) != seen)
        {
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what = "the condition") => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what = "the condition")
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within 30 s");
            await Task.Yield();
        }
    }

    private static async Task<int> CountAsync(TestConsole app, Guid task, SendMessageState state)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await db.SendMessages.CountAsync(m => m.TaskId == task && m.State == state);
    }

    private static async Task<(SendTaskState, int)> StateAndSubmittedAsync(TestConsole app, TestUser owner, Guid task)
    {
        var progress = await ProgressAsync(app, owner, task);
        return (progress.State, progress.Submitted);
    }

    /// <summary>Runs the task's job directly, as the job runner would after taking it (again).</summary>
    private static async Task RunJobAsync(TestConsole app, TestUser owner, Guid task, CancellationToken ct)
    {
        var job = await app.Services.JobAsync(await JobOfAsync(app, owner, task));
        await using var scope = app.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().OfType<SendTaskJob>().Single();
        await handler.RunAsync(new JobContext(job, (_, _, _) => ValueTask.CompletedTask), ct);
    }

    private static async Task ResumeAndRunAsync(TestConsole app, TestUser owner, Guid task, int version)
    {
        await using (var scope = app.Services.As(owner.Principal))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<SendTaskService>().ResumeAsync(task, version, CancellationToken.None)).IsSuccess);
        }

        await app.Services.RunDueJobsAsync();
    }

    private static async Task<Guid> JobOfAsync(TestConsole app, TestUser owner, Guid task)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        return await db.SendTasks.Where(t => t.Id == task).Select(t => t.JobId!.Value).SingleAsync();
    }

    /// <summary>Ends the task's job as failed (now), as the job runner records a run's last failed attempt; the job as it is then.</summary>
    private static async Task<Job> FailJobAsync(TestConsole app, TestUser owner, Guid task)
    {
        var jobId = await JobOfAsync(app, owner, task);
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None))
        {
            var at = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Failed).SetProperty(j => j.FinishedAt, at));
        }

        return await app.Services.JobAsync(jobId);
    }

    private static async Task<long> SweepAsync(TestConsole app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sweep = scope.ServiceProvider.GetServices<IJobHandler>().OfType<SendRunFailures>().Single();
        return (await sweep.RunAsync(new JobContext(new Job { Kind = SendRunFailures.KindName }, (_, _, _) => ValueTask.CompletedTask), CancellationToken.None)).Rows ?? 0;
    }

    private static async Task<int> NoticesAsync(TestConsole app, TestUser owner)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        return await db.Notifications.CountAsync(n => n.UserId == owner.Id && n.TextKey == SendRunFailures.NoticeKey);
    }

    private static async Task<TestUser> OwnerAsync(TestConsole app) =>
        await app.Services.CreateAccountAsync(await app.Services.CreateAdministratorAsync(), "星河科技有限公司", "owner");

    private static Task<Guid> CreateAsync(TestConsole app, TestUser owner, params string[] mobiles) => CreateAsync(app, owner, 1_000, mobiles);

    private static async Task<Guid> CreateAsync(TestConsole app, TestUser owner, int rate, params string[] mobiles)
    {
        await using var scope = app.Services.As(owner.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<SendTaskService>()
            .CreateAsync("任务", rate, [.. mobiles.Select(m => new Recipient(m, "【星河】您好，拒收请回复R"))], CancellationToken.None);
        return created.Value;
    }

    private static async Task StartAndRunAsync(TestConsole app, TestUser owner, Guid task)
    {
        await using (var scope = app.Services.As(owner.Principal))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<SendTaskService>().StartAsync(task, 0, CancellationToken.None)).IsSuccess);
        }

        await app.Services.RunDueJobsAsync();
    }

    private static async Task<SendProgress> ProgressAsync(TestConsole app, TestUser owner, Guid task)
    {
        await using var scope = app.Services.As(owner.Principal);
        return (await scope.ServiceProvider.GetRequiredService<SendTaskService>().ProgressAsync(task, CancellationToken.None)).Value;
    }

    private static async Task<List<SendMessage>> MessagesAsync(TestConsole app, TestUser owner, Guid task)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        return await db.SendMessages.AsNoTracking().Where(m => m.TaskId == task).ToListAsync();
    }

    /// <summary>An event channel closed as by a stop (until the test opens it): a Send event cannot be handed over.</summary>
    private sealed class ClosedEventSink : IEventSink
    {
        public bool Open { get; set; }

        public bool TryWrite(EventRecord e) => Open;

        public ValueTask WriteAsync(EventRecord e, CancellationToken ct) => Open ? ValueTask.CompletedTask : throw new ChannelClosedException();
    }

    /// <summary>A gateway that answers each submission as the test says, by number and attempt (1, 2, ...), and counts them.</summary>
    private sealed class ScriptedGateway(Func<OutgoingSms, int, SubmitOutcome> answer) : ISmsGateway
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();

        public Task<SubmitOutcome> SubmitAsync(OutgoingSms sms, CancellationToken ct) =>
            Task.FromResult(answer(sms, Calls.AddOrUpdate(sms.Mobile, 1, (_, n) => n + 1)));

        public Task<GatewayStatus> StatusAsync(CancellationToken ct) => Task.FromResult(new GatewayStatus(true, true, "online"));
    }

    /// <summary>A gateway whose answer may take its time (a task the test completes), counting submissions by number.</summary>
    private sealed class AsyncGateway(Func<OutgoingSms, int, Task<SubmitOutcome>> answer) : ISmsGateway
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();

        public Task<SubmitOutcome> SubmitAsync(OutgoingSms sms, CancellationToken ct) =>
            answer(sms, Calls.AddOrUpdate(sms.Mobile, 1, (_, n) => n + 1));

        public Task<GatewayStatus> StatusAsync(CancellationToken ct) => Task.FromResult(new GatewayStatus(true, true, "online"));
    }
}
