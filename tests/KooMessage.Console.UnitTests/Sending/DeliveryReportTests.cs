using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Sending;

/// <summary>Delivery reports applied through the event store's batch: once per (message, type), final states kept.</summary>
public sealed class DeliveryReportTests
{
    private static readonly DateTime At = new(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Reports_DeliveredBeforeAccepted_StaysDelivered()
    {
        await using var app = await TestConsole.StartAsync();
        var (account, id) = await MessageAsync(app, SendMessageState.Submitted);

        await AppendAsync(app, Report(account, id, 1, At.AddSeconds(2)));
        await AppendAsync(app, Report(account, id, 8, At.AddSeconds(1)));

        var m = await ReadAsync(app, account, id);
        Assert.Equal(SendMessageState.Delivered, m.State);
        Assert.Equal(At.AddSeconds(2), m.ReportedAt);
        Assert.Equal("DLR 1", m.ResultCode);
    }

    [Fact]
    public async Task Reports_SameReportTwice_StoredAndAppliedOnce()
    {
        await using var app = await TestConsole.StartAsync();
        var (account, id) = await MessageAsync(app, SendMessageState.Submitted);

        var first = await AppendAsync(app, Report(account, id, 1, At), Report(account, id, 1, At.AddSeconds(5)));
        var again = await AppendAsync(app, Report(account, id, 1, At.AddSeconds(9)));

        Assert.Equal((1, 1), (first.Written, first.Duplicates));
        Assert.Equal((0, 1), (again.Written, again.Duplicates));
        Assert.Equal(At, (await ReadAsync(app, account, id)).ReportedAt);
    }

    [Fact]
    public async Task Reports_RejectedAfterDelivered_DoesNotOverwriteTheFinalState()
    {
        await using var app = await TestConsole.StartAsync();
        var (account, id) = await MessageAsync(app, SendMessageState.Submitted);

        await AppendAsync(app, Report(account, id, 1, At), Report(account, id, 16, At.AddSeconds(1), "NACK/no SMSC"));

        Assert.Equal(SendMessageState.Delivered, (await ReadAsync(app, account, id)).State);
    }

    [Fact]
    public async Task Reports_RejectedOrUndelivered_FailsWithTheSmscsWords()
    {
        await using var app = await TestConsole.StartAsync();
        var (account, rejected) = await MessageAsync(app, SendMessageState.Submitted);
        var (_, undelivered) = await MessageAsync(app, SendMessageState.Submitted, account);

        await AppendAsync(app, Report(account, rejected, 16, At, "NACK/no SMSC"), Report(account, undelivered, 2, At));

        var r = await ReadAsync(app, account, rejected);
        Assert.Equal((SendMessageState.Failed, "DLR 16: NACK/no SMSC"), (r.State, r.ResultCode));
        Assert.Equal(SendMessageState.Failed, (await ReadAsync(app, account, undelivered)).State);
    }

    [Theory]
    [InlineData(SendMessageState.Submitting, SendMessageState.Submitted)]
    [InlineData(SendMessageState.Unknown, SendMessageState.Submitted)]
    [InlineData(SendMessageState.Submitted, SendMessageState.Submitted)]
    [InlineData(SendMessageState.Failed, SendMessageState.Failed)]
    [InlineData(SendMessageState.OptedOut, SendMessageState.OptedOut)]
    public async Task Reports_AcceptedBySmsc_MovesOnlyAMessageOnItsWay(SendMessageState before, SendMessageState after)
    {
        await using var app = await TestConsole.StartAsync();
        var (account, id) = await MessageAsync(app, before);

        await AppendAsync(app, Report(account, id, 8, At));

        Assert.Equal(after, (await ReadAsync(app, account, id)).State);
    }

    [Fact]
    public async Task Reports_InDoubtMessageDelivered_IsDelivered()
    {
        await using var app = await TestConsole.StartAsync();
        var (account, id) = await MessageAsync(app, SendMessageState.Unknown);

        await AppendAsync(app, Report(account, id, 1, At));

        Assert.Equal(SendMessageState.Delivered, (await ReadAsync(app, account, id)).State);
    }

    [Fact]
    public async Task Reports_NamingAnotherAccount_ChangeNothing()
    {
        await using var app = await TestConsole.StartAsync();
        var (account, id) = await MessageAsync(app, SendMessageState.Submitted);
        var other = await OtherAccountAsync(app);

        await AppendAsync(app, Report(other, id, 1, At));

        Assert.Equal(SendMessageState.Submitted, (await ReadAsync(app, account, id)).State);
    }

    [Fact]
    public void Parse_ReportEventId_RoundTrips()
    {
        var id = Guid.NewGuid();

        Assert.Equal((id, 16), DeliveryReports.Parse(GatewayCallbacks.ReportEventId(id, 16)));
        Assert.Null(DeliveryReports.Parse(GatewayCallbacks.SendEventId(id)));
        Assert.Null(DeliveryReports.Parse("dlr:nope:1"));
        Assert.Null(DeliveryReports.Parse(null));
    }

    private static EventRecord Report(Guid account, Guid message, int type, DateTime at, string? answer = null) =>
        new(account, EventKind.DeliveryReport, at) { ExternalId = GatewayCallbacks.ReportEventId(message, type), Detail = answer };

    private static Task<BatchOutcome> AppendAsync(TestConsole app, params EventRecord[] events) =>
        app.Services.GetRequiredService<EventStore>().AppendAsync(events, At, CancellationToken.None);

    private static async Task<(Guid Account, Guid Message)> MessageAsync(TestConsole app, SendMessageState state, Guid? existing = null)
    {
        var account = existing ?? (await app.Services.CreateAccountAsync(await app.Services.CreateAdministratorAsync(), "星河科技有限公司", "owner")).AccountId!.Value;
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        var task = new SendTask { AccountId = account, Name = "t", State = SendTaskState.Sending, CreatedAt = At, Total = 1 };
        var mobile = $"138{Random.Shared.Next(10_000_000, 99_999_999)}";
        var message = new SendMessage { AccountId = account, TaskId = task.Id, Mobile = mobile, Text = "x", Segments = 1, State = state, IdempotencyKey = $"{task.Id:N}:{mobile}", NextAttemptAt = At };
        db.AddRange(task, message);
        await db.SaveChangesAsync();
        return (account, message.Id);
    }

    private static async Task<Guid> OtherAccountAsync(TestConsole app) =>
        (await app.Services.CreateAccountAsync(await TestData.UserAsync(app.Services, "admin"), "云帆科技有限公司", "other")).AccountId!.Value;

    private static async Task<SendMessage> ReadAsync(TestConsole app, Guid account, Guid id)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        return await db.SendMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }
}
