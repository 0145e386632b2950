using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.SmsTemplates;

/// <summary>The create dialog's variable editor and its live segment count, on real services.</summary>
public sealed class SmsTemplateDialogTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        var reviewer = await Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var appId = await Services.ReadyForSignaturesAsync(owner, reviewer);
        var signature = await Services.RegisterSignatureAsync(owner, appId);
        await Services.DecideAsync(reviewer, SignatureReviewSource.KindName, signature, approve: true);
        await Services.DecideAsync(reviewer, SignatureReviewSource.KindName, signature, approve: true, input: "10690001");
    }

    private async Task<IRenderedComponent<MudHost>> OpenAsync()
    {
        SignIn(owner);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<SmsTemplateDialog>("短消息模板"));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=variable-row]")));
        return host;
    }

    private static string Content(IRenderedComponent<MudHost> host) => host.Find("textarea[data-testid=sms-template-content]").GetAttribute("value") ?? "";

    [Fact]
    public async Task Open_SignatureChosenLinkSlotInTheContentOneSegment()
    {
        var host = await OpenAsync();

        Assert.Equal(["${1}"], host.FindAll("[data-testid=variable-placeholder]").Select(e => e.TextContent));
        Assert.Equal("${1}", Content(host));

        // 【星河】 4 + the link "localhost/s/xxxxxxx" 19 + 拒收请回复R 6.
        Assert.Equal("【星河】localhost/s/xxxxxxx拒收请回复R", host.Find("[data-testid=sms-preview-text]").TextContent);
        Assert.Equal("共 29 字，按 1 条计费", host.Find("[data-testid=sms-segments]").TextContent);
    }

    [Fact]
    public async Task Type_ContentCrossingSeventyAndOneHundredThirtyFour_CountFollows()
    {
        var host = await OpenAsync();
        var content = host.Find("textarea[data-testid=sms-template-content]");

        // 29 without text: 41 characters more make 70 (one SMS), 42 make 71 (two parts of 67), 106 make 135 (three).
        content.Input(new string('文', 41) + "${1}");
        host.WaitForAssertion(() => Assert.Equal("共 70 字，按 1 条计费", host.Find("[data-testid=sms-segments]").TextContent));
        host.Find("textarea[data-testid=sms-template-content]").Input(new string('文', 42) + "${1}");
        host.WaitForAssertion(() => Assert.Equal("共 71 字，按 2 条计费", host.Find("[data-testid=sms-segments]").TextContent));
        host.Find("textarea[data-testid=sms-template-content]").Input(new string('文', 106) + "${1}");
        host.WaitForAssertion(() => Assert.Equal("共 135 字，按 3 条计费", host.Find("[data-testid=sms-segments]").TextContent));
    }

    [Fact]
    public async Task AddAndRemoveVariable_PlaceholderFollowsInTheContentAndCountShowsARange()
    {
        var host = await OpenAsync();

        host.Find("[data-testid=add-variable]").Click();

        host.WaitForAssertion(() => Assert.Equal("${1}${2}", Content(host)));
        Assert.Equal(["${1}", "${2}"], host.FindAll("[data-testid=variable-placeholder]").Select(e => e.TextContent));

        // ${2} is 其他: 1 to 20 characters when sent.
        Assert.Equal("共 30 到 49 字，按 1 条计费", host.Find("[data-testid=sms-segments]").TextContent);
        host.Find("[data-testid=remove-variable-2]").Click();
        host.WaitForAssertion(() => Assert.Equal("${1}", Content(host)));
        Assert.Single(host.FindAll("[data-testid=variable-row]"));
    }

    [Fact]
    public async Task AddVariable_ContentWritesAnUndeclaredPlaceholder_ThatOneDeclaredAndTheContentKept()
    {
        var host = await OpenAsync();
        host.Find("textarea[data-testid=sms-template-content]").Input("有效期至 ${3}，点击 ${1} 查看。");

        host.Find("[data-testid=add-variable]").Click();

        host.WaitForAssertion(() => Assert.Equal(["${1}", "${3}"], host.FindAll("[data-testid=variable-placeholder]").Select(e => e.TextContent)));
        Assert.Equal("有效期至 ${3}，点击 ${1} 查看。", Content(host));
    }

    [Fact]
    public async Task Submit_TextVariableWithoutDescription_FlaggedAtItsRow()
    {
        var host = await OpenAsync();
        host.Find("input[data-testid=sms-template-name]").Change("会员通知");
        host.Find("[data-testid=add-variable]").Click();

        host.Find("[data-testid=submit]").Click();

        host.WaitForAssertion(() => Assert.Contains("请填写 ${2} 的变量说明（类型为其他时必填）。", host.Markup, StringComparison.Ordinal));
        Assert.Empty(host.FindAll("[data-testid=dialog-error]"));
    }
}
