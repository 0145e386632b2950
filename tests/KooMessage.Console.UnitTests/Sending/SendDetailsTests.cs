using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using KooMessage.Console.UnitTests.Exports;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Sending;

/// <summary>发送任务明细 and 退订名单 on real SQLite: filters, the 24-hour window, masking by the current role, exports read back, opt-out edits.</summary>
public sealed class SendDetailsTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser owner = default!;
    private TestUser viewer = default!;
    private Guid recent;
    private Guid older;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        viewer = await app.Services.CreateUserAsync(owner, "viewer", Roles.ReadOnlyAccess);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        older = AddTask(db, "上周通知", Now.AddDays(-2), [SendMessageState.Delivered, SendMessageState.Failed]);
        recent = AddTask(db, "今日通知", Now.AddMinutes(-90),
            [SendMessageState.Delivered, SendMessageState.Failed, SendMessageState.Submitted, SendMessageState.Unknown, SendMessageState.OptedOut, SendMessageState.Delivered]);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>A task whose i-th message goes to 1380000{task digit}00i, submitted i × 15 minutes after the start unless never handed over.</summary>
    private Guid AddTask(KooMessageDb db, string name, DateTime start, SendMessageState[] states)
    {
        var task = new SendTask { AccountId = owner.AccountId!.Value, Name = name, State = SendTaskState.Completed, Total = states.Length, CreatedAt = start, CreatedBy = "owner" };
        db.SendTasks.Add(task);
        for (var i = 0; i < states.Length; i++)
        {
            var handed = states[i] is not (SendMessageState.Unknown or SendMessageState.OptedOut);
            var mobile = $"1380000{(name == "今日通知" ? 1 : 2)}00{i}";
            db.SendMessages.Add(new SendMessage
            {
                AccountId = task.AccountId, TaskId = task.Id, Mobile = mobile, Text = "【星河】您好", Segments = 1, State = states[i], NextAttemptAt = start,
                SubmittedAt = handed ? start.AddMinutes(i * 15) : null, ResultCode = states[i] == SendMessageState.Failed ? "DLR 2: stat:UNDELIV" : null,
                IdempotencyKey = $"{task.Id:N}:{mobile}",
            });
        }

        return task.Id;
    }

    private async Task<Result<SendDetailsList>> ListAsync(TestUser user, SendDetailsQuery query, int pageSize = 20)
    {
        await using var scope = app.Services.As(user.Principal);
        return await scope.ServiceProvider.GetRequiredService<SendDetailsService>().ListAsync(query, new PageRequest(0, pageSize), CancellationToken.None);
    }

    private async Task<T> AsAsync<T>(TestUser user, Func<OptOutService, Task<T>> act)
    {
        await using var scope = app.Services.As(user.Principal);
        return await act(scope.ServiceProvider.GetRequiredService<OptOutService>());
    }

    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("1381234", "1*****4")]
    [InlineData("12", "**")]
    public void Mask_Number_KeepsTheFirstThreeAndLastFourDigits(string mobile, string masked) =>
        Assert.Equal(masked, SendDetailsRules.Mask(mobile));

    [Theory]
    [InlineData(SendMessageState.Queued, SendResult.Sending)]
    [InlineData(SendMessageState.Submitting, SendResult.Sending)]
    [InlineData(SendMessageState.Submitted, SendResult.Sending)]
    [InlineData(SendMessageState.Delivered, SendResult.Success)]
    [InlineData(SendMessageState.Failed, SendResult.Fail)]
    [InlineData(SendMessageState.Unknown, SendResult.Fail)]
    [InlineData(SendMessageState.OptedOut, SendResult.Fail)]
    [InlineData(SendMessageState.Cancelled, SendResult.Fail)]
    public void ResultOf_EngineState_ReadsAsTheReferencesThree(SendMessageState state, SendResult result)
    {
        Assert.Equal(result, SendDetailsRules.ResultOf(state));
        Assert.Contains(state, SendDetailsRules.StatesOf(result));
    }

    [Theory]
    [InlineData(24 * 60, null)]
    [InlineData((24 * 60) - 1, null)]
    [InlineData((24 * 60) + 1, WindowProblem.TooLong)]
    [InlineData(0, WindowProblem.Reversed)]
    [InlineData(-5, WindowProblem.Reversed)]
    public void Check_Window_AtMost24Hours(int minutes, WindowProblem? problem) =>
        Assert.Equal(problem, SendDetailsRules.Check(Now, Now.AddMinutes(minutes)));

    [Fact]
    public void Check_OneEndOnly_IsIncompleteAndNoneIsNoWindow()
    {
        Assert.Equal(WindowProblem.Incomplete, SendDetailsRules.Check(Now, null));
        Assert.Equal(WindowProblem.Incomplete, SendDetailsRules.Check(null, Now));
        Assert.Null(SendDetailsRules.Check(null, null));
    }

    [Theory]
    [InlineData("１３８００１３８０００", "13800138000")]
    [InlineData("+86 138 0013 8000", "13800138000")]
    [InlineData("12345", null)]
    [InlineData("23800138000", null)]
    public void Mobile_TypedNumber_NormalizedAsTheEngineStoresIt(string typed, string? stored) =>
        Assert.Equal(stored, SendDetailsRules.Mobile(typed));

    [Fact]
    public async Task List_Owner_SeesFullNumbersNewestFirst()
    {
        var page = TestData.Ok(await ListAsync(owner, new SendDetailsQuery()));

        Assert.False(page.Masked);
        Assert.Equal(8, page.Rows.Total);
        Assert.Equal("13800001005", page.Rows.Items[0].Mobile);
        Assert.Equal([SendMessageState.Unknown, SendMessageState.OptedOut], page.Rows.Items.TakeLast(2).Select(r => r.State).Order());
    }

    [Fact]
    public async Task List_ReadOnly_SeesMaskedNumbers()
    {
        var page = TestData.Ok(await ListAsync(viewer, new SendDetailsQuery()));

        Assert.True(page.Masked);
        Assert.All(page.Rows.Items, r => Assert.Matches(@"^138\*{4}\d{4}$", r.Mobile));
    }

    [Fact]
    public async Task List_OwnerDemotedAfterSignIn_SeesMaskedNumbers()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync("owner"))!;
            await users.RemoveFromRoleAsync(user, Roles.FullAccess);
            await users.AddToRoleAsync(user, Roles.CommonOperations);
        }

        var page = TestData.Ok(await ListAsync(owner, new SendDetailsQuery()));

        Assert.True(page.Masked);
        Assert.Equal("138****1005", page.Rows.Items[0].Mobile);
    }

    [Fact]
    public async Task List_Filters_TaskNumberResultAndWindow()
    {
        var byTask = TestData.Ok(await ListAsync(owner, new SendDetailsQuery(TaskId: older)));
        var byNumber = TestData.Ok(await ListAsync(owner, new SendDetailsQuery(Mobile: "+86 138 0000 2001")));
        var failed = TestData.Ok(await ListAsync(owner, new SendDetailsQuery(Result: SendResult.Fail)));
        var sending = TestData.Ok(await ListAsync(owner, new SendDetailsQuery(Result: SendResult.Sending)));
        var (from, to) = SendDetailsRules.Quick(SendWindow.LastHour, Now)!.Value;
        var lastHour = TestData.Ok(await ListAsync(owner, new SendDetailsQuery(From: from, To: to)));

        Assert.Equal(2, byTask.Rows.Total);
        Assert.Equal("DLR 2: stat:UNDELIV", Assert.Single(byNumber.Rows.Items).ResultCode);
        Assert.Equal(4, failed.Rows.Total);
        Assert.Equal(SendMessageState.Submitted, Assert.Single(sending.Rows.Items).State);

        // The recent task's rows were submitted 90, 75, 60 and 15 minutes ago (two never were): the last hour holds 60 and 15.
        Assert.Equal(["13800001005", "13800001002"], lastHour.Rows.Items.Select(r => r.Mobile));
    }

    [Fact]
    public async Task List_FiltersBySignatureAndTemplateOfTheTaskAndOffersWhatTheTasksUsed()
    {
        var form = await app.Services.SendSetupAsync(owner.AccountId!.Value);
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None))
        {
            await db.SendTasks.Where(t => t.Id == recent).ExecuteUpdateAsync(u => u.SetProperty(t => t.SignatureId, form.SignatureId!.Value).SetProperty(t => t.TplId, form.TplId).SetProperty(t => t.TplName, "账单"));
        }

        var bySignature = TestData.Ok(await ListAsync(owner, new SendDetailsQuery(SignatureId: form.SignatureId)));
        var byTemplate = TestData.Ok(await ListAsync(owner, new SendDetailsQuery(TplId: form.TplId)));
        var bothAndTask = TestData.Ok(await ListAsync(owner, new SendDetailsQuery(TaskId: older, SignatureId: form.SignatureId, TplId: form.TplId)));
        var otherTemplate = TestData.Ok(await ListAsync(owner, new SendDetailsQuery(TplId: "699999999")));
        await using var scope = app.Services.As(owner.Principal);
        var choices = TestData.Ok(await scope.ServiceProvider.GetRequiredService<SendDetailsService>().ChoicesAsync(CancellationToken.None));

        Assert.Equal(6, bySignature.Rows.Total);
        Assert.All(bySignature.Rows.Items, r => Assert.Equal(recent, r.TaskId));
        Assert.Equal(6, byTemplate.Rows.Total);
        Assert.Equal(0, bothAndTask.Rows.Total);
        Assert.Equal(0, otherTemplate.Rows.Total);
        Assert.Equal([new SendFilterOption(form.SignatureId!.Value.ToString(), ShortLinkData.Signature)], choices.Signatures);
        Assert.Equal([new SendFilterOption(form.TplId, $"账单（{form.TplId}）")], choices.Templates);
    }

    [Fact]
    public async Task List_WindowOver24Hours_IsRefusedAtItsEnd()
    {
        var result = await ListAsync(owner, new SendDetailsQuery(From: Now.AddHours(-25), To: Now));
        var badNumber = await ListAsync(owner, new SendDetailsQuery(Mobile: "12345"));

        Assert.Equal(nameof(SendDetailsQuery.To), Assert.Single(result.Error!.Fields).Field);
        Assert.Contains("24", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(SendDetailsQuery.Mobile), Assert.Single(badNumber.Error!.Fields).Field);
    }

    [Fact]
    public async Task List_OtherAccount_SeesNone()
    {
        var other = await app.Services.CreateAccountAsync(admin, "乙公司", "other");

        var page = TestData.Ok(await ListAsync(other, new SendDetailsQuery()));
        var task = TestData.Ok(await ListAsync(other, new SendDetailsQuery(TaskId: recent)));

        Assert.Equal(0, page.Rows.Total);
        Assert.Equal(0, task.Rows.Total);
    }

    private async Task<Result<Guid>> ExportAsync(TestUser user, string source, SendDetailsQuery query)
    {
        await using var scope = app.Services.As(user.Principal);
        var fields = new SendDetailsExportSource(false).Fields.Select(f => f.Key).ToList();
        return await scope.ServiceProvider.GetRequiredService<ExportService>().RequestAsync(
            new ExportRequest(source, SendDetailsExportSource.Parameters(query, "今日通知", ""), fields, "明细"), CancellationToken.None);
    }

    private async Task<string> StoredPathAsync(Guid exportId)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var export = await db.Exports.SingleAsync(e => e.Id == exportId);
        var file = await db.StoredFiles.SingleAsync(f => f.Id == export.FileId);
        return Path.Combine(app.Services.FilesFolder(), file.StoragePath);
    }

    [Fact]
    public async Task Export_Details_ColumnsReadBackMaskedForReadOnlyAndFullForOwner()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var query = new SendDetailsQuery(TaskId: recent, Result: SendResult.Fail);
        var full = TestData.Ok(await ExportAsync(owner, SendDetailsExportSource.FullKey, query));
        var masked = TestData.Ok(await ExportAsync(viewer, SendDetailsExportSource.MaskedKey, query));

        Assert.Equal(2, await app.Services.RunDueJobsAsync());

        var fullSheet = (await ExcelJs.ReadAsync(await StoredPathAsync(full))).Sheet(0);
        var maskedSheet = (await ExcelJs.ReadAsync(await StoredPathAsync(masked))).Sheet(0);
        Assert.Equal(
            ["消息ID", "任务名称", "手机号码", "发送结果", "状态说明", "结果码", "提交时间", "回执时间"],
            fullSheet.GetProperty("rows")[0].GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("value").GetString()));
        Assert.Equal(4, fullSheet.GetProperty("rowCount").GetInt32());
        Assert.Equal(("String", "13800001001"), (fullSheet.Cell(2, 3).Type(), fullSheet.Cell(2, 3).GetProperty("value").GetString()));
        Assert.Equal(("String", "138****1001"), (maskedSheet.Cell(2, 3).Type(), maskedSheet.Cell(2, 3).GetProperty("value").GetString()));
        Assert.Equal("发送失败", fullSheet.Cell(2, 4).GetProperty("value").GetString());
        Assert.Equal("DLR 2: stat:UNDELIV", fullSheet.Cell(2, 6).GetProperty("value").GetString());
        Assert.Equal(("Date", "2026-11-29T14:45:00.000"), (fullSheet.Cell(2, 7).Type(), fullSheet.Cell(2, 7).GetProperty("value").GetString()));
        Assert.Equal(["未发送：号码已退订", "结果未知：提交时中断，未自动重发"], new[] { fullSheet.Cell(3, 5), fullSheet.Cell(4, 5) }.Select(c => c.GetProperty("value").GetString()).Order());
    }

    [Fact]
    public async Task Export_FullNumbersByReadOnlyOrAWindowOver24Hours_IsRefused()
    {
        var fullByViewer = await ExportAsync(viewer, SendDetailsExportSource.FullKey, new SendDetailsQuery());
        var tooLong = await ExportAsync(owner, SendDetailsExportSource.FullKey, new SendDetailsQuery(From: Now.AddDays(-2), To: Now));

        Assert.Equal(ErrorCodes.Unauthorized, fullByViewer.Error?.Code);
        Assert.Equal(ErrorCodes.InvalidParameter, tooLong.Error?.Code);
        Assert.Equal(0, await app.Services.RunDueJobsAsync());
    }

    [Fact]
    public async Task OptOut_AddNormalizesAndTwiceIsAFieldConflict()
    {
        var added = await AsAsync(owner, s => s.AddAsync(new OptOutForm { Mobile = "１３９ ００００ ０００１", Note = " 客户要求 " }, CancellationToken.None));
        var again = await AsAsync(owner, s => s.AddAsync(new OptOutForm { Mobile = "+8613900000001" }, CancellationToken.None));
        var bad = await AsAsync(owner, s => s.AddAsync(new OptOutForm { Mobile = "139" }, CancellationToken.None));

        TestData.Ok(added);
        Assert.Equal(nameof(OptOutForm.Mobile), Assert.Single(again.Error!.Fields).Field);
        Assert.Equal(nameof(OptOutForm.Mobile), Assert.Single(bad.Error!.Fields).Field);
        var list = TestData.Ok(await AsAsync(owner, s => s.ListAsync(new PageRequest(), CancellationToken.None)));
        var row = Assert.Single(list.Rows.Items);
        Assert.Equal(("13900000001", "客户要求", "owner", true), (row.Mobile, row.Note, row.CreatedBy, list.CanManage));
    }

    [Fact]
    public async Task OptOut_RemoveWhatWasSeen_SecondRemovalIsAConflict()
    {
        var id = TestData.Ok(await AsAsync(owner, s => s.AddAsync(new OptOutForm { Mobile = "13900000001" }, CancellationToken.None)));

        var first = await AsAsync(owner, s => s.RemoveAsync(id, CancellationToken.None));
        var second = await AsAsync(owner, s => s.RemoveAsync(id, CancellationToken.None));

        TestData.Ok(first);
        Assert.Equal(ErrorCodes.Conflict, second.Error?.Code);
    }

    [Fact]
    public async Task OptOut_ReadOnly_SeesMaskedAndCannotChange()
    {
        var id = TestData.Ok(await AsAsync(owner, s => s.AddAsync(new OptOutForm { Mobile = "13900000001" }, CancellationToken.None)));

        var list = TestData.Ok(await AsAsync(viewer, s => s.ListAsync(new PageRequest(), CancellationToken.None)));
        var add = await AsAsync(viewer, s => s.AddAsync(new OptOutForm { Mobile = "13900000002" }, CancellationToken.None));
        var remove = await AsAsync(viewer, s => s.RemoveAsync(id, CancellationToken.None));

        Assert.Equal(("139****0001", true, false), (Assert.Single(list.Rows.Items).Mobile, list.Masked, list.CanManage));
        Assert.Equal(ErrorCodes.Unauthorized, add.Error?.Code);
        Assert.Equal(ErrorCodes.Unauthorized, remove.Error?.Code);
    }
}
