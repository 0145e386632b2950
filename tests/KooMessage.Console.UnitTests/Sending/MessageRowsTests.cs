using KooMessage.Console.Data;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Sending;

/// <summary>The dispatcher's row statements (<see cref="MessageRows"/>): found by primary key, only the account's own rows, only in the states they move from, only in a transaction.</summary>
public sealed class MessageRowsTests
{
    [Fact]
    public async Task Statements_FindTheirRowsByPrimaryKey_NotByTheAccountsIndex()
    {
        await using var app = await TestConsole.StartAsync();
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

        foreach (var statement in MessageRows.All)
        {
            var plan = string.Join('\n', await db.PlanAsync(statement));
            Assert.Contains("sqlite_autoindex_SendMessages_1 (Id=?)", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountId", plan, StringComparison.Ordinal);
        }

        // Why the account is written +"AccountId": without the plus SQLite searches the account's index and reads all its rows.
        Assert.Contains("IX_SendMessages_AccountId_SubmittedAt", string.Join('\n', await db.PlanAsync(MessageRows.Claim.Replace("+\"AccountId\"", "\"AccountId\"", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    public static TheoryData<string, SendMessageState, SendMessageState> Moves => new()
    {
        { nameof(MessageRows.Claim), SendMessageState.Queued, SendMessageState.Submitting },
        { nameof(MessageRows.SkipOptedOut), SendMessageState.Queued, SendMessageState.OptedOut },
        { nameof(MessageRows.Unsent), SendMessageState.Submitting, SendMessageState.Queued },
        { nameof(MessageRows.Exhausted), SendMessageState.Submitting, SendMessageState.Failed },
        { nameof(MessageRows.Later), SendMessageState.Submitting, SendMessageState.Queued },
        { nameof(MessageRows.Refused), SendMessageState.Submitting, SendMessageState.Failed },
        { nameof(MessageRows.Refused), SendMessageState.Failed, SendMessageState.Failed },
        { nameof(MessageRows.InDoubt), SendMessageState.Submitting, SendMessageState.Unknown },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public async Task Each_MovesOnlyTheAccountsRowsInItsStartingState_AndSaysWhich(string name, SendMessageState from, SendMessageState to)
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var ours = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var theirs = await app.Services.CreateAccountAsync(admin, "远山贸易有限公司", "other");
        var (mover, delivered) = (await RowsAsync(app, ours, "13800000001", "13800000002")) is [var a, var b] ? (a, b) : throw new InvalidOperationException();
        var another = (await RowsAsync(app, theirs, "13900000001")).Single();
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        await db.SendMessages.Where(m => m.Id == mover || m.Id == another).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, from).SetProperty(m => m.Attempts, 1));
        await db.SendMessages.Where(m => m.Id == delivered).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Delivered).SetProperty(m => m.Attempts, 1));
        var statement = (string)typeof(MessageRows).GetField(name)!.GetValue(null)!;

        List<Guid> moved;
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            moved = await MessageRows.UpdateAsync(db, ours.AccountId!.Value, [mover, delivered, another], statement, ("$at", JsonRows.Text(DateTime.UtcNow)), ("$next", JsonRows.Text(DateTime.UtcNow)), ("$reason", "why"));
            await tx.CommitAsync();
        }

        Assert.Equal([mover], moved);
        var rows = await db.SendMessages.AsNoTracking().ToDictionaryAsync(m => m.Id, m => (m.State, m.Attempts));
        var attempts = name switch { nameof(MessageRows.Claim) => 2, nameof(MessageRows.Unsent) => 0, _ => 1 };
        Assert.Equal((to, attempts), rows[mover]);
        Assert.Equal((SendMessageState.Delivered, 1), rows[delivered]);
        Assert.Equal((from, 1), rows[another]);
    }

    [Fact]
    public async Task Accepted_AfterAReport_KeepsTheReportsStateAndResult_AndAddsTheSubmissionTime()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await app.Services.CreateAccountAsync(await app.Services.CreateAdministratorAsync(), "星河科技有限公司", "owner");
        var account = owner.AccountId!.Value;
        var rows = await RowsAsync(app, owner, "13800000001", "13800000002");
        var at = new DateTime(2026, 12, 2, 8, 30, 15, 250, DateTimeKind.Utc);

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        await db.SendMessages.Where(m => m.Id == rows[0]).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Submitting));
        await db.SendMessages.Where(m => m.Id == rows[1]).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Delivered).SetProperty(m => m.ResultCode, "DLR 1"));
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            Assert.Equal(rows.Order(), (await MessageRows.UpdateAsync(db, account, rows, MessageRows.Accepted, ("$at", JsonRows.Text(at)), ("$reason", "0: Accepted for delivery"))).Order());
            await tx.CommitAsync();
        }

        var messages = await db.SendMessages.AsNoTracking().Where(m => rows.Contains(m.Id)).ToDictionaryAsync(m => m.Id);
        Assert.Equal((SendMessageState.Submitted, "0: Accepted for delivery", at), (messages[rows[0]].State, messages[rows[0]].ResultCode, messages[rows[0]].SubmittedAt));
        Assert.Equal((SendMessageState.Delivered, "DLR 1", at), (messages[rows[1]].State, messages[rows[1]].ResultCode, messages[rows[1]].SubmittedAt));
    }

    [Fact]
    public async Task Update_OutsideATransaction_IsRefused()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await app.Services.CreateAccountAsync(await app.Services.CreateAdministratorAsync(), "星河科技有限公司", "owner");
        var rows = await RowsAsync(app, owner, "13800000001");
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        await db.Database.OpenConnectionAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => MessageRows.UpdateAsync(db, owner.AccountId!.Value, rows, MessageRows.Claim));
        Assert.Equal(SendMessageState.Queued, (await db.SendMessages.SingleAsync()).State);
    }

    private static async Task<List<Guid>> RowsAsync(TestConsole app, TestUser owner, params string[] mobiles)
    {
        await using var scope = app.Services.As(owner.Principal);
        var task = (await scope.ServiceProvider.GetRequiredService<SendTaskService>()
            .CreateAsync("任务", 1_000, [.. mobiles.Select(m => new Recipient(m, "【星河】您好，拒收请回复R"))], CancellationToken.None)).Value;
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        return await db.SendMessages.Where(m => m.TaskId == task).OrderBy(m => m.Mobile).Select(m => m.Id).ToListAsync();
    }
}
