using System.Text;
using ClosedXML.Excel;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Capability;

public sealed class CapabilityImportTests
{
    [Fact]
    public async Task DryRunAsync_Csv_ReportsEachRefusedRowAndKeepsTheValidOnes()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var csv = string.Join('\n',
            "number,vendor,capable",
            "13800138000,\"HUAWEI,XIAOMI\",yes",
            "138a0138000,HUAWEI,yes",
            "13900139000,NOKIA,no",
            "+8613800138000,huawei,no",
            "13700137000,OPPO,maybe",
            "13600136000,魅族,否");

        using var _ = CultureScope.Use("zh-CN");
        var plan = (await DryRunAsync(app, admin, "data.csv", Encoding.UTF8.GetBytes(csv))).Value;

        Assert.Equal((6, 2, 3), (plan.Rows, plan.ValidRows, plan.Facts.Count));
        Assert.Equal(
        [
            (3, "号码：号码只能包含数字（可以 + 或 00 开头）。"),
            (4, "未知厂商“NOKIA”。"),
            (5, "与第 2 行的号码和厂商重复。"),
            (6, "capable 须为 yes 或 no，而不是“maybe”。"),
        ], plan.Problems.Select(p => (p.Row, p.Message)));
        Assert.Equal([Vendor.Huawei, Vendor.Xiaomi, Vendor.Meizu], plan.Facts.Select(f => f.Vendor));
    }

    [Fact]
    public async Task DryRunAsync_XlsxWithSha1Column_ReadsIt()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("data");
        sheet.Cell(1, 1).Value = "sha1";
        sheet.Cell(1, 2).Value = "vendor";
        sheet.Cell(1, 3).Value = "capable";
        sheet.Cell(2, 1).Value = MobileNumbers.Sha1Of("8613800138000").ToUpperInvariant();
        sheet.Cell(2, 2).Value = "OPPO";
        sheet.Cell(2, 3).Value = "yes";
        sheet.Cell(3, 1).Value = "not-a-sha1";
        sheet.Cell(3, 2).Value = "OPPO";
        sheet.Cell(3, 3).Value = "yes";
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);

        var plan = (await DryRunAsync(app, admin, "data.xlsx", stream.ToArray())).Value;

        Assert.Equal(1, plan.ValidRows);
        Assert.Equal(3, Assert.Single(plan.Problems).Row);
    }

    [Fact]
    public async Task DryRunAsync_NoHeader_RefusedAtTheFileField()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();

        var result = await DryRunAsync(app, admin, "data.csv", Encoding.UTF8.GetBytes("13800138000,HUAWEI,yes\n"));

        Assert.Equal(CapabilityImportService.FileField, Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task ImportAsync_Job_WritesTheValidRowsThatTheQueryThenFinds()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var tenant = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var rows = Enumerable.Range(0, 12_000).Select(i => $"139{i:D8},VIVO,{(i % 2 == 0 ? "yes" : "no")}");
        var plan = (await DryRunAsync(app, admin, "big.csv", Encoding.UTF8.GetBytes("number,vendor,capable\n" + string.Join('\n', rows)))).Value;

        Guid jobId;
        await using (var scope = app.Services.As(admin.Principal))
        {
            jobId = (await scope.ServiceProvider.GetRequiredService<CapabilityImportService>().ImportAsync(plan, CancellationToken.None)).Value;
        }

        Assert.Equal(1, await app.Services.RunDueJobsAsync());
        var job = await app.Services.JobAsync(jobId);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal((12_000L, 12_000L), (job.Done, job.Total));
        await using var tenantScope = app.Services.As(tenant.Principal);
        var answer = (await tenantScope.ServiceProvider.GetRequiredService<CapabilityService>().CheckAsync(new CapabilityQuery("13900000000,13900000001,13900011998"), CancellationToken.None)).Value;
        Assert.Equal(["13900000000", "13900011998"], answer.Supported.Select(n => n.Number));
        Assert.Equal(CapabilitySource.Imported, answer.Supported[0].Vendors.Single().Source);
    }

    [Fact]
    public async Task DryRunAsync_Tenant_Refused()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var tenant = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");

        var result = await DryRunAsync(app, tenant, "data.csv", Encoding.UTF8.GetBytes("number,vendor,capable\n13800138000,HUAWEI,yes\n"));

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
    }

    private static async Task<Result<ImportPlan>> DryRunAsync(TestConsole app, TestUser user, string name, byte[] content)
    {
        await using var scope = app.Services.As(user.Principal);
        using var stream = new MemoryStream(content);
        return await scope.ServiceProvider.GetRequiredService<CapabilityImportService>().DryRunAsync(name, stream, CancellationToken.None);
    }
}
