using ClosedXML.Excel;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using KooMessage.Console.UnitTests.Exports;

namespace KooMessage.Console.UnitTests.Downloads;

/// <summary>Exports as jobs: who may start them, what the file holds, a rerun after a crash, and expiry.</summary>
public sealed class ExportTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private TestConsole app = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner");
        var reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        var appId = await app.Services.ReadyForSignaturesAsync(owner, reviewer);
        await app.Services.RegisterSignatureAsync(owner, appId, "星河");
        clock.Advance(TimeSpan.FromMinutes(1));
        await app.Services.RegisterSignatureAsync(owner, appId, "银河");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Result<Guid>> RequestAsync(TestUser user, SignatureQuery? query = null, string? search = null, IReadOnlyList<string>? fields = null, string fileName = "签名导出")
    {
        await using var scope = app.Services.As(user.Principal);
        var source = new SignatureExportSource();
        return await scope.ServiceProvider.GetRequiredService<ExportService>().RequestAsync(
            new ExportRequest(source.Key, SignatureExportSource.Parameters(query ?? new SignatureQuery(), search), fields ?? source.Fields.Select(f => f.Key).ToList(), fileName),
            CancellationToken.None);
    }

    private async Task<KooMessageDb> SystemDbAsync() => await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    private async Task<string> StoredPathAsync(Guid exportId)
    {
        await using var db = await SystemDbAsync();
        var export = await db.Exports.SingleAsync(e => e.Id == exportId);
        var file = await db.StoredFiles.SingleAsync(f => f.Id == export.FileId);
        return Path.Combine(app.Services.FilesFolder(), file.StoragePath);
    }

    private async Task<XLWorkbook> WorkbookAsync(Guid exportId) => new(new MemoryStream(await File.ReadAllBytesAsync(await StoredPathAsync(exportId))));

    [Fact]
    public async Task Export_Signatures_FileHoldsTheQueryInTheRequestersLanguage()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = (await RequestAsync(owner)).Value;

        Assert.Equal(1, await app.Services.RunDueJobsAsync());

        var job = await app.Services.JobAsync(id);
        using var book = await WorkbookAsync(id);
        var sheet = book.Worksheet(1);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.ResultRows);
        Assert.Equal("签名名称", sheet.Cell(1, 1).GetString());
        Assert.Equal(["银河", "星河"], new[] { sheet.Cell(2, 1).GetString(), sheet.Cell(3, 1).GetString() });
        Assert.Equal("待审核", sheet.Cell(2, 5).GetString());
        Assert.True(sheet.Cell(4, 1).IsEmpty());
        await using var db = await SystemDbAsync();
        var export = await db.Exports.SingleAsync(e => e.Id == id);
        Assert.Equal("签名导出.xlsx", export.FileName);
        var read = (await ExcelJs.ReadAsync(await StoredPathAsync(id))).Sheet(0);
        Assert.Equal("签名管理", read.GetProperty("name").GetString());
        Assert.Equal(("String", "银河"), (read.Cell(2, 1).Type(), read.Cell(2, 1).GetProperty("value").GetString()));
        Assert.Equal("Date", read.Cell(2, 8).Type());
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddDays(7), export.ExpiresAt);
        Assert.True(await db.Set<Notification>().AnyAsync(n => n.UserId == owner.Id && n.TextKey == "Downloads.Notice.Succeeded"));
    }

    [Fact]
    public async Task Export_FilterAndChosenColumns_OnlyThoseRowsAndColumns()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var id = (await RequestAsync(owner, search: "星", fields: ["name", "status"])).Value;
        await app.Services.RunDueJobsAsync();

        using var book = await WorkbookAsync(id);
        var sheet = book.Worksheet(1);
        Assert.Equal(["签名名称", "状态"], new[] { sheet.Cell(1, 1).GetString(), sheet.Cell(1, 2).GetString() });
        Assert.True(sheet.Cell(1, 3).IsEmpty());
        Assert.Equal("星河", sheet.Cell(2, 1).GetString());
        Assert.True(sheet.Cell(3, 1).IsEmpty());
    }

    [Theory]
    [InlineData(Roles.ReadOnlyAccess)]
    [InlineData(Roles.Development)]
    public async Task Request_RoleWithoutExport_Refused(string role)
    {
        var user = await app.Services.CreateUserAsync(owner, "user-" + role.ToLowerInvariant(), role);

        var result = await RequestAsync(user);

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
        await using var db = await SystemDbAsync();
        Assert.False(await db.Exports.AnyAsync());
    }

    [Fact]
    public async Task Request_CommonOperations_Queued()
    {
        var operations = await app.Services.CreateUserAsync(owner, "ops", Roles.CommonOperations);

        var result = await RequestAsync(operations);

        Assert.True(result.IsSuccess);
        Assert.Equal(JobState.Queued, (await app.Services.JobAsync(result.Value)).State);
    }

    [Theory]
    [InlineData("", "FileName")]
    [InlineData("a/b", "FileName")]
    public async Task Request_BadFileName_FieldError(string fileName, string field)
    {
        var result = await RequestAsync(owner, fileName: fileName);

        Assert.Equal(field, Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task Request_NoColumns_FieldError()
    {
        var result = await RequestAsync(owner, fields: []);

        Assert.Equal(nameof(ExportRequest.Fields), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task Rerun_AfterACrashMidWrite_ReplacesThePartialFileAndStoresOne()
    {
        var id = (await RequestAsync(owner)).Value;
        var dead = await app.Services.GetRequiredService<JobWorker>().ClaimAsync([], CancellationToken.None);
        Assert.Equal(id, dead?.Id);

        // The process died while writing: a partial file lies in staging under the job's id, and the lease runs out.
        var staged = Path.Combine(app.Services.FilesFolder(), FileStore.StagingFolderName, id.ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        await File.WriteAllBytesAsync(staged, new byte[100_000]);
        clock.Advance(TimeSpan.FromSeconds(app.Services.GetRequiredService<IOptions<JobOptions>>().Value.LeaseSeconds + 1));

        Assert.Equal(1, await app.Services.RunDueJobsAsync());

        var job = await app.Services.JobAsync(id);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Attempts);
        using var book = await WorkbookAsync(id);
        Assert.Equal("银河", book.Worksheet(1).Cell(2, 1).GetString());
        await using var db = await SystemDbAsync();
        Assert.Equal(1, await db.StoredFiles.CountAsync(f => f.Id == id));
        Assert.False(File.Exists(staged));
    }

    [Fact]
    public async Task Rerun_AfterACrashBetweenCommitAndEnd_EndsWithTheStoredFile()
    {
        var id = (await RequestAsync(owner)).Value;
        var worker = app.Services.GetRequiredService<JobWorker>();
        var first = await worker.ClaimAsync([], CancellationToken.None);

        // The handler stored the file, then the process died before the job was marked done.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == ExportService.JobKind);
            await handler.RunAsync(new JobContext(first!, (_, _, _) => ValueTask.CompletedTask), CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        await app.Services.RunDueJobsAsync();

        var job = await app.Services.JobAsync(id);
        await using var db = await SystemDbAsync();
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.ResultRows);
        Assert.Equal(id, job.ResultFileId);
        Assert.Equal(1, await db.StoredFiles.CountAsync(f => f.Id == id));
        Assert.Single(app.Services.StoredPaths(), p => p.EndsWith(id.ToString("N"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expiry_PastRetention_RemovesFileRowAndJob()
    {
        var id = (await RequestAsync(owner)).Value;
        await app.Services.RunDueJobsAsync();
        await using (var before = await SystemDbAsync())
        {
            Assert.True(await before.StoredFiles.AnyAsync(f => f.Id == id));
        }

        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<JobWorker>().ScheduleRecurringAsync(CancellationToken.None);
        await app.Services.RunDueJobsAsync();

        await using var db = await SystemDbAsync();
        Assert.False(await db.Exports.AnyAsync(e => e.Id == id));
        Assert.False(await db.Set<Job>().AnyAsync(j => j.Id == id));
        Assert.False(await db.StoredFiles.AnyAsync(f => f.Id == id));
        Assert.DoesNotContain(app.Services.StoredPaths(), p => p.EndsWith(id.ToString("N"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expiry_BeforeRetention_KeepsTheFile()
    {
        var id = (await RequestAsync(owner)).Value;
        await app.Services.RunDueJobsAsync();

        clock.Advance(TimeSpan.FromDays(6));
        await app.Services.GetRequiredService<JobWorker>().ScheduleRecurringAsync(CancellationToken.None);
        await app.Services.RunDueJobsAsync();

        await using var db = await SystemDbAsync();
        Assert.True(await db.Exports.AnyAsync(e => e.Id == id));
        Assert.True(await db.StoredFiles.AnyAsync(f => f.Id == id));
    }

    [Fact]
    public async Task List_OtherRolesSeeOnlySourcesTheyMayView_AndDeleteNeedsExport()
    {
        var id = (await RequestAsync(owner)).Value;
        await app.Services.RunDueJobsAsync();
        var viewer = await app.Services.CreateUserAsync(owner, "viewer", Roles.ReadOnlyAccess);
        await using var scope = app.Services.As(viewer.Principal);
        var exports = scope.ServiceProvider.GetRequiredService<ExportService>();

        var list = await exports.ListAsync(new DownloadQuery(), new PageRequest(), CancellationToken.None);
        var delete = await exports.DeleteAsync(id, CancellationToken.None);

        var row = Assert.Single(list.Value.Items);
        Assert.False(row.CanManage);
        Assert.Equal($"/files/{id}?download=true", row.DownloadUrl);
        Assert.Equal(ErrorCodes.Unauthorized, delete.Error?.Code);
    }
}
