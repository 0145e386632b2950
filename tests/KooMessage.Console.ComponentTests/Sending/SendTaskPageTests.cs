using Bunit;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.Sending;

public sealed class SendTaskPageTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        owner = await Services.CreateAccountAsync(await Services.CreateAdministratorAsync(), "甲公司", "owner-a");
    }

    // A task the failed run paused is told apart from a user's pause, also one whose job failed after the user paused.
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task PausedTask_SaysWhenItsRunFailedAndOffersTheResume(bool pausedByTheFailure, bool told)
    {
        var task = await PausedTaskAsync(pausedByTheFailure);
        SignIn(owner);

        var cut = Render<MudHost>(p => p.AddChildContent<SendTaskPage>(c => c.Add(x => x.TaskId, task)));

        cut.WaitForAssertion(() => Assert.Equal("已暂停", cut.Find("[data-testid=send-state]").TextContent.Trim()));
        Assert.Equal(told, cut.FindAll("[data-testid=send-run-failed]").Count == 1);
        if (told)
        {
            Assert.Matches(@"^发送出错停止，任务已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 暂停。未发送的号码仍在队列中，点“继续”即可发完", cut.Find("[data-testid=send-run-failed]").TextContent.Trim());
        }

        Assert.Single(cut.FindAll("[data-testid=send-resume]"));
    }

    /// <summary>A paused task whose last run failed, paused by that failure or by a user before it.</summary>
    private async Task<Guid> PausedTaskAsync(bool pausedByTheFailure)
    {
        Guid task;
        await using (var scope = Services.As(owner.Principal))
        {
            task = (await scope.ServiceProvider.GetRequiredService<SendTaskService>()
                .CreateAsync("双十二", 100, [new Recipient("13800000001", "【甲公司】您好，拒收请回复R")], CancellationToken.None)).Value;
        }

        await using var db = await Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var job = Services.GetRequiredService<JobQueue>().Enqueue(db, SendTaskJob.JobKind, owner.AccountId, new SendTaskJob.Parameters(task), null);
        job.State = JobState.Failed;
        job.FinishedAt = DateTime.UtcNow;
        await db.SaveChangesAsync();
        await db.SendTasks.Where(t => t.Id == task).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.State, SendTaskState.Paused)
            .SetProperty(t => t.JobId, job.Id)
            .SetProperty(t => t.RunFailedAt, pausedByTheFailure ? job.FinishedAt : null));
        return task;
    }
}
