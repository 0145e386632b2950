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

    // Beside 继续 the page says which comes first: 继续 never resends the unknown ones, and a resend waits for 继续.
    [Fact]
    public async Task PausedTaskWithUnknown_SaysResumeSkipsThem_AndTheResendWaitsForResume()
    {
        var task = await PausedTaskAsync(pausedByTheFailure: true);
        await using (var db = await Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None))
        {
            await db.SendMessages.Where(m => m.TaskId == task).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Unknown));
        }

        SignIn(owner);
        var cut = Render<MudHost>(p => p.AddChildContent<SendTaskPage>(c => c.Add(x => x.TaskId, task)));

        cut.WaitForAssertion(() => Assert.Contains("“继续”只发送尚未发出的号码，不会重发状态未知的短信", cut.Find("[data-testid=send-unknown-help]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=send-resend]").Click();
        cut.WaitForAssertion(() => Assert.Contains("可能已送达手机", cut.Markup, StringComparison.Ordinal));
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "重发").Click();

        cut.WaitForAssertion(() => Assert.Contains("已重新排队1条短信，点“继续”后发出。", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=send-unknown-help]"));
        Assert.Single(cut.FindAll("[data-testid=send-resume]"));
    }

    // 已完成 with every message failed (no gateway, say) is not shown in success's green.
    [Theory]
    [InlineData(SendMessageState.Failed, "warning")]
    [InlineData(SendMessageState.Delivered, "success")]
    public async Task CompletedTask_GreenOnlyWhenNothingFailed(SendMessageState outcome, string color)
    {
        var task = await PausedTaskAsync(pausedByTheFailure: false);
        await using (var db = await Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None))
        {
            await db.SendMessages.Where(m => m.TaskId == task).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, outcome));
            await db.SendTasks.Where(t => t.Id == task).ExecuteUpdateAsync(s => s.SetProperty(t => t.State, SendTaskState.Completed));
        }

        SignIn(owner);
        var cut = Render<MudHost>(p => p.AddChildContent<SendTaskPage>(c => c.Add(x => x.TaskId, task)));

        cut.WaitForAssertion(() => Assert.Equal("已完成", cut.Find("[data-testid=send-state]").TextContent.Trim()));
        Assert.Contains($"mud-chip-color-{color}", cut.Find("[data-testid=send-state]").ClassName, StringComparison.Ordinal);
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
