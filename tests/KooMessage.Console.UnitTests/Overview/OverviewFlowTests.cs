using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Overview;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Overview;

/// <summary>The flow guide says where the account really stands at each step, and why a step was refused.</summary>
public sealed class OverviewFlowTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<OverviewData> OverviewAsync()
    {
        await using var scope = app.Services.As(owner.Principal);
        return (await scope.ServiceProvider.GetRequiredService<OverviewService>().GetAsync(CancellationToken.None)).Value;
    }

    [Fact]
    public async Task GetAsync_NewAccount_StepsInOrderAllToDo()
    {
        var steps = (await OverviewAsync()).Steps;

        Assert.Equal([EnterprisesModule.Route, SmsAppsModule.Route, Features.Signatures.SignaturesModule.Route], steps.Take(3).Select(s => s.Item.Href));
        Assert.All(steps.Take(3), s => Assert.Equal((FlowStepState.ToDo, null), (s.State, s.StateKey)));
    }

    [Fact]
    public async Task GetAsync_FilingRejected_StepShowsTheStateAndTheReason()
    {
        var filing = await app.Services.SubmitFilingAsync(owner);
        await app.Services.DecideAsync(admin, FilingReviewSource.KindName, filing, approve: false, reason: "营业执照模糊");

        var step = (await OverviewAsync()).Steps.Single(s => s.Item.Href == EnterprisesModule.Route);

        Assert.Equal((FlowStepState.ToDo, "FilingStatus.Rejected", "营业执照模糊"), (step.State, step.StateKey, step.Reason));
    }

    [Fact]
    public async Task GetAsync_FilingApprovedAndAppWaiting_FilingDoneAppUnderReview()
    {
        var filing = await app.Services.SubmitFilingAsync(owner);
        await app.Services.DecideAsync(admin, FilingReviewSource.KindName, filing, approve: true);
        await using (var scope = app.Services.As(owner.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<SmsAppService>().SaveAsync(null, new SmsAppForm { Name = "会员通知" }, CancellationToken.None));
        }

        var steps = (await OverviewAsync()).Steps;

        Assert.Equal(FlowStepState.Done, steps.Single(s => s.Item.Href == EnterprisesModule.Route).State);
        Assert.Equal("SmsAppStatus.Created", steps.Single(s => s.Item.Href == SmsAppsModule.Route).StateKey);
    }

    [Fact]
    public async Task GetAsync_TemplateCreated_TemplateStepShowsItIsNotSubmittedAndTheCount()
    {
        await using (var scope = app.Services.As(owner.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<Features.Templates.TemplateService>().CreateAsync(
                new Features.Templates.NewTemplateForm { Name = "账单提醒", CardId = "PureText", Vendors = [Features.Templates.Document.Vendor.Huawei] }, CancellationToken.None));
        }

        var overview = await OverviewAsync();
        var step = overview.Steps.Single(s => s.Item.Href == Features.Templates.TemplatesModule.Route);

        Assert.Equal((FlowStepState.ToDo, "TemplateAuditState.NotSubmitted"), (step.State, step.StateKey));
        Assert.Equal(1, overview.Counts.Single(c => c.LabelKey == "Overview.Templates").Value);
    }
}
