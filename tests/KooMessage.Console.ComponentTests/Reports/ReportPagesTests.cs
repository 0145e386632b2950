using System.Globalization;
using Bunit;
using KooMessage.Console.Features.Reports;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static KooMessage.Console.Tests.ReportData;

namespace KooMessage.Console.ComponentTests.Reports;

/// <summary>The report pages over rollups with known numbers: the chart and the table agree, an empty range says what produces data, a bad range is said at its date, a vendor opens its days.</summary>
public sealed class ReportPagesTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var account = owner.AccountId!.Value;
        await Services.ApprovedTemplateAsync(account, "600000001");
        await Services.AddRollupsAsync(account,
        [
            Template(account, "2026-11-01", "600000001", "HUAWEI", 100, 80, 60, 50, 20, 15),
            Template(account, "2026-11-02", "600000001", "HUAWEI", 50, 40, 30, 25, 10, 8),
            Template(account, "2026-11-01", "600000001", "XIAOMI", 40, 20, 10, 10, 5, 5),
            Day(account, "2026-11-01", 30, 30, 28, 25, 20),
            Day(account, "2026-11-02", 40, 40, 39, 30, 25),
        ]);
        SignIn(owner);
    }

    private IRenderedComponent<MudHost> Open<TPage>(string address) where TPage : IComponent
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<MudHost>(p => p.AddChildContent<TPage>());
    }

    private static long Number(string text) => long.Parse(text.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [Fact]
    public void TemplateReport_ChartAndTableAgree()
    {
        var cut = Open<TemplateReportPage>("/reports/templates?from=2026-11-01&to=2026-11-02");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=template-report-grid] tbody tr").Count));
        var chart = cut.FindComponent<MudChart<double>>().Instance;
        Assert.Equal(["2026-11-01", "2026-11-02"], chart.ChartLabels);
        var rows = cut.FindAll("[data-testid=template-report-grid] tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["HUAWEI", "XIAOMI"], rows.Select(r => r[2]));
        var exposures = chart.ChartSeries!.Single(s => s.Name == "曝光次数（PV）");
        Assert.Equal(rows.Sum(r => Number(r[4])), (long)exposures.Data.Values.Sum());
        Assert.Equal([70d, 30d], exposures.Data.Values);
        var totals = cut.FindAll("[data-testid=chart-total]").ToDictionary(t => t.GetAttribute("data-series")!, t => t.TextContent);
        Assert.Equal("曝光次数（PV）：100", totals["Reports.ExposurePv"]);
        Assert.Contains("多日的 UV 为每日 UV 之和", cut.Find("[data-testid=report-intro]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SendReport_EmptyRange_SaysSendTasksProduceDataAndLeadsThere()
    {
        var cut = Open<SendReportPage>("/reports?from=2026-10-01&to=2026-10-31");

        cut.WaitForAssertion(() => Assert.Contains("报表统计发送任务的消息", cut.Find("[data-testid=list-empty]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=report-chart]"));
        cut.Find("[data-testid=empty-action]").Click();
        // bUnit has no router: the page stays rendered and writes its range into the new address; the path is what counts.
        cut.WaitForAssertion(() => Assert.Equal("/aim/send-tasks", new Uri(Services.GetRequiredService<NavigationManager>().Uri).AbsolutePath));
    }

    [Fact]
    public void TemplateReport_EmptyRange_SaysLinksAndVendorsProduceData()
    {
        var cut = Open<TemplateReportPage>("/reports/templates?from=2026-10-01&to=2026-10-31");

        cut.WaitForAssertion(() => Assert.Contains("解析来自用户访问短链", cut.Find("[data-testid=list-empty]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=empty-action]").Click();
        // bUnit has no router: the page stays rendered and writes its range into the new address; the path is what counts.
        cut.WaitForAssertion(() => Assert.Equal("/aim/short-links", new Uri(Services.GetRequiredService<NavigationManager>().Uri).AbsolutePath));
    }

    [Fact]
    public void TemplateReport_ARangeOver90Days_IsSaidAtTheEndDate()
    {
        var cut = Open<TemplateReportPage>("/reports/templates?from=2026-08-01&to=2026-11-02");

        cut.WaitForAssertion(() => Assert.Contains("一次最多查询 90 天", cut.Find(".mud-input-control:has(input[data-testid=range-to]) .mud-input-helper-text").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid=export]").HasAttribute("disabled"));
    }

    [Fact]
    public void SendReport_ByDay_RowsAreTheChartsPoints()
    {
        var cut = Open<SendReportPage>("/reports?from=2026-10-31&to=2026-11-02");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=send-report-grid] tbody tr").Count));
        var chart = cut.FindComponent<MudChart<double>>().Instance;
        var sends = chart.ChartSeries!.Single(s => s.Name == "发送量");
        Assert.Equal([0d, 30d, 40d], sends.Data.Values);
        Assert.Equal(["2026-11-02", "2026-11-01"], cut.FindAll("[data-testid=send-report-grid] tbody tr td:first-child").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public void Funnel_ClickAVendor_ShowsItsDaysAndKeepsThemInTheAddress()
    {
        var cut = Open<FunnelPage>("/reports/funnel?from=2026-11-01&to=2026-11-02");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=vendor-link]").Count));
        var chart = cut.FindComponent<MudChart<double>>().Instance;
        Assert.Equal([150d, 120d, 90d, 30d], chart.ChartSeries!.Single(s => s.Name == "HUAWEI").Data.Values);
        cut.FindAll("[data-testid=vendor-link]").Single(a => a.TextContent.Trim() == "HUAWEI").Click();

        cut.WaitForAssertion(() => Assert.Contains("HUAWEI 每日数据", cut.Find("[data-testid=vendor-days]").TextContent, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal(["2026-11-02", "2026-11-01"], cut.FindAll("[data-testid=funnel-grid] tbody tr td:first-child").Select(td => td.TextContent.Trim())));
        var uri = Services.GetRequiredService<NavigationManager>().Uri;
        Assert.Contains("vendor=HUAWEI", uri, StringComparison.Ordinal);
        Assert.Contains("tpl=600000001", uri, StringComparison.Ordinal);
    }
}
