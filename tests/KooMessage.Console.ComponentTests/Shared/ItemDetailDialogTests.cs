using Bunit;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Shared;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Resources;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.Shared;

public sealed class ItemDetailDialogTests : ConsoleComponentTest
{
    private TestUser owner = default!;
    private Guid filing;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        var reviewer = await Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        filing = await Services.SubmitFilingAsync(owner);
        await Services.DecideAsync(reviewer, FilingReviewSource.KindName, filing, approve: false, reason: "营业执照照片模糊");
    }

    private async Task<IRenderedComponent<MudHost>> ShowAsync(Func<CancellationToken, Task<Result<ItemDetail>>> load)
    {
        SignIn(owner);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => ItemDetailDialog.ShowAsync(Services.GetRequiredService<IDialogService>(), "备案详情", load));
        return host;
    }

    [Fact]
    public async Task Show_RejectedFiling_StateReasonFieldsAndFileLinksNothingToEdit()
    {
        SignIn(owner);
        var l = Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var me = await Services.GetRequiredService<CurrentUser>().GetAsync();
        var host = await ShowAsync(async ct =>
        {
            await using var scope = Services.As(owner.Principal);
            var loaded = await scope.ServiceProvider.GetRequiredService<EnterpriseService>().GetAsync(filing, ct);
            return FilingDetails.For(loaded.Value, l, me);
        });

        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=detail-field]")));

        Assert.Equal("审核不通过", host.Find("[data-testid=detail-state]").TextContent.Trim());
        Assert.Equal("审核意见：营业执照照片模糊", host.Find("[data-testid=detail-reason]").TextContent.Trim());
        var fields = host.FindAll("[data-testid=detail-field]").Select(f => f.TextContent).ToList();
        Assert.Contains(fields, f => f.Contains("统一社会信用代码", StringComparison.Ordinal) && f.Contains("914403001922038216", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.Contains("企业类型", StringComparison.Ordinal) && f.Contains("有限责任公司", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.Contains("提交时间", StringComparison.Ordinal) && !f.Contains('—', StringComparison.Ordinal));
        var files = host.FindAll("[data-testid=detail-file]");
        Assert.Equal(1 + MaterialCatalog.For(FilingScenarios.Aim).Count(r => r.Required), files.Count);
        Assert.All(files, f => Assert.StartsWith("/files/", f.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal));
        Assert.Empty(host.FindAll("[data-testid=item-detail] input, [data-testid=item-detail] textarea"));
    }

    [Fact]
    public async Task Show_EmptyDraftField_ShownAsADash()
    {
        var host = await ShowAsync(_ => Task.FromResult<Result<ItemDetail>>(
            new ItemDetail("草稿", Color.Default, null, [new("行业分类", null)], [])));

        host.WaitForAssertion(() => Assert.Contains("—", host.Find("[data-testid=detail-field]").TextContent, StringComparison.Ordinal));
        Assert.Empty(host.FindAll("[data-testid=detail-reason]"));
    }

    [Fact]
    public async Task Show_LoadFails_ErrorShownInTheDialog()
    {
        var host = await ShowAsync(_ => Task.FromResult<Result<ItemDetail>>(new KmError(ErrorCodes.NotFound, "备案不存在。")));

        host.WaitForAssertion(() => Assert.Equal("备案不存在。", host.Find("[data-testid=dialog-error]").TextContent.Trim()));
    }
}
