using System.Net;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.IntegrationTests.ShortLinks;

/// <summary>个性化 links from a file, with the app's own job runner: one link per valid row, once, in its own account only.</summary>
public sealed class BulkLinkTests : IAsyncLifetime
{
    private const int ValidRows = 2_500;

    private readonly ConsoleFactory app = new();
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;
    private string tplId = "";

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        (tplId, _) = await app.Services.ApprovedTemplateAsync(ownerA.AccountId!.Value);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static byte[] FileWithBadRows() =>
        ShortLinkData.BulkCsv(ValidRows, "abc,甲,1,", "13000000000,重复,1,", "13999999999,,1,");

    [Fact]
    public async Task Generate_FileWithBadRows_TheJobMakesOneIndividualLinkPerValidRow()
    {
        var plan = TestData.Ok(await app.Services.DryRunBulkAsync(ownerA, tplId, FileWithBadRows()));
        Assert.Equal((ValidRows + 3, ValidRows, 3), (plan.Rows, plan.Valid, plan.Invalid));

        var created = TestData.Ok(await app.Services.GenerateBulkAsync(ownerA, ShortLinkData.BulkForm(tplId), plan.Stage));
        var job = await app.Services.WaitForEndAsync(created.Id);

        Assert.Equal((JobState.Succeeded, ValidRows, (long?)ValidRows), (job.State, job.Done, job.ResultRows));
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(ownerA.AccountId!.Value, "test", CancellationToken.None);
        var task = await db.ResolveTasks.SingleAsync();
        var links = await db.ShortLinks.AsNoTracking().ToListAsync();
        Assert.Equal(ValidRows, links.Count);
        Assert.Equal(ValidRows, links.Select(k => k.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(links, k => Assert.Equal((1, task.ExpiresAt, task.Id), (k.MaxResolves, k.ExpiresAt, k.TaskId)));
        Assert.Equal(task.CreatedAt.AddDays(7), task.ExpiresAt);
        var first = links.Single(k => k.CustFlag == "13000000000");
        Assert.Equal(MobileNumbers.Sha1Of("8613000000000"), first.NumberHash);
        Assert.Contains("客户0", first.Values, StringComparison.Ordinal);
        Assert.DoesNotContain(links, k => k.CustFlag == "13999999999");
        Assert.False(File.Exists(BulkLinkService.RowsPath(Options, ownerA.AccountId!.Value, plan.Stage)));
    }

    [Fact]
    public async Task Report_OwnDryRun_HasEveryRowWithItsError_AnotherAccountGetsNotFound()
    {
        using var _ = CultureScope.Use("zh-CN");
        var plan = TestData.Ok(await app.Services.DryRunBulkAsync(ownerA, tplId, FileWithBadRows()));

        using var own = await GetAsync("owner-a", ShortLinksModule.BulkReportOf(plan.Stage));
        using var other = await GetAsync("owner-b", ShortLinksModule.BulkReportOf(plan.Stage));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var lines = (await own.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ValidRows + 4, lines.Length);
        Assert.EndsWith(",错误", lines[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.EndsWith(",", lines[1].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.EndsWith("与第 2 行的手机号重复。", lines[^2].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task AnotherAccount_CannotGenerateFromTheStageOrSeeTheProgress()
    {
        var plan = TestData.Ok(await app.Services.DryRunBulkAsync(ownerA, tplId, FileWithBadRows()));
        var created = TestData.Ok(await app.Services.GenerateBulkAsync(ownerA, ShortLinkData.BulkForm(tplId), plan.Stage));
        await app.Services.WaitForEndAsync(created.Id);
        var secondPlan = TestData.Ok(await app.Services.DryRunBulkAsync(ownerA, tplId, FileWithBadRows()));
        var (tplOfB, _) = await app.Services.ApprovedTemplateAsync(ownerB.AccountId!.Value, "600000002");

        var stolen = await app.Services.GenerateBulkAsync(ownerB, ShortLinkData.BulkForm(tplOfB), secondPlan.Stage);
        await using var scope = app.Services.As(ownerB.Principal);
        var progress = await scope.ServiceProvider.GetRequiredService<BulkLinkService>().ProgressAsync(created.Id, CancellationToken.None);

        Assert.Equal(BulkLinkService.FileField, Assert.Single(stolen.Error!.Fields).Field);
        Assert.Null(TestData.Ok(progress));
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(ownerB.AccountId!.Value, "test", CancellationToken.None);
        Assert.Empty(await db.ShortLinks.ToListAsync());
        Assert.Empty(await db.ResolveTasks.ToListAsync());
    }

    [Fact]
    public async Task Rerun_AfterAPartOrAllWasSaved_GeneratesOnlyTheMissingRows()
    {
        var accountId = ownerA.AccountId!.Value;
        var plan = TestData.Ok(await app.Services.DryRunBulkAsync(ownerA, tplId, FileWithBadRows()));
        var rowsPath = BulkLinkService.RowsPath(Options, accountId, plan.Stage);
        var staged = await File.ReadAllBytesAsync(rowsPath);
        var created = TestData.Ok(await app.Services.GenerateBulkAsync(ownerA, ShortLinkData.BulkForm(tplId), plan.Stage));
        await app.Services.WaitForEndAsync(created.Id);

        // A process that died after the first two batches: the last 500 rows' links were never saved, the stage is still there.
        var lost = Enumerable.Range(2_000, 500).Select(i => (13_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Dictionary<string, string> kept;
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test", CancellationToken.None))
        {
            await db.ShortLinks.Where(k => lost.Contains(k.CustFlag)).ExecuteDeleteAsync();
            kept = await db.ShortLinks.ToDictionaryAsync(k => k.CustFlag, k => k.Code);
        }

        await File.WriteAllBytesAsync(rowsPath, staged);
        await RerunAsync(created.Id);
        await RerunAsync(created.Id);

        await using var after = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test", CancellationToken.None);
        var links = await after.ShortLinks.AsNoTracking().ToListAsync();
        Assert.Equal(ValidRows, links.Count);
        Assert.Equal(ValidRows, links.Select(k => k.CustFlag).Distinct().Count());
        Assert.All(kept, k => Assert.Equal(k.Value, links.Single(l => l.CustFlag == k.Key).Code));
    }

    private ConsoleOptions Options => app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value;

    /// <summary>Runs the job again as the runner would after a lost lease or a retry: failed, then retried.</summary>
    private async Task RerunAsync(Guid jobId)
    {
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None))
        {
            await db.Set<Job>().Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Failed));
            Assert.True(await app.Services.GetRequiredService<JobQueue>().RetryAsync(db, jobId, CancellationToken.None));
        }

        var job = await app.Services.WaitForEndAsync(jobId);
        Assert.Equal(JobState.Succeeded, job.State);
    }

    private async Task<HttpResponseMessage> GetAsync(string user, string path)
    {
        using var client = app.CreateBrowserlikeClient();
        using var signedIn = await client.SignInAsync(user, TestData.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return await client.GetAsync(path);
    }
}
