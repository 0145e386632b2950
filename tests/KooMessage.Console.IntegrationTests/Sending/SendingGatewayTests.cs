using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Sending;

/// <summary>Send tasks through a real Kannel and its fake SMSC: delivery reports, refusals, replies, crashes.</summary>
public sealed class SendingGatewayTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static IEnumerable<string> Numbers(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}{i:D4}");

    [Fact]
    public async Task Task_ThousandNumbers_EachDeliveredExactlyOnce()
    {
        var numbers = Numbers("1380000", 1_000).ToList();
        var task = await gateway.SendAsync("一千条", numbers);

        // Reports may settle the last batch before the dispatcher records the task's end: both are waited for.
        var done = await gateway.WaitAsync(task, p => p.Delivered + p.Failed + p.Unknown == 1_000 && p.State == SendTaskState.Completed);

        Assert.Equal(1_000, done.Delivered);
        var received = gateway.Kannel.ReceivedByReceiver();
        Assert.All(numbers, n => Assert.Equal(1, received.GetValueOrDefault(n)));
        var messages = await gateway.MessagesAsync(task);
        Assert.All(messages, m => Assert.NotNull(m.SubmittedAt));
        Assert.All(messages, m => Assert.Equal(1, m.Attempts));

        // One Send event per message; the reports (8 and 1) stored once each, also when Kannel called twice. Both go
        // through the event channel, whose writer may still hold the last turn's Send events when the task completes.
        var ids = messages.Select(m => GatewayCallbacks.SendEventId(m.Id)).ToHashSet();
        var sends = await Eventually.ForAsync(
            () => gateway.InAccountAsync(db => db.Events.Where(e => e.Kind == EventKind.Send).Select(e => e.ExternalId!).ToListAsync()),
            s => s.Count(ids.Contains) >= 1_000);
        Assert.Equal(1_000, sends.Count(ids.Contains));
        var reportIds = messages.SelectMany(m => new[] { GatewayCallbacks.ReportEventId(m.Id, 1), GatewayCallbacks.ReportEventId(m.Id, 8) }).ToHashSet();
        var reports = await Eventually.ForAsync(
            () => gateway.InAccountAsync(db => db.Events.Where(e => e.Kind == EventKind.DeliveryReport).Select(e => e.ExternalId!).ToListAsync()),
            r => r.Count(reportIds.Contains) == 2_000);
        Assert.Equal(reports.Count, reports.Distinct().Count());
    }

    [Fact]
    public async Task Task_UnroutableNumber_FailsWithTheGatewaysReason()
    {
        var task = await gateway.SendAsync("拒绝", ["19990000001", "13900000001"]);

        await gateway.WaitAsync(task, p => p.Delivered + p.Failed == 2);

        // The SMSC's rejection report (16) may fail the row a moment before the dispatcher records smsbox's refusal,
        // whose words then replace the report's: wait for them (a run that never records them times out and fails).
        var messages = await Eventually.ForAsync(
            () => gateway.MessagesAsync(task),
            ms => ms.Single(m => m.Mobile == "19990000001").ResultCode?.Contains("Not routable", StringComparison.Ordinal) == true,
            seconds: 20);
        var refused = messages.Single(m => m.Mobile == "19990000001");
        Assert.Equal(SendMessageState.Failed, refused.State);
        Assert.Contains("Not routable", refused.ResultCode, StringComparison.Ordinal);
        Assert.Equal(1, refused.Attempts);
        Assert.Equal(SendMessageState.Delivered, messages.Single(m => m.Mobile == "13900000001").State);
        Assert.False(gateway.Kannel.ReceivedByReceiver().ContainsKey("19990000001"));
    }

    [Fact]
    public async Task Reply_R_OptsTheNumberOutAndTheNextTaskSkipsIt()
    {
        var first = await gateway.SendAsync("第一批", ["13700000001", "13700000002"]);
        await gateway.WaitAsync(first, p => p.Delivered == 2);
        var answered = (await gateway.MessagesAsync(first)).Single(m => m.Mobile == "13700000001");

        await gateway.Kannel.ReplyAsync("8613700000001", " ｒ ");
        var optOut = await Eventually.ForAsync(() => gateway.InAccountAsync(db => db.OptOuts.AsNoTracking().SingleOrDefaultAsync(o => o.Mobile == "13700000001")), o => o is not null);
        Assert.Equal(answered.Id, optOut!.MessageId);
        Assert.Equal("R", optOut.Keyword);

        var next = await gateway.SendAsync("第二批", ["13700000001", "13700000002"]);
        var done = await gateway.WaitAsync(next, p => p.State == SendTaskState.Completed && p.Delivered == 1);

        Assert.Equal(1, done.OptedOut);
        Assert.Equal(1, await gateway.InAccountAsync(db => db.SendTasks.Where(t => t.Id == next).Select(t => t.OptedOut).SingleAsync()));
        Assert.Equal(SendMessageState.OptedOut, (await gateway.MessagesAsync(next)).Single(m => m.Mobile == "13700000001").State);
        var received = gateway.Kannel.ReceivedByReceiver();
        Assert.Equal(1, received["13700000001"]);
        Assert.Equal(2, received["13700000002"]);
    }

    [Fact]
    public async Task Rerun_AfterACrashLeftRowsSubmitting_MarksThemUnknownAndNeverResendsThem()
    {
        var numbers = Numbers("1360000", 20).ToList();
        await using var scope = gateway.Services.As(gateway.Owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<SendTaskService>();
        var task = (await service.CreateAsync("崩溃", 1_000, [.. numbers.Select(n => new Recipient(n, "【甲公司】测试"))], CancellationToken.None)).Value;

        // What a run killed mid-batch leaves: the task sending, five rows written Submitting, the job to be taken again.
        var inDoubt = numbers.Take(5).ToList();
        await gateway.InAccountAsync(async db =>
        {
            await db.SendMessages.Where(m => m.TaskId == task && inDoubt.Contains(m.Mobile))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Submitting).SetProperty(m => m.Attempts, 1));
            var job = gateway.Services.GetRequiredService<JobQueue>().Enqueue(db, SendTaskJob.JobKind, gateway.Owner.AccountId, new SendTaskJob.Parameters(task), null);
            await db.SendTasks.Where(t => t.Id == task).ExecuteUpdateAsync(s => s.SetProperty(t => t.State, SendTaskState.Sending).SetProperty(t => t.JobId, job.Id));
            return await db.SaveChangesAsync();
        });
        gateway.Services.GetRequiredService<JobQueue>().Wake();

        var done = await gateway.WaitAsync(task, p => p.State == SendTaskState.Completed && p.Delivered == 15);

        Assert.Equal(5, done.Unknown);
        var received = gateway.Kannel.ReceivedByReceiver();
        Assert.All(inDoubt, n => Assert.False(received.ContainsKey(n)));
        Assert.All(numbers.Skip(5), n => Assert.Equal(1, received[n]));
    }

    [Fact]
    public async Task BearerboxKilledMidRun_RetriesWhatSurelyWasNotSentAndNothingReachesAPhoneTwice()
    {
        var numbers = Numbers("1350000", 300).ToList();
        var task = await gateway.SendAsync("网关崩溃", numbers, rate: 100);
        await gateway.WaitAsync(task, p => p.Submitted + p.Delivered >= 50);

        await gateway.Kannel.CrashBearerboxAsync();
        await Eventually.ForAsync(() => gateway.MessagesAsync(task), ms => ms.Any(m => m.Attempts > 1));
        await gateway.Kannel.ReviveAsync();

        var done = await gateway.WaitAsync(task, p => p.State == SendTaskState.Completed && p.Queued + p.Submitting == 0, seconds: 90);
        var messages = await gateway.MessagesAsync(task);
        var received = gateway.Kannel.ReceivedByReceiver();

        // A request cut off by the crash is in doubt (Unknown, never resent by the dispatcher) unless a report settled it;
        // one refused before it reached smsbox was retried. Either way no number reached the SMSC twice and every
        // delivered one reached it once. A number that never arrived is Unknown, or Submitted when smsbox took it and
        // went down with it (revive restarts the boxes; what smsbox held, and reports it was passing on, are Kannel's loss).
        Assert.Empty(messages.Where(m => m.State == SendMessageState.Failed).Select(m => $"{m.Mobile} {m.Attempts} {m.ResultCode}"));
        Assert.Equal(0, done.Failed);
        Assert.DoesNotContain(numbers, n => received.GetValueOrDefault(n) > 1);
        Assert.All(messages.Where(m => m.State == SendMessageState.Delivered), m => Assert.Equal(1, received.GetValueOrDefault(m.Mobile)));
        Assert.All(numbers.Where(n => !received.ContainsKey(n)), n => Assert.Contains(messages.Single(m => m.Mobile == n).State, (SendMessageState[])[SendMessageState.Unknown, SendMessageState.Submitted]));
    }

    [Fact]
    public async Task GatewayStatus_KannelRunning_IsConnected()
    {
        await using var scope = gateway.Services.As(gateway.Owner.Principal);

        var status = await scope.ServiceProvider.GetRequiredService<SendTaskService>().GatewayStatusAsync(CancellationToken.None);

        Assert.True(status.Configured);
        Assert.True(status.Connected, status.Detail);
    }

    [Fact]
    public async Task DeliveryReport_WrongSecret_IsNotTakenAndRightSecretIs()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(gateway.BaseUrl) };
        var message = Guid.NewGuid();
        var query = $"dlr?a={gateway.Owner.AccountId:N}&m={message:N}&t=1&at=&r=";
        var secret = gateway.Kannel.Settings["Gateway:Kannel:CallbackSecret"]!;

        var wrong = await client.GetAsync($"{GatewayCallbacks.Prefix}/{secret[..^1]}x/{query}");
        var right = await client.GetAsync($"{GatewayCallbacks.Prefix}/{secret}/{query}");

        Assert.NotEqual(System.Net.HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal("ok", await right.Content.ReadAsStringAsync());
        var id = GatewayCallbacks.ReportEventId(message, 1);
        var stored = await Eventually.ForAsync(() => gateway.InAccountAsync(db => db.Events.CountAsync(e => e.ExternalId == id)), n => n == 1);
        Assert.Equal(1, stored);
    }

    // The SMSC's time is taken only when plausible; one past any date (it made the callback answer 500) is the arrival's.
    [Theory]
    [InlineData("99999999999999999")]
    [InlineData("1")]
    public async Task DeliveryReport_ImplausibleTime_TakenAtItsArrival(string at)
    {
        using var client = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        var message = Guid.NewGuid();
        var secret = gateway.Kannel.Settings["Gateway:Kannel:CallbackSecret"]!;
        var before = DateTime.UtcNow.AddSeconds(-1);

        var answer = await client.GetAsync($"{GatewayCallbacks.Prefix}/{secret}/dlr?a={gateway.Owner.AccountId:N}&m={message:N}&t=8&at={at}&r=");

        Assert.Equal("ok", await answer.Content.ReadAsStringAsync());
        var id = GatewayCallbacks.ReportEventId(message, 8);
        var occurred = await Eventually.ForAsync(() => gateway.InAccountAsync(db => db.Events.Where(e => e.ExternalId == id).Select(e => (DateTime?)e.OccurredAt).SingleOrDefaultAsync()), t => t is not null);
        Assert.InRange(occurred!.Value, before, DateTime.UtcNow.AddSeconds(1));
    }
}
