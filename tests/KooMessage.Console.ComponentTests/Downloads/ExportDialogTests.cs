using Bunit;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.Downloads;

public sealed class ExportDialogTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    private async Task<IRenderedComponent<MudHost>> OpenAsync(SignatureQuery query, string? search)
    {
        SignIn(owner);
        var host = Render<MudHost>();
        var source = Services.GetServices<IExportSource>().Single(s => s.Key == SignatureExportSource.SourceKey);
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ExportDialog>("导出", new DialogParameters<ExportDialog>
        {
            { d => d.Source, source }, { d => d.Parameters, SignatureExportSource.Parameters(query, search) },
        }));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=export-start]")));
        return host;
    }

    [Fact]
    public async Task Open_ShowsTheListsFilterEveryColumnChosenAndANameOnTheAccountsClock()
    {
        var host = await OpenAsync(new SignatureQuery(SignatureStatus.ReviewPassed), "星河");

        var conditions = host.Find("[data-testid=export-conditions]").TextContent;
        Assert.Contains("状态：处理完毕", conditions, StringComparison.Ordinal);
        Assert.Contains("搜索：星河", conditions, StringComparison.Ordinal);
        var columns = host.FindAll(".km-export-fields input[type=checkbox]");
        Assert.Equal(new SignatureExportSource().Fields.Count, columns.Count);
        Assert.All(columns, c => Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)c).IsChecked));
        Assert.StartsWith("签名管理-", host.Find("input[data-testid=export-file-name]").GetAttribute("value"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelectAll_Off_ThenStart_SaysAColumnIsNeededAndQueuesNothing()
    {
        var host = await OpenAsync(new SignatureQuery(), null);

        await host.InvokeAsync(() => host.FindComponent<MudCheckBox<bool?>>().Instance.ValueChanged.InvokeAsync(false));
        host.Find("[data-testid=export-start]").Click();

        host.WaitForAssertion(() => Assert.Contains("请至少选择一个导出字段。", host.Find("[data-testid=export-fields-error]").TextContent, StringComparison.Ordinal));
        await using var db = await Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.False(await db.Set<Job>().AnyAsync());
    }

    [Fact]
    public async Task Start_QueuesTheExportJobAndCloses()
    {
        var host = await OpenAsync(new SignatureQuery(), null);

        host.Find("[data-testid=export-start]").Click();

        host.WaitForAssertion(() => Assert.Empty(host.FindAll("[data-testid=export-dialog]")));
        await using var db = await Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var job = await db.Set<Job>().SingleAsync();
        Assert.Equal(ExportService.JobKind, job.Kind);
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(owner.AccountId, job.AccountId);
    }
}
