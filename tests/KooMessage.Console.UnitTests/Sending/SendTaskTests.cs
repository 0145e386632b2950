using System.Collections.Concurrent;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    private static Task<TestConsole> StartAsync(ScriptedGateway gateway, int maxAttempts = 10) =>
        TestConsole.StartAsync(s =>
        {
            s.AddSingleton<ISmsGateway>(gateway);
            s.Configure<SendingOptions>(o => (o.RetryBaseMs, o.RetryMaxMs, o.MaxAttempts) = (5, 20, maxAttempts));
        });

    private static async Task<TestUser> OwnerAsync(TestConsole app) =>
        await app.Services.CreateAccountAsync(await app.Services.CreateAdministratorAsync(), "星河科技有限公司", "owner");

    private static async Task<Guid> CreateAsync(TestConsole app, TestUser owner, params string[] mobiles)
    {
        await using var scope = app.Services.As(owner.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<SendTaskService>()
            .CreateAsync("任务", 1_000, [.. mobiles.Select(m => new Recipient(m, "【星河】您好，拒收请回复R"))], CancellationToken.None);
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

    /// <summary>A gateway that answers each submission as the test says, by number and attempt (1, 2, ...), and counts them.</summary>
    private sealed class ScriptedGateway(Func<OutgoingSms, int, SubmitOutcome> answer) : ISmsGateway
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();

        public Task<SubmitOutcome> SubmitAsync(OutgoingSms sms, CancellationToken ct) =>
            Task.FromResult(answer(sms, Calls.AddOrUpdate(sms.Mobile, 1, (_, n) => n + 1)));

        public Task<GatewayStatus> StatusAsync(CancellationToken ct) => Task.FromResult(new GatewayStatus(true, true, "online"));
    }
}
