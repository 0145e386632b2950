using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.Reviews;

public sealed class ReviewDialogTests : ConsoleComponentTest
{
    private TestUser reviewer = default!;
    private TestUser other = default!;
    private TestUser owner = default!;
    private Guid filing;
    private long ticket;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        reviewer = await Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        other = await Services.CreateUserAsync(admin, "reviewer-2", Roles.Reviewer);
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        filing = await Services.SubmitFilingAsync(owner);
        ticket = await Services.OpenTicketAsync(FilingReviewSource.KindName, filing);
    }

    [Fact]
    public async Task Approve_AnotherReviewerDecidedMeanwhile_ConflictShownAndDecisionButtonsGone()
    {
        SignIn(reviewer);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ReviewDialog>("审核", new DialogParameters<ReviewDialog>
        {
            { d => d.Kind, FilingReviewSource.KindName }, { d => d.TicketId, ticket }, { d => d.CanDecide, true },
        }));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=approve]")));
        await Services.DecideAsync(other, FilingReviewSource.KindName, filing, approve: false, reason: "照片模糊");

        host.Find("[data-testid=approve]").Click();

        host.WaitForAssertion(() => Assert.Contains("该事项已被其他审核员处理或已发生变化", host.Find("[data-testid=dialog-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(host.FindAll("[data-testid=approve]"));
        Assert.Empty(host.FindAll("[data-testid=reject]"));
    }

    [Fact]
    public async Task Reject_WithoutReason_ErrorAtTheReasonFieldNotInTheBanner_ClearedByTyping()
    {
        SignIn(reviewer);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ReviewDialog>("审核", new DialogParameters<ReviewDialog>
        {
            { d => d.Kind, FilingReviewSource.KindName }, { d => d.TicketId, ticket }, { d => d.CanDecide, true },
        }));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=reject]")));
        Assert.Empty(host.FindAll(".mud-input-error"));
        Assert.Contains("驳回时必填", ReasonField(host).TextContent, StringComparison.Ordinal);

        host.Find("[data-testid=reject]").Click();

        host.WaitForAssertion(() => Assert.Contains("驳回时必须填写审核意见", ReasonField(host).TextContent, StringComparison.Ordinal));
        Assert.Empty(host.FindAll("[data-testid=dialog-error]"));
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "kmScrollToFirstError");

        host.Find("textarea[data-testid=reason]").Input("照片模糊");

        host.WaitForAssertion(() => Assert.DoesNotContain("驳回时必须填写审核意见", ReasonField(host).TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_ResubmittedAfterRejection_EarlierDecisionListedWithReviewerOutcomeAndReason()
    {
        await Services.DecideAsync(other, FilingReviewSource.KindName, filing, approve: false, reason: "营业执照照片模糊");
        await using (var scope = Services.As(owner.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<EnterpriseService>().SaveAsync(filing, FilingData.Form(), FilingUploads.None, submit: true, CancellationToken.None));
        }

        var reopened = await Services.OpenTicketAsync(FilingReviewSource.KindName, filing);

        SignIn(reviewer);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ReviewDialog>("审核", new DialogParameters<ReviewDialog>
        {
            { d => d.Kind, FilingReviewSource.KindName }, { d => d.TicketId, reopened }, { d => d.CanDecide, true },
        }));

        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=review-history] tbody tr")));
        var row = Assert.Single(host.FindAll("[data-testid=review-history] tbody tr")).TextContent;
        Assert.Contains("reviewer-2", row, StringComparison.Ordinal);
        Assert.Contains("驳回", row, StringComparison.Ordinal);
        Assert.Contains("营业执照照片模糊", row, StringComparison.Ordinal);
        Assert.Contains("审核中", row, StringComparison.Ordinal);
        Assert.Contains("企业类型", host.Find("[data-testid=review-dialog]").TextContent, StringComparison.Ordinal);
    }

    private static AngleSharp.Dom.IElement ReasonField(IRenderedComponent<MudHost> host) =>
        host.Find("textarea[data-testid=reason]").Closest(".mud-input-control")!;
}
