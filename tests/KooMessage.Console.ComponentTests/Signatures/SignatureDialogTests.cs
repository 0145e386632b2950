using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.Signatures;

public sealed class SignatureDialogTests : ConsoleComponentTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

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
    public async Task Open_NoFieldInErrorHelpShown()
    {
        var host = await OpenAsync();

        Assert.Empty(host.FindAll(".mud-input-error"));
        Assert.Empty(host.FindAll("[data-testid=licenses-error]"));
        Assert.Contains("2 到 16 个字符", NameField(host).TextContent, StringComparison.Ordinal);
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

        host.WaitForAssertion(() => Assert.Contains("签名名称长度设置错误，请控制签名名称的长度在2-16之间。", host.Markup, StringComparison.Ordinal));
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
    public async Task Submit_SensitiveName_ShowsTheServersMessageNamingTheWordAtTheName()
    {
        var host = await OpenAsync();
        ChooseLicence(host);

        host.Find("input[data-testid=signature-name]").Change("全网第一");
        host.Find("[data-testid=submit]").Click();

        host.WaitForAssertion(() => Assert.Contains("包含敏感词“第一”", NameField(host).TextContent, StringComparison.Ordinal));
        Assert.Empty(host.FindAll("[data-testid=dialog-error]"));
    }

    [Fact]
    public async Task Submit_WithoutLicence_FlaggedAtThePicker_ClearedByChoosingOne()
    {
        var host = await OpenAsync();

        host.Find("input[data-testid=signature-name]").Change("星河");
        host.Find("[data-testid=submit]").Click();

        host.WaitForAssertion(() => Assert.Contains("营业执照", host.Find("[data-testid=licenses-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(host.FindAll("[data-testid=dialog-error]"));

        ChooseLicence(host);

        host.WaitForAssertion(() => Assert.Empty(host.FindAll("[data-testid=licenses-error]")));
    }

    private static AngleSharp.Dom.IElement NameField(IRenderedComponent<MudHost> host) =>
        host.Find("input[data-testid=signature-name]").Closest(".mud-input-control")!;

    private static void ChooseLicence(IRenderedComponent<MudHost> host)
    {
        host.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(DemoFiles.Png, "营业执照.png"));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=picked-file]")), Wait);
    }

    [Fact]
    public async Task Cancel_AfterChoosingALicence_TheStagedFileIsDeleted()
    {
        var host = await OpenAsync();
        ChooseLicence(host);
        Assert.Single(Services.StagedPaths());

        host.FindAll("button").First(b => b.TextContent.Trim() == "取消").Click();

        host.WaitForAssertion(() => Assert.Empty(host.FindAll("[data-testid=signature-dialog]")), Wait);
        Assert.Empty(Services.StagedPaths());
    }

    [Fact]
    public async Task Submit_WithALicence_TheFileMovesIntoTheStore()
    {
        var host = await OpenAsync();
        var stored = Services.StoredPaths().Count;
        host.Find("input[data-testid=signature-name]").Change("星河");
        ChooseLicence(host);

        host.Find("[data-testid=submit]").Click();

        host.WaitForAssertion(() => Assert.Empty(host.FindAll("[data-testid=signature-dialog]")), Wait);
        Assert.Empty(Services.StagedPaths());
        Assert.Equal(stored + 1, Services.StoredPaths().Count);
    }
}
