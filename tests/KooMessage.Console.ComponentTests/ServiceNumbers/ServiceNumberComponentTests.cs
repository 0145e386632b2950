using Bunit;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.ServiceNumbers;

/// <summary>
/// The image picker's choosing (one replaces, several toggle up to the limit) and the one-stop dialog routing the
/// service's refusals of both parts to their own fields, on real services.
/// </summary>
public sealed class ServiceNumberComponentTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    private IRenderedComponent<ImagePicker> Picker(ServiceImageType type, int max, List<IReadOnlyList<Guid>> changes) =>
        Render<ImagePicker>(p => p
            .Add(x => x.Type, type).Add(x => x.Label, "图片").Add(x => x.Max, max).Add(x => x.Selected, Array.Empty<Guid>())
            .Add(x => x.SelectedChanged, ids => changes.Add(ids)));

    [Fact]
    public async Task ImagePicker_SeveralAllowed_ClicksToggleAndStopAtTheLimit()
    {
        for (var i = 0; i < 3; i++)
        {
            await Services.ImageAsync(owner.AccountId!.Value, ServiceImageType.Other);
        }

        SignIn(owner);
        var changes = new List<IReadOnlyList<Guid>>();
        var picker = Picker(ServiceImageType.Other, 2, changes);
        picker.WaitForAssertion(() => Assert.Equal(3, picker.FindAll("[data-testid=image-choice]").Count));

        void Click(int index)
        {
            picker.FindAll("[data-testid=image-choice]")[index].Click();
            picker.Render(p => p.Add(x => x.Selected, changes[^1]));
        }

        Click(0);
        Click(1);
        Click(2);
        Assert.Equal(2, changes[^1].Count);
        Assert.Equal(["true", "true", "false"], picker.FindAll("[data-testid=image-choice]").Select(b => b.GetAttribute("aria-pressed")));
        Click(0);
        Assert.Equal(["false", "true", "false"], picker.FindAll("[data-testid=image-choice]").Select(b => b.GetAttribute("aria-pressed")));
    }

    [Fact]
    public async Task ImagePicker_One_AClickReplacesTheChoice()
    {
        await Services.ImageAsync(owner.AccountId!.Value, ServiceImageType.PubLogo);
        await Services.ImageAsync(owner.AccountId!.Value, ServiceImageType.PubLogo);
        await Services.ImageAsync(owner.AccountId!.Value, ServiceImageType.BgImage);
        SignIn(owner);
        var changes = new List<IReadOnlyList<Guid>>();
        var picker = Picker(ServiceImageType.PubLogo, 1, changes);
        picker.WaitForAssertion(() => Assert.Equal(2, picker.FindAll("[data-testid=image-choice]").Count));

        picker.FindAll("[data-testid=image-choice]")[0].Click();
        picker.FindAll("[data-testid=image-choice]")[1].Click();

        Assert.Single(changes[^1]);
        Assert.NotEqual(changes[0][0], changes[1][0]);
    }

    [Fact]
    public async Task OneStop_SubmittedEmpty_EachPartsRefusalsAtTheirFields()
    {
        await Services.ApprovedSignaturesAsync(owner.AccountId!.Value, "星河");
        SignIn(owner);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<OneStopDialog>("一站式创建"));
        host.WaitForAssertion(() => Assert.Contains("【星河】", host.Find("[data-testid=profile-fields]").TextContent, StringComparison.Ordinal));

        host.Find("[data-testid=save]").Click();

        host.WaitForAssertion(() => Assert.Contains("请填写服务号名称。", host.Find("[data-testid=profile-fields]").TextContent, StringComparison.Ordinal));
        Assert.Contains("请填写LOGO。", host.Find("[data-testid=sn-logo-error]").TextContent, StringComparison.Ordinal);
        Assert.Contains("请填写背景图。", host.Find("[data-testid=hp-background-error]").TextContent, StringComparison.Ordinal);
        Assert.Contains("请填写主页简介。", host.Find("[data-testid=homepage-fields]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("请填写主页简介。", host.Find("[data-testid=profile-fields]").TextContent, StringComparison.Ordinal);
        Assert.Empty(host.FindAll("[data-testid=dialog-error]"));
    }
}
