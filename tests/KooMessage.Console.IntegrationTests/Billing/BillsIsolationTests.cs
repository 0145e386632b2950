using System.Net;
using ClosedXML.Excel;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Billing;
using KooMessage.Console.Features.Billing.Bills;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Billing;

/// <summary>
/// Bills in the running app: the page per role, another account's bills neither listed nor exported nor downloaded, and
/// a bill export written by the app's runner that opens with the account's rows.
/// </summary>
public sealed class BillsIsolationTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser ownerA = default!;
    private TestUser viewerA = default!;
    private TestUser ownerB = default!;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        viewerA = await app.Services.CreateUserAsync(ownerA, "viewer-a", Roles.ReadOnlyAccess);
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        var account = ownerA.AccountId!.Value;
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None);
        var now = DateTime.UtcNow;
        db.Charges.Add(new Charge
        {
            AccountId = account, Item = BillingItem.Resolve, Mode = UsageMode.OnDemand, UsageFrom = now.AddHours(-3), ChargedAt = now.AddHours(-1),
            Quantity = 1_234, UnitPrice = 100, AmountFen = Money.ChargeFen(1_234, 100),
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<T> AsAsync<T, TService>(TestUser user, Func<TService, Task<T>> act)
        where TService : notnull
    {
        await using var scope = app.Services.As(user.Principal);
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Fact]
    public async Task FlowExport_OpensWithTheRowsAndOnlyTheAccountDownloadsIt()
    {
        var source = new BillFlowExportSource();
        var id = await AsAsync<Result<Guid>, ExportService>(viewerA, s => s.RequestAsync(
            new ExportRequest(source.Key, BillExportSource.Parameters(new BillQuery(), UserTime.DefaultZone), source.Fields.Select(f => f.Key).ToList(), "bills"),
            CancellationToken.None));
        var job = await app.Services.WaitForEndAsync(TestData.Ok(id));
        Assert.Equal(JobState.Succeeded, job.State);
        using var owner = app.CreateBrowserlikeClient();
        await owner.SignInAsync(ownerA.UserName, TestData.Password);
        using var other = app.CreateBrowserlikeClient();
        await other.SignInAsync(ownerB.UserName, TestData.Password);

        using var own = await owner.GetAsync($"/files/{job.ResultFileId}?download=true");
        using var foreign = await other.GetAsync($"/files/{job.ResultFileId}?download=true");
        using var book = new XLWorkbook(await own.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal((1_234d, 12.34d), (book.Worksheet(1).Cell(2, 5).GetDouble(), book.Worksheet(1).Cell(2, 7).GetDouble()));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task OwnerB_AccountABills_NotListedNorInItsExport()
    {
        var flow = TestData.Ok(await AsAsync<Result<BillFlowPage>, BillService>(ownerB, s => s.FlowAsync(new BillQuery(), new PageRequest(), CancellationToken.None)));
        var source = new BillFlowExportSource();
        var id = await AsAsync<Result<Guid>, ExportService>(ownerB, s => s.RequestAsync(
            new ExportRequest(source.Key, BillExportSource.Parameters(new BillQuery(), UserTime.DefaultZone), source.Fields.Select(f => f.Key).ToList(), "bills"),
            CancellationToken.None));
        var job = await app.Services.WaitForEndAsync(TestData.Ok(id));

        Assert.Equal((0, 0L), (flow.Rows.Total, flow.Totals.AmountFen));
        Assert.Equal((JobState.Succeeded, 0L), (job.State, job.Done));
    }

    [Fact]
    public async Task BillsPage_TenantReadersOpenItDevelopmentDoesNot()
    {
        var developer = await app.Services.CreateUserAsync(ownerA, "dev-a", Roles.Development);
        using var viewer = app.CreateBrowserlikeClient();
        await viewer.SignInAsync(viewerA.UserName, TestData.Password);
        using var dev = app.CreateBrowserlikeClient();
        await dev.SignInAsync(developer.UserName, TestData.Password);

        using var viewed = await viewer.GetAsync(BillsModule.Route);
        using var refused = await dev.GetAsync(BillsModule.Route);
        var devSummary = await AsAsync<Result<BillingSummary>, BillService>(developer, s => s.SummaryAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, viewed.StatusCode);
        Assert.StartsWith("/account/access-denied", refused.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.Unauthorized, devSummary.Error?.Code);
    }
}
