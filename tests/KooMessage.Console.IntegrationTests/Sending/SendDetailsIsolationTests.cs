using System.Net;
using ClosedXML.Excel;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Sending;

/// <summary>
/// Send details and opt-outs in the running app: another account sees and changes none of them; a role below FullAccess
/// reads numbers masked, cannot edit the opt-out list, and cannot download a file with numbers in full.
/// </summary>
public sealed class SendDetailsIsolationTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser ownerA = default!;
    private TestUser viewerA = default!;
    private TestUser ownerB = default!;
    private Guid taskA;
    private Guid optOutA;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        viewerA = await app.Services.CreateUserAsync(ownerA, "viewer-a", Roles.ReadOnlyAccess);
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        var account = ownerA.AccountId!.Value;
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        var task = new SendTask { AccountId = account, Name = "甲任务", State = SendTaskState.Completed, Total = 1, CreatedAt = DateTime.UtcNow, CreatedBy = "owner-a" };
        var message = new SendMessage
        {
            AccountId = account, TaskId = task.Id, Mobile = "13800138000", Text = "【甲】您好", Segments = 1, State = SendMessageState.Delivered,
            NextAttemptAt = task.CreatedAt, SubmittedAt = task.CreatedAt, ReportedAt = task.CreatedAt, ResultCode = "DLR 1", IdempotencyKey = $"{task.Id:N}:13800138000",
        };
        var optOut = new OptOut { AccountId = account, Mobile = "13800138000", CreatedAt = task.CreatedAt, MessageId = message.Id, Keyword = "R" };
        db.AddRange(task, message, optOut);
        await db.SaveChangesAsync();
        (taskA, optOutA) = (task.Id, optOut.Id);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<T> AsAsync<T, TService>(TestUser user, Func<TService, Task<T>> act)
        where TService : notnull
    {
        await using var scope = app.Services.As(user.Principal);
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Fact]
    public async Task OwnerB_AccountADetailsAndOptOuts_NeitherSeenNorRemoved()
    {
        var details = await AsAsync<Result<SendDetailsList>, SendDetailsService>(ownerB, s => s.ListAsync(new SendDetailsQuery(TaskId: taskA), new PageRequest(), CancellationToken.None));
        var byNumber = await AsAsync<Result<SendDetailsList>, SendDetailsService>(ownerB, s => s.ListAsync(new SendDetailsQuery(Mobile: "13800138000"), new PageRequest(), CancellationToken.None));
        var task = await AsAsync<SendTaskOption?, SendDetailsService>(ownerB, s => s.TaskAsync(taskA, CancellationToken.None));
        var optOuts = await AsAsync<Result<OptOutList>, OptOutService>(ownerB, s => s.ListAsync(new PageRequest(), CancellationToken.None));
        var remove = await AsAsync<Result, OptOutService>(ownerB, s => s.RemoveAsync(optOutA, CancellationToken.None));

        Assert.Equal((0, 0, 0), (details.Value.Rows.Total, byNumber.Value.Rows.Total, optOuts.Value.Rows.Total));
        Assert.Null(task);
        Assert.Equal(ErrorCodes.Conflict, remove.Error?.Code);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(ownerA.AccountId!.Value, "test", CancellationToken.None);
        Assert.True(await db.OptOuts.AnyAsync(o => o.Id == optOutA));
    }

    [Fact]
    public async Task ViewerA_ReadsMaskedAndCannotEditOptOuts()
    {
        var details = await AsAsync<Result<SendDetailsList>, SendDetailsService>(viewerA, s => s.ListAsync(new SendDetailsQuery(), new PageRequest(), CancellationToken.None));
        var optOuts = await AsAsync<Result<OptOutList>, OptOutService>(viewerA, s => s.ListAsync(new PageRequest(), CancellationToken.None));
        var add = await AsAsync<Result<Guid>, OptOutService>(viewerA, s => s.AddAsync(new OptOutForm { Mobile = "13900000000" }, CancellationToken.None));
        var remove = await AsAsync<Result, OptOutService>(viewerA, s => s.RemoveAsync(optOutA, CancellationToken.None));
        using var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(viewerA.UserName, TestData.Password);
        using var detailsPage = await client.GetAsync(SendingModule.SendDetailsRoute);
        using var optOutsPage = await client.GetAsync(SendingModule.OptOutsRoute);

        Assert.Equal("138****8000", Assert.Single(details.Value.Rows.Items).Mobile);
        Assert.Equal(("138****8000", false), (Assert.Single(optOuts.Value.Rows.Items).Mobile, optOuts.Value.CanManage));
        Assert.Equal(ErrorCodes.Unauthorized, add.Error?.Code);
        Assert.Equal(ErrorCodes.Unauthorized, remove.Error?.Code);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (detailsPage.StatusCode, optOutsPage.StatusCode));
    }

    [Fact]
    public async Task FullNumberExport_DownloadedByTheOwnerOnly()
    {
        var source = new SendDetailsExportSource(fullNumbers: true);
        var id = await AsAsync<Result<Guid>, ExportService>(ownerA, s => s.RequestAsync(
            new ExportRequest(source.Key, SendDetailsExportSource.Parameters(new SendDetailsQuery(), null, ""), source.Fields.Select(f => f.Key).ToList(), "details"),
            CancellationToken.None));
        var job = await app.Services.WaitForEndAsync(TestData.Ok(id));
        Assert.Equal(JobState.Succeeded, job.State);
        using var owner = app.CreateBrowserlikeClient();
        await owner.SignInAsync(ownerA.UserName, TestData.Password);
        using var viewer = app.CreateBrowserlikeClient();
        await viewer.SignInAsync(viewerA.UserName, TestData.Password);
        using var other = app.CreateBrowserlikeClient();
        await other.SignInAsync(ownerB.UserName, TestData.Password);

        using var own = await owner.GetAsync($"/files/{job.ResultFileId}?download=true");
        using var viewed = await viewer.GetAsync($"/files/{job.ResultFileId}?download=true");
        using var foreign = await other.GetAsync($"/files/{job.ResultFileId}?download=true");
        using var book = new XLWorkbook(await own.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("13800138000", book.Worksheet(1).Cell(2, 3).GetString());
        Assert.NotEqual(HttpStatusCode.OK, viewed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
