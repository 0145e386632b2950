using Bunit;
using KooMessage.Console.Features.ChannelNumbers;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.ChannelNumbers;

public sealed class ChannelNumberDialogTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    private async Task<IRenderedComponent<MudHost>> OpenAsync()
    {
        SignIn(owner);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ChannelNumberDialog>("通道号"));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=submit]")));
        return host;
    }

    private static IRenderedComponent<MudSwitch<bool>> SignCheck(IRenderedComponent<MudHost> host) => host.FindComponent<MudSwitch<bool>>();

    private static bool On(IRenderedComponent<MudSwitch<bool>> toggle) => toggle.Find("input[type=checkbox]").HasAttribute("checked");

    [Fact]
    public async Task ChooseSuffixRange_SignCheckTurnedOnAndLocked_NormalUnlocksIt()
    {
        var host = await OpenAsync();
        Assert.False(On(SignCheck(host)));

        await host.InvokeAsync(() => host.FindComponent<MudRadioGroup<ChannelNumberType>>().Instance.ValueChanged.InvokeAsync(ChannelNumberType.Suffix));

        host.WaitForAssertion(() => Assert.True(On(SignCheck(host)) && SignCheck(host).Instance.Disabled));
        Assert.Contains("必须为 5 位数字", host.Markup, StringComparison.Ordinal);
        await host.InvokeAsync(() => host.FindComponent<MudRadioGroup<ChannelNumberType>>().Instance.ValueChanged.InvokeAsync(ChannelNumberType.Normal));
        host.WaitForAssertion(() => Assert.False(SignCheck(host).Instance.Disabled));
    }

    [Fact]
    public async Task Submit_BadNumberAndShortSignature_EachMessageAtItsField()
    {
        var host = await OpenAsync();

        host.Find("input[data-testid=channel-number]").Change("10690a");
        host.Find("input[data-testid=signature-0]").Input("星");
        host.Find("[data-testid=submit]").Click();

        host.WaitForAssertion(() => Assert.Contains("通道号只能包含数字。", host.Markup, StringComparison.Ordinal));
        Assert.Contains("每个签名长度为 2～18 个字符。", host.Find("[data-testid=signatures-error]").TextContent, StringComparison.Ordinal);
    }
}
