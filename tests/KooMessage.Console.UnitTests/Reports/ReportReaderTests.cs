using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Reports;
using KooMessage.Console.Features.ServiceMenus;
using KooMessage.Console.Tests;
using KooMessage.Console.UnitTests.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static KooMessage.Console.Tests.ReportData;

namespace KooMessage.Console.UnitTests.Reports;

/// <summary>The reports on real SQLite over rollup rows with known numbers: windows, months, series that add up to the table, vendors, the funnel's drops, menu clicks, isolation, exports.</summary>
public sealed class ReportReaderTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private TestConsole app = default!;
    private TestUser owner = default!;
    private TestUser viewer = default!;
    private TestUser other = default!;
    private Guid serviceNumber;
    private string balanceKey = "";

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        viewer = await app.Services.CreateUserAsync(owner, "viewer", Roles.ReadOnlyAccess);
        other = await app.Services.CreateAccountAsync(admin, "云帆科技有限公司", "other");
        var account = owner.AccountId!.Value;
        await app.Services.ApprovedTemplateAsync(account, "600000001");
        serviceNumber = await app.Services.ServiceNumberAsync(account, "星河出行");
        var menu = MenuData.Menu();
        balanceKey = menu.Items[0].Children[0].Key;
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None))
        {
            db.MenuVersions.Add(new MenuVersion
            {
                AccountId = account, ServiceNumberId = serviceNumber, Number = 1, State = MenuVersionState.Live, MenuJson = MenuVersion.Serialize(menu),
                SubmittedBy = "owner", CreatedAt = Now, UpdatedAt = Now,
            });
            await db.SaveChangesAsync();
        }

        await app.Services.AddRollupsAsync(account,
        [
            Day(account, "2026-10-30", 10, 10, 9, 8, 5),
            Day(account, "2026-10-31", 20, 19, 18, 15, 10),
            Day(account, "2026-11-01", 30, 30, 28, 25, 20),
            Day(account, "2026-11-03", 40, 40, 39, 30, 25),
            Template(account, "2026-11-01", "600000001", "HUAWEI", 100, 80, 60, 50, 20, 15),
            Template(account, "2026-11-02", "600000001", "HUAWEI", 50, 40, 30, 25, 10, 8),
            Template(account, "2026-11-01", "600000001", "XIAOMI", 40, 20, 10, 10, 5, 5),
            Template(account, "2026-11-02", "600000001", "", 10, 5, 0, 0, 0, 0),
            Template(account, "2026-11-02", "600000002", "OPPO", 0, 0, 0, 0, 0, 0),
            Menu(account, "2026-11-01", serviceNumber.ToString(), balanceKey, 7, 0, 5),
            Menu(account, "2026-11-02", serviceNumber.ToString(), balanceKey, 3, 0, 3),
            Menu(account, "2026-11-02", serviceNumber.ToString(), menu.Items[0].Key, 0, 4, 4),
        ]);
        var otherAccount = other.AccountId!.Value;
        await app.Services.AddRollupsAsync(otherAccount,
        [
            Day(otherAccount, "2026-11-01", 999, 999, 999, 999, 999),
            Template(otherAccount, "2026-11-01", "600000001", "HUAWEI", 999, 999, 999, 999, 999, 999),
            Menu(otherAccount, "2026-11-01", serviceNumber.ToString(), balanceKey, 999, 999, 999),
        ]);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Result<T>> ReadAsync<T>(TestUser user, Func<ReportReader, Task<Result<T>>> read)
    {
        await using var scope = app.Services.As(user.Principal);
        return await read(scope.ServiceProvider.GetRequiredService<ReportReader>());
    }

    private static DateOnly D(string day) => DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Send_ByDay_NewestFirstWithZeroDaysInTheChartAndTotals()
    {
        var view = TestData.Ok(await ReadAsync(viewer, r => r.SendAsync(new SendReportQuery(D("2026-10-31"), D("2026-11-03")), new PageRequest(), CancellationToken.None)));

        Assert.Equal(["2026-11-03", "2026-11-01", "2026-10-31"], view.Rows.Items.Select(r => r.Period));
        Assert.Equal(["2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03"], view.Labels);
        Assert.Equal([19L, 30, 0, 40], view.Series[0].Values);
        Assert.Equal(new SendReportRow("", 90, 89, 85, 70, 55), view.Totals);
    }

    [Fact]
    public async Task Send_ByMonth_SumsTheDaysOfEachMonthInRange()
    {
        var view = TestData.Ok(await ReadAsync(owner, r => r.SendAsync(new SendReportQuery(D("2026-10-30"), D("2026-11-29"), ReportPeriod.Month), new PageRequest(), CancellationToken.None)));

        Assert.Equal([new SendReportRow("2026-11", 70, 70, 67, 55, 45), new SendReportRow("2026-10", 30, 29, 27, 23, 15)], view.Rows.Items);
        Assert.Equal(["2026-10", "2026-11"], view.Labels);
        Assert.Equal([29L, 70], view.Series[0].Values);
    }

    [Theory]
    [InlineData("2026-09-01", "2026-11-29", null)]
    [InlineData("2026-08-31", "2026-11-28", null)]
    [InlineData("2026-08-31", "2026-11-29", "To")]
    [InlineData("2026-11-02", "2026-11-01", "To")]
    public async Task Templates_WindowOf90Days_IsEnforcedAtTheEndDate(string from, string to, string? field)
    {
        var result = await ReadAsync(owner, r => r.TemplatesAsync(new TemplateReportQuery(D(from), D(to)), new PageRequest(), CancellationToken.None));

        Assert.Equal(field, result.Error?.Fields.Single().Field);
        if (field is not null)
        {
            Assert.Equal(ErrorCodes.InvalidParameter, result.Error!.Code);
        }
    }

    [Fact]
    public async Task Templates_TooLongOrMissingRange_SaysWhatToDo()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var tooLong = await ReadAsync(owner, r => r.TemplatesAsync(new TemplateReportQuery(D("2026-01-01"), D("2026-11-01")), new PageRequest(), CancellationToken.None));
        var missing = await ReadAsync(owner, r => r.TemplatesAsync(new TemplateReportQuery(null, D("2026-11-01")), new PageRequest(), CancellationToken.None));
        var year = await ReadAsync(owner, r => r.SendAsync(new SendReportQuery(D("2025-11-01"), D("2026-11-02")), new PageRequest(), CancellationToken.None));

        Assert.Equal("一次最多查询 90 天，请缩短时间范围。", tooLong.Error!.Message);
        Assert.Equal("From", missing.Error!.Fields.Single().Field);
        Assert.Equal("一次最多查询 366 天，请缩短时间范围。", year.Error!.Message);
    }

    [Fact]
    public async Task Templates_RowsPerTemplateAndVendor_AddUpToTheChartAndTotals()
    {
        var view = TestData.Ok(await ReadAsync(owner, r => r.TemplatesAsync(new TemplateReportQuery(D("2026-11-01"), D("2026-11-02")), new PageRequest(), CancellationToken.None)));

        Assert.Equal([("600000001", "春季新品推广", ""), ("600000001", "春季新品推广", "HUAWEI"), ("600000001", "春季新品推广", "XIAOMI"), ("600000002", "", "OPPO")],
            view.Rows.Items.Select(r => (r.TplId, r.TplName, r.Vendor)));
        var huawei = view.Rows.Items[1];
        Assert.Equal((120L, 90L, 75L, 30L, 23L), (huawei.Resolves, huawei.ExposurePv, huawei.ExposureUv, huawei.ClickPv, huawei.ClickUv));
        Assert.Equal(view.Rows.Items.Sum(r => r.ExposurePv), view.Series.Single(s => s.Key == "Reports.ExposurePv").Values.Sum());
        Assert.Equal(view.Rows.Items.Sum(r => r.ClickPv), view.Series.Single(s => s.Key == "Reports.ClickPv").Values.Sum());
        Assert.Equal(view.Rows.Items.Sum(r => r.Resolves), view.Series.Single(s => s.Key == "Reports.Resolves").Values.Sum());
        Assert.Equal((145L, 100L, 85L), (view.Totals.Resolves, view.Totals.ExposurePv, view.Totals.ExposureUv));
    }

    [Fact]
    public async Task Templates_VendorFilter_NarrowsRowsAndChartAlike()
    {
        var huawei = TestData.Ok(await ReadAsync(owner, r => r.TemplatesAsync(new TemplateReportQuery(D("2026-11-01"), D("2026-11-02"), "600000001", "HUAWEI"), new PageRequest(), CancellationToken.None)));
        var unknown = TestData.Ok(await ReadAsync(owner, r => r.TemplatesAsync(new TemplateReportQuery(D("2026-11-01"), D("2026-11-02"), null, ReportVendors.Unknown), new PageRequest(), CancellationToken.None)));

        Assert.Equal("HUAWEI", Assert.Single(huawei.Rows.Items).Vendor);
        Assert.Equal([60L, 30], huawei.Series.Single(s => s.Key == "Reports.ExposurePv").Values);
        Assert.Equal(5, Assert.Single(unknown.Rows.Items).Resolves);
    }

    [Fact]
    public async Task Funnel_PerTemplateAndVendor_DropsAtEachStep()
    {
        var view = TestData.Ok(await ReadAsync(owner, r => r.FunnelAsync(new FunnelQuery(D("2026-11-01"), D("2026-11-02"), "600000001"), new PageRequest(), CancellationToken.None)));

        var huawei = view.Rows.Items.Single(r => r.Vendor == "HUAWEI");
        Assert.Equal((150L, 120L, 90L, 30L), (huawei.Sends, huawei.Resolves, huawei.Exposures, huawei.Clicks));
        Assert.Equal((0.2, 0.25), (Math.Round(huawei.ResolveDrop!.Value, 4), Math.Round(huawei.ExposureDrop!.Value, 4)));
        Assert.Equal(2d / 3, huawei.ClickDrop!.Value, 6);
        var unknown = view.Rows.Items.Single(r => r.Vendor == "");
        Assert.Equal(1, unknown.ExposureDrop);
        Assert.Null(unknown.ClickDrop);
        Assert.Equal(["HUAWEI", "XIAOMI", ReportVendors.Unknown], view.Series.Select(s => s.Key));
        Assert.Equal([150L, 120, 90, 30], view.Series[0].Values);
        Assert.Equal((200L, 145L), (view.Totals.Sends, view.Totals.Resolves));
    }

    [Fact]
    public async Task Funnel_AVendor_ShowsItsDays()
    {
        var view = TestData.Ok(await ReadAsync(owner, r => r.FunnelAsync(new FunnelQuery(D("2026-11-01"), D("2026-11-03"), "600000001", "HUAWEI"), new PageRequest(), CancellationToken.None)));

        Assert.Equal([("2026-11-02", 50L, 40L), ("2026-11-01", 100L, 80L)], view.Rows.Items.Select(r => (r.Day!, r.Sends, r.Resolves)));
        Assert.All(view.Rows.Items, r => Assert.Equal(("600000001", "春季新品推广", "HUAWEI"), (r.TplId, r.TplName, r.Vendor)));
        Assert.Equal([100L, 50, 0], view.Series[0].Values);
    }

    [Fact]
    public async Task Menus_BilledApartFromFree_NamedFromTheMenuAndNarrowedByName()
    {
        var byDay = TestData.Ok(await ReadAsync(owner, r => r.MenusAsync(new MenuReportQuery(D("2026-11-01"), D("2026-11-02")), new PageRequest(), CancellationToken.None)));
        var byMonth = TestData.Ok(await ReadAsync(owner, r => r.MenusAsync(new MenuReportQuery(D("2026-11-01"), D("2026-11-02"), ReportPeriod.Month, "星河"), new PageRequest(), CancellationToken.None)));
        var none = TestData.Ok(await ReadAsync(owner, r => r.MenusAsync(new MenuReportQuery(D("2026-11-01"), D("2026-11-02"), ReportPeriod.Day, "云帆"), new PageRequest(), CancellationToken.None)));

        Assert.Equal(3, byDay.Rows.Total);
        Assert.Contains(byDay.Rows.Items, r => (r.Period, r.ServiceNumber, r.MenuItem, r.BilledPv, r.FreePv) == ("2026-11-02", "星河出行", "账户服务", 0, 4));
        Assert.Equal([7L, 3], byDay.Series[0].Values);
        Assert.Equal([0L, 4], byDay.Series[1].Values);
        var balance = byMonth.Rows.Items.Single(r => r.MenuItem == "余额查询");
        Assert.Equal(("2026-11", 10L, 8L), (balance.Period, balance.BilledPv, balance.Uv));
        Assert.Equal((10L, 4L, 12L), (byMonth.Totals.BilledPv, byMonth.Totals.FreePv, byMonth.Totals.Uv));
        Assert.Equal(0, none.Rows.Total);
    }

    [Fact]
    public async Task AnotherAccount_SeesNoneOfTheseRows()
    {
        var send = TestData.Ok(await ReadAsync(other, r => r.SendAsync(new SendReportQuery(D("2026-10-30"), D("2026-11-03")), new PageRequest(), CancellationToken.None)));
        var templates = TestData.Ok(await ReadAsync(other, r => r.TemplatesAsync(new TemplateReportQuery(D("2026-11-01"), D("2026-11-02")), new PageRequest(), CancellationToken.None)));
        var mine = TestData.Ok(await ReadAsync(owner, r => r.SendAsync(new SendReportQuery(D("2026-11-01"), D("2026-11-01")), new PageRequest(), CancellationToken.None)));

        Assert.Equal(new SendReportRow("2026-11-01", 999, 999, 999, 999, 999), Assert.Single(send.Rows.Items));
        Assert.Equal(999, Assert.Single(templates.Rows.Items).ExposurePv);
        Assert.Equal(30, Assert.Single(mine.Rows.Items).Submissions);
    }

    [Theory]
    [InlineData("Asia/Shanghai", "2026-11-30")]
    [InlineData("UTC", "2026-11-29")]
    [InlineData("America/Los_Angeles", "2026-11-29")]
    public void Today_IsTheAccountsDay(string zone, string today)
    {
        var at = new DateTime(2026, 11, 29, 17, 0, 0, DateTimeKind.Utc);

        Assert.Equal(D(today), ReportRules.Today(at, zone));
        Assert.Equal((D(today).AddDays(-29), D(today)), ReportRules.DefaultRange(at, zone));
    }

    [Fact]
    public void Periods_CrossMonthsAndYears()
    {
        Assert.Equal(["2025-12", "2026-01"], ReportRules.Periods(D("2025-12-31"), D("2026-01-01"), ReportPeriod.Month));
        Assert.Equal(ReportRules.TemplateMaxDays, ReportRules.Periods(D("2026-09-01"), D("2026-11-29"), ReportPeriod.Day).Count);
    }

    private async Task<Result<Guid>> ExportAsync(TestUser user, ReportKind kind, string parameters)
    {
        await using var scope = app.Services.As(user.Principal);
        var fields = new ReportExportSource(kind).Fields.Select(f => f.Key).ToList();
        return await scope.ServiceProvider.GetRequiredService<ExportService>().RequestAsync(
            new ExportRequest(ReportExportSource.KeyOf(kind), parameters, fields, "报表"), CancellationToken.None);
    }

    private async Task<string> StoredPathAsync(Guid exportId)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var export = await db.Exports.SingleAsync(e => e.Id == exportId);
        var file = await db.StoredFiles.SingleAsync(f => f.Id == export.FileId);
        return Path.Combine(app.Services.FilesFolder(), file.StoragePath);
    }

    [Fact]
    public async Task Export_TemplateReportAndFunnel_OpenWithTheTablesRowsAndConditions()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var query = new TemplateReportQuery(D("2026-11-01"), D("2026-11-02"), "600000001", "HUAWEI");
        var templates = TestData.Ok(await ExportAsync(viewer, ReportKind.Templates, ReportExportSource.Parameters(query, "春季新品推广（600000001）")));
        var funnel = TestData.Ok(await ExportAsync(viewer, ReportKind.Funnel, ReportExportSource.Parameters(new FunnelQuery(D("2026-11-01"), D("2026-11-02"), "600000001"), null)));

        Assert.Equal(2, await app.Services.RunDueJobsAsync());

        var sheet = (await ExcelJs.ReadAsync(await StoredPathAsync(templates))).Sheet(0);
        Assert.Equal(
            ["模板ID", "智能信息模板", "厂商", "解析量", "曝光次数（PV）", "曝光人数（UV）", "点击次数（PV）", "点击人数（UV）"],
            sheet.GetProperty("rows")[0].GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("value").GetString()));
        Assert.Equal(2, sheet.GetProperty("rowCount").GetInt32());
        Assert.Equal(("String", "600000001"), (sheet.Cell(2, 1).Type(), sheet.Cell(2, 1).GetProperty("value").GetString()));
        Assert.Equal(("Number", 90d), (sheet.Cell(2, 5).Type(), sheet.Cell(2, 5).GetProperty("value").GetDouble()));
        var funnelSheet = (await ExcelJs.ReadAsync(await StoredPathAsync(funnel))).Sheet(0);
        Assert.Equal(4, funnelSheet.GetProperty("rowCount").GetInt32());
        Assert.Equal("未知", funnelSheet.Cell(2, 4).GetProperty("value").GetString());
        Assert.Equal("20.0 %", funnelSheet.Cell(3, 7).GetProperty("value").GetString());

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var conditions = System.Text.Json.JsonSerializer.Deserialize<string[][]>(await db.Exports.Where(e => e.Id == templates).Select(e => e.Conditions).SingleAsync())!;
        Assert.Equal(["2026-11-01 ~ 2026-11-02", "春季新品推广（600000001）", "HUAWEI"], conditions.Select(c => c[1]));
    }

    [Fact]
    public async Task Export_SendAndMenusByMonth_ReadBack()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var send = TestData.Ok(await ExportAsync(owner, ReportKind.Send, ReportExportSource.Parameters(new SendReportQuery(D("2026-10-30"), D("2026-11-29"), ReportPeriod.Month))));
        var menus = TestData.Ok(await ExportAsync(owner, ReportKind.Menus, ReportExportSource.Parameters(new MenuReportQuery(D("2026-11-01"), D("2026-11-02"), ReportPeriod.Month))));

        Assert.Equal(2, await app.Services.RunDueJobsAsync());

        var sendSheet = (await ExcelJs.ReadAsync(await StoredPathAsync(send))).Sheet(0);
        Assert.Equal(3, sendSheet.GetProperty("rowCount").GetInt32());
        Assert.Equal(("2026-11", 70d), (sendSheet.Cell(2, 1).GetProperty("value").GetString(), sendSheet.Cell(2, 2).GetProperty("value").GetDouble()));
        var menuSheet = (await ExcelJs.ReadAsync(await StoredPathAsync(menus))).Sheet(0);
        Assert.Equal(3, menuSheet.GetProperty("rowCount").GetInt32());
        Assert.Equal(["余额查询", "账户服务"], new[] { menuSheet.Cell(2, 3), menuSheet.Cell(3, 3) }.Select(c => c.GetProperty("value").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Export_ARangeOver90Days_IsRefused()
    {
        var result = await ExportAsync(owner, ReportKind.Templates, ReportExportSource.Parameters(new TemplateReportQuery(D("2026-08-01"), D("2026-11-01")), null));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        Assert.Equal(0, await app.Services.RunDueJobsAsync());
    }
}
