using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.Signatures;

public sealed class SignatureDialogTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        var reviewer = await Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await Services.ReadyForSignaturesAsync(owner, reviewer);
    }

    private async Task<IRenderedComponent<MudHost>> OpenAsync()
    {
        SignIn(owner);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<SignatureDialog>("签名"));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=submit]")));
        return host;
    }

    [Fact]
    public async Task Submit_Empty_ShowsFieldMessagesInChinese()
    {
        var host = await OpenAsync();

        host.Find("[data-testid=submit]").Click();

        host.WaitForAssertion(() => Assert.Contains("请填写签名名称。", host.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_OneCharacterName_ShowsKooMessageLengthMessage()
    {
        var host = await OpenAsync();

        host.Find("input[data-testid=signature-name]").Change("星");
        host.Find("[data-testid=submit]").Click();

        host.WaitForAssertion(() => Assert.Contains("签名名称长度设置错误,请控制签名名称的长度在2-16之间。", host.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_SourceNeedingTitle_AsksForTheTitleByName()
    {
        var host = await OpenAsync();

        host.Find("input[data-testid=signature-name]").Change("星河");
        await host.InvokeAsync(() => host.FindComponent<MudSelect<SignatureSource>>().Instance.ValueChanged.InvokeAsync(SignatureSource.App));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("input[data-testid=source-title]")));
        host.Find("[data-testid=submit]").Click();

        host.WaitForAssertion(() => Assert.Contains("请填写APP应用下载地址。", host.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_SensitiveName_ShowsTheServersMessageNamingTheWord()
    {
        var host = await OpenAsync();

        host.Find("input[data-testid=signature-name]").Change("全网第一");
        host.Find("[data-testid=submit]").Click();

        host.WaitForAssertion(() => Assert.Contains("包含敏感词“第一”", host.Find("[data-testid=dialog-error]").TextContent, StringComparison.Ordinal));
    }
}
