using System.Net;
using ClosedXML.Excel;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.ChannelNumbers;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.IntegrationTests.ChannelNumbers;

/// <summary>
/// Channel numbers in the running app with its job runner: two accounts that cannot reach each other's ports, bindings
/// or service numbers; frozen service numbers; overlapping regions, also from two binds at once; delete while bound;
/// import from a real workbook; exports.
/// </summary>
public sealed class ChannelNumberTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser reviewer = default!;
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;
    private Guid serviceA;
    private Guid serviceA2;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        serviceA = await ServiceNumberAsync(ownerA, "甲服务", "官方");
        serviceA2 = await ServiceNumberAsync(ownerA, "甲服务", "华南");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Guid> ServiceNumberAsync(TestUser owner, string name, string remark, ServiceNumberState state = ServiceNumberState.Active)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        var now = DateTime.UtcNow;
        var number = new ServiceNumber
        {
            AccountId = owner.AccountId!.Value, Name = name, Remark = remark, Abstract = "摘要", State = state, ApproveState = ApproveState.Approved,
            SubmittedAt = now, CreatedAt = now, UpdatedAt = now,
        };
        db.ServiceNumbers.Add(number);
        await db.SaveChangesAsync();
        return number.Id;
    }

    private async Task<T> AsAsync<T>(TestUser user, Func<ChannelNumberService, Task<T>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<ChannelNumberService>());
    }

    private static ChannelNumberForm Form(string number, ChannelNumberType type = ChannelNumberType.Normal, params string[] signatures) =>
        new() { Type = type, Number = number, Signatures = signatures.Length > 0 ? [.. signatures] : ["星河科技", "星河商城"], SignCheck = true };

    private async Task<Guid> ApprovedPortAsync(TestUser owner, string number)
    {
        var id = TestData.Ok(await AsAsync(owner, s => s.RegisterAsync(Form(number), [], CancellationToken.None)));
        await app.Services.DecideAsync(reviewer, ChannelNumberReviewSource.KindName, id, approve: true);
        return id;
    }

    private async Task<int> VersionAsync(TestUser owner, Guid port) => TestData.Ok(await AsAsync(owner, s => s.GetAsync(port, CancellationToken.None))).Version;

    private async Task<Result<Guid>> BindAsync(TestUser owner, Guid port, Guid serviceNumber, string province, params string[] cities) =>
        await AsAsync(owner, async s => await s.BindAsync(new ChannelBindingForm
        {
            ChannelNumberId = port, Version = await VersionAsync(owner, port), ServiceNumberId = serviceNumber, ProvinceCode = province, CityCodes = cities,
            Signatures = ["星河科技"],
        }, CancellationToken.None));

    private async Task<KooMessageDb> SystemDbAsync() => await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    [Fact]
    public async Task Register_ApprovedByReviewer_BindableWithMerchantNameAndAudited()
    {
        var port = TestData.Ok(await AsAsync(ownerA, s => s.RegisterAsync(Form("106900001234"), [], CancellationToken.None)));
        var early = await BindAsync(ownerA, port, serviceA, "44");
        await app.Services.DecideAsync(reviewer, ChannelNumberReviewSource.KindName, port, approve: true);

        var bound = await BindAsync(ownerA, port, serviceA, "44", "4403");

        Assert.Equal(ErrorCodes.PreconditionFailed, early.Error?.Code);
        Assert.True(bound.IsSuccess);
        var row = Assert.Single(TestData.Ok(await AsAsync(ownerA, s => s.ListBindingsAsync(new ChannelBindingQuery(), new PageRequest(), CancellationToken.None))).Items);
        Assert.Equal(("106900001234", "甲服务（官方）", "44:4403", "甲公司"), (row.Number, row.ServiceNumber, row.Region, row.MerchantName));
        Assert.Equal(["星河科技"], row.Signatures);
        await using var db = await SystemDbAsync();
        Assert.Equal(ReviewTicketState.Decided, (await db.ReviewTickets.SingleAsync(t => t.ItemId == port)).State);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ObjectType == ChannelNumbersModule.BindingAuditType && e.ObjectId == bound.Value.ToString()));
    }

    [Fact]
    public async Task OwnerB_PortAndBindingOfAccountA_NotFoundAndCannotBindToAsServiceNumber()
    {
        var portA = await ApprovedPortAsync(ownerA, "106900001111");
        var bindingA = TestData.Ok(await BindAsync(ownerA, portA, serviceA, "0"));
        var portB = await ApprovedPortAsync(ownerB, "106900002222");

        var read = await AsAsync(ownerB, s => s.GetAsync(portA, CancellationToken.None));
        var options = await AsAsync(ownerB, s => s.BindOptionsAsync(portA, CancellationToken.None));
        var unbind = await AsAsync(ownerB, s => s.UnbindAsync(bindingA, CancellationToken.None));
        var delete = await AsAsync(ownerB, s => s.DeleteAsync(portA, 1, CancellationToken.None));
        var bindToA = await BindAsync(ownerB, portB, serviceA, "11");
        var lists = await AsAsync(ownerB, async s => (
            TestData.Ok(await s.ListPortsAsync(new ChannelPortQuery(), new PageRequest(), CancellationToken.None)).Items,
            TestData.Ok(await s.ListBindingsAsync(new ChannelBindingQuery(), new PageRequest(), CancellationToken.None)).Items));

        Assert.Equal(ErrorCodes.NotFound, read.Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, options.Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, unbind.Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, delete.Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, bindToA.Error?.Code);
        Assert.Equal(nameof(ChannelBindingForm.ServiceNumberId), Assert.Single(bindToA.Error!.Fields).Field);
        Assert.Equal("106900002222", Assert.Single(lists.Item1).Number);
        Assert.Empty(lists.Item2);
        await using var db = await SystemDbAsync();
        Assert.Equal(1, await db.ChannelBindings.CountAsync());
    }

    [Fact]
    public async Task Bind_ServiceNumberFrozen_RefusedAndUnbindRefusedToo()
    {
        var port = await ApprovedPortAsync(ownerA, "106900003333");
        var binding = TestData.Ok(await BindAsync(ownerA, port, serviceA2, "44"));
        var frozen = await ServiceNumberAsync(ownerA, "甲服务", "冻结", ServiceNumberState.Frozen);
        await using (var db = await SystemDbAsync())
        {
            await db.ServiceNumbers.Where(s => s.Id == serviceA2).ExecuteUpdateAsync(set => set.SetProperty(s => s.State, ServiceNumberState.Frozen));
        }

        var bind = await BindAsync(ownerA, port, frozen, "11");
        var unbind = await AsAsync(ownerA, s => s.UnbindAsync(binding, CancellationToken.None));
        var offered = TestData.Ok(await AsAsync(ownerA, s => s.BindOptionsAsync(port, CancellationToken.None))).ServiceNumbers;

        Assert.Equal(ErrorCodes.PreconditionFailed, bind.Error?.Code);
        Assert.Contains("甲服务（冻结）", bind.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.PreconditionFailed, unbind.Error?.Code);
        Assert.Equal([serviceA], offered.Select(s => s.Id));
        await using var after = await SystemDbAsync();
        Assert.Equal(binding, (await after.ChannelBindings.SingleAsync()).Id);
    }

    [Fact]
    public async Task Bind_OverlappingRegions_RefusedNamingTheBindingAtTheRegion()
    {
        var port = await ApprovedPortAsync(ownerA, "106900004444");
        TestData.Ok(await BindAsync(ownerA, port, serviceA, "44", "4403"));

        var wholeProvince = await BindAsync(ownerA, port, serviceA2, "44");
        var nationwide = await BindAsync(ownerA, port, serviceA2, "0");
        var sameCity = await BindAsync(ownerA, port, serviceA2, "44", "4401", "4403");
        var guangzhou = await BindAsync(ownerA, port, serviceA2, "44", "4401");
        var beijing = await BindAsync(ownerA, port, serviceA, "11");

        foreach (var refused in new[] { wholeProvince, nationwide, sameCity })
        {
            Assert.Equal(ErrorCodes.Conflict, refused.Error?.Code);
            var field = Assert.Single(refused.Error!.Fields);
            Assert.Equal(ChannelNumberService.RegionField, field.Field);
            Assert.Contains("甲服务（官方）", field.Message, StringComparison.Ordinal);
            Assert.Contains("广东省 › 深圳市", field.Message, StringComparison.Ordinal);
        }

        Assert.True(guangzhou.IsSuccess);
        Assert.True(beijing.IsSuccess);
        await using var db = await SystemDbAsync();
        Assert.Equal(["11", "44:4401", "44:4403"], (await db.ChannelBindings.Select(b => b.Region).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bind_TwoTabsAtOnceWithOverlappingRegions_ExactlyOneWins()
    {
        for (var round = 0; round < 5; round++)
        {
            var port = await ApprovedPortAsync(ownerA, $"10690000500{round}");
            var version = await VersionAsync(ownerA, port);
            ChannelBindingForm Tab(Guid serviceNumber, string province, params string[] cities) => new()
            {
                ChannelNumberId = port, Version = version, ServiceNumberId = serviceNumber, ProvinceCode = province, CityCodes = cities, Signatures = ["星河商城"],
            };

            var results = await Task.WhenAll(
                AsAsync(ownerA, s => s.BindAsync(Tab(serviceA, "44"), CancellationToken.None)),
                AsAsync(ownerA, s => s.BindAsync(Tab(serviceA2, "44", "4403"), CancellationToken.None)));

            Assert.Single(results, r => r.IsSuccess);
            Assert.Equal(ErrorCodes.Conflict, Assert.Single(results, r => !r.IsSuccess).Error?.Code);
            await using var db = await SystemDbAsync();
            Assert.Equal(1, await db.ChannelBindings.CountAsync(b => b.ChannelNumberId == port));
        }
    }

    [Fact]
    public async Task Delete_WhileBound_RefusedThenAfterUnbindDeletedWithItsProofs()
    {
        using var image = new Image<Rgba32>(40, 30);
        await using var bmp = new MemoryStream();
        await image.SaveAsBmpAsync(bmp);
        var proof = await app.Services.StageAsync("授权书.bmp", bmp.ToArray());
        var port = TestData.Ok(await AsAsync(ownerA, s => s.RegisterAsync(Form("106900006666"), [proof], CancellationToken.None)));
        await app.Services.DecideAsync(reviewer, ChannelNumberReviewSource.KindName, port, approve: true);
        var binding = TestData.Ok(await BindAsync(ownerA, port, serviceA, "0"));
        var version = await VersionAsync(ownerA, port);

        var whileBound = await AsAsync(ownerA, s => s.DeleteAsync(port, version, CancellationToken.None));
        TestData.Ok(await AsAsync(ownerA, s => s.UnbindAsync(binding, CancellationToken.None)));
        var stale = await AsAsync(ownerA, s => s.DeleteAsync(port, version - 1, CancellationToken.None));
        var deleted = await AsAsync(ownerA, s => s.DeleteAsync(port, version, CancellationToken.None));

        Assert.Equal(ErrorCodes.PreconditionFailed, whileBound.Error?.Code);
        Assert.Contains("106900006666", whileBound.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        Assert.True(deleted.IsSuccess);
        await using var db = await SystemDbAsync();
        Assert.False(await db.ChannelNumbers.AnyAsync());
        Assert.False(await db.StoredFiles.AnyAsync(f => f.Id == proof.Id));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ObjectType == ChannelNumbersModule.BindingAuditType && e.Action == "delete"));
    }

    [Fact]
    public async Task Register_ProofsByTheirBytes_BmpKeptFakeRefusedDuplicateNumberRefused()
    {
        using var image = new Image<Rgba32>(20, 20);
        await using var bmp = new MemoryStream();
        await image.SaveAsBmpAsync(bmp);
        var real = await app.Services.StageAsync("proof.png", bmp.ToArray());
        var fake = await app.Services.StageAsync("fake.bmp", "BM this is not a bitmap"u8.ToArray());

        var refused = await AsAsync(ownerA, s => s.RegisterAsync(Form("106900007777"), [fake], CancellationToken.None));
        var kept = await AsAsync(ownerA, s => s.RegisterAsync(Form("106900007777"), [real], CancellationToken.None));
        var again = await AsAsync(ownerA, s => s.RegisterAsync(Form("１０６９００００７７７７"), [], CancellationToken.None));
        var otherAccount = await AsAsync(ownerB, s => s.RegisterAsync(Form("106900007777"), [], CancellationToken.None));

        Assert.Equal(ChannelNumberService.ProofsField, Assert.Single(refused.Error!.Fields).Field);
        Assert.True(kept.IsSuccess);
        Assert.Equal(nameof(ChannelNumberForm.Number), Assert.Single(again.Error!.Fields).Field);
        Assert.True(otherAccount.IsSuccess);
        var detail = TestData.Ok(await AsAsync(ownerA, s => s.GetAsync(kept.Value, CancellationToken.None)));
        Assert.Equal("image/bmp", Assert.Single(detail.Proofs).ContentType);
        fake.Dispose();
    }

    [Fact]
    public async Task Register_SuffixWithoutSignCheck_RefusedByTheServiceToo()
    {
        var form = Form("12345", ChannelNumberType.Suffix);
        form.SignCheck = false;

        var result = await AsAsync(ownerA, s => s.RegisterAsync(form, [], CancellationToken.None));

        Assert.Equal(nameof(ChannelNumberForm.SignCheck), Assert.Single(result.Error!.Fields).Field);
    }

    private static byte[] ImportWorkbook()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("ports");
        string[][] rows =
        [
            ["通道号类型", "通道号", "签名", "是否校验签名"],
            ["1", "106900008001", "星河科技；星河商城", "1"],
            ["后缀号段", "54321", "星河", "是"],
            ["2", "106900008002", "星河", "0"],
            ["1", "106900008001", "星河", "0"],
            ["1", "106900009999", "星河", "0"],
            ["3", "10690", "星", "1"],
        ];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                sheet.Cell(r + 1, c + 1).SetValue(rows[r][c]);
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task Import_RealWorkbook_DryRunJudgesEveryRowThenTheJobAddsTheValidOnesInReview()
    {
        TestData.Ok(await AsAsync(ownerA, s => s.RegisterAsync(Form("106900009999"), [], CancellationToken.None)));
        await using var scope = app.Services.As(ownerA.Principal);
        var import = scope.ServiceProvider.GetRequiredService<ChannelImportService>();

        var plan = TestData.Ok(await import.DryRunAsync("ports.xlsx", new MemoryStream(ImportWorkbook()), CancellationToken.None));
        var jobId = TestData.Ok(await import.CommitAsync(plan.Stage, CancellationToken.None));
        var job = await app.Services.WaitForEndAsync(jobId);
        var progress = TestData.Ok(await import.ProgressAsync(jobId, CancellationToken.None));

        Assert.Equal((6, 2, 4), (plan.Rows, plan.Valid, plan.Invalid));
        Assert.Equal([4, 5, 6, 7], plan.FirstProblems.Select(p => p.Row));
        Assert.Contains("row 2", plan.FirstProblems[1].Message, StringComparison.Ordinal);
        Assert.Contains("106900009999", plan.FirstProblems[2].Message, StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, progress!.Imported);
        var report = TestData.Ok(await import.ReportAsync(plan.Stage, CancellationToken.None));
        Assert.Equal(7, (await File.ReadAllLinesAsync(report!.Value.Path)).Length);
        await using var db = await SystemDbAsync();
        var imported = await db.ChannelNumbers.Where(c => c.ImportJobId == jobId).OrderBy(c => c.Number).ToListAsync();
        Assert.Equal(["106900008001", "54321"], imported.Select(c => c.Number));
        Assert.All(imported, c => Assert.Equal(ApproveState.Reviewing, c.ApproveState));
        Assert.Equal(ChannelNumberType.Suffix, imported[1].Type);
        Assert.Equal(2, await db.ReviewTickets.CountAsync(t => t.Kind == ChannelNumberReviewSource.KindName && imported.Select(c => c.Id).Contains(t.ItemId)));
        Assert.False(File.Exists(ChannelImportService.RowsPath(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConsoleOptions>>().Value, ownerA.AccountId!.Value, plan.Stage)));
    }

    [Fact]
    public async Task ImportTemplate_OverHttp_WorkbookWithHeaderAndExample()
    {
        using var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(ownerA.UserName, TestData.Password);

        using var response = await client.GetAsync(ChannelNumbersModule.ImportTemplateRoute);
        using var book = new XLWorkbook(await response.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("通道号类型", book.Worksheet(1).Cell(1, 1).GetString());
        Assert.Equal("106912340001", book.Worksheet(1).Cell(2, 2).GetString());
    }

    private async Task<XLWorkbook> ExportAsync(TestUser user, string source, string parameters)
    {
        await using var scope = app.Services.As(user.Principal);
        var fields = scope.ServiceProvider.GetRequiredService<IEnumerable<Common.Exports.IExportSource>>().Single(s => s.Key == source).Fields.Select(f => f.Key).ToList();
        var id = TestData.Ok(await scope.ServiceProvider.GetRequiredService<ExportService>().RequestAsync(new ExportRequest(source, parameters, fields, "export"), CancellationToken.None));
        var job = await app.Services.WaitForEndAsync(id);
        Assert.Equal(JobState.Succeeded, job.State);
        using var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(user.UserName, TestData.Password);
        return new XLWorkbook(await client.GetStreamAsync($"/files/{job.ResultFileId}?download=true"));
    }

    [Fact]
    public async Task Export_BothListModes_OwnRowsWithRegionsInWords()
    {
        var port = await ApprovedPortAsync(ownerA, "106900001010");
        TestData.Ok(await AsAsync(ownerA, s => s.RegisterAsync(Form("106900002020", ChannelNumberType.Normal, "另一个"), [], CancellationToken.None)));
        TestData.Ok(await BindAsync(ownerA, port, serviceA, "44", "4401", "4403"));
        await ApprovedPortAsync(ownerB, "106900003030");

        using var bound = await ExportAsync(ownerA, ChannelPortExportSource.SourceKey, ChannelPortExportSource.Parameters(new ChannelPortQuery(Bound: true), null));
        using var bySignature = await ExportAsync(ownerA, ChannelPortExportSource.SourceKey, ChannelPortExportSource.Parameters(new ChannelPortQuery(), "另一"));
        using var bindings = await ExportAsync(ownerA, ChannelBindingExportSource.SourceKey, ChannelBindingExportSource.Parameters(new ChannelBindingQuery(serviceA), "甲服务（官方）", null));

        var ports = bound.Worksheet(1);
        Assert.Equal(("106900001010", "Normal", "星河科技, 星河商城", "Approved", "Bound"),
            (ports.Cell(2, 1).GetString(), ports.Cell(2, 2).GetString(), ports.Cell(2, 3).GetString(), ports.Cell(2, 5).GetString(), ports.Cell(2, 6).GetString()));
        Assert.True(ports.Cell(3, 1).IsEmpty());
        Assert.Equal("106900002020", bySignature.Worksheet(1).Cell(2, 1).GetString());
        Assert.True(bySignature.Worksheet(1).Cell(3, 1).IsEmpty());
        var b = bindings.Worksheet(1);
        Assert.Equal(("106900001010", "甲服务（官方）", "广东省 › 广州市, 深圳市", "星河科技", "甲公司"),
            (b.Cell(2, 1).GetString(), b.Cell(2, 3).GetString(), b.Cell(2, 4).GetString(), b.Cell(2, 5).GetString(), b.Cell(2, 6).GetString()));
        Assert.True(b.Cell(3, 1).IsEmpty());
    }
}
