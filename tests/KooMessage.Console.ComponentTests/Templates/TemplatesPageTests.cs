using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.Templates;

public sealed class TemplatesPageTests : ConsoleComponentTest
{
    private TestUser owner = default!;
    private TestUser viewer = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        viewer = await Services.CreateUserAsync(owner, "viewer-a", Roles.ReadOnlyAccess);
    }

    private async Task<string> CreateAsync(string name)
    {
        await using var scope = Services.As(owner.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<TemplateService>()
            .CreateAsync(new NewTemplateForm { Name = name, CardId = "PureText", Vendors = [Vendor.Huawei, Vendor.Oppo] }, CancellationToken.None);
        TestData.Ok(created);
        return created.Value;
    }

    private IRenderedComponent<MudHost> RenderPage() => Render<MudHost>(p => p.AddChildContent<TemplatesPage>());

    [Fact]
    public async Task Render_Owner_OwnTemplateWithStateVendorsAndItsActions()
    {
        var id = await CreateAsync("账单提醒");
        SignIn(owner);

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(id, cut.Find("[data-testid=template-id]").TextContent));
        Assert.Equal("账单提醒", cut.Find("[data-testid=template-name]").TextContent);
        Assert.Equal("未提交", cut.Find("[data-testid=audit-state]").TextContent.Trim());
        Assert.Contains("HUAWEI、OPPO", cut.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=submit]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=export]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=import-template]"));
        Assert.DoesNotContain("新品上市图文", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PublicTabInTheAddress_StartersToCopyButNotToEditOrDelete()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/aim/templates?tab=Public");
        SignIn(owner);

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Contains("新品上市图文", cut.Markup, StringComparison.Ordinal));
        Assert.True(cut.FindAll("[data-testid=template-name]").Count >= 6);
        Assert.NotEmpty(cut.FindAll("[data-testid=copy]"));
        Assert.Empty(cut.FindAll("[data-testid=more]"));
        Assert.Empty(cut.FindAll("[data-testid=export]"));
        Assert.Empty(cut.FindAll("[data-testid=import-template]"));
        Assert.Equal(TemplatesModule.ExportUrl("100000001"), cut.Find("[data-testid=export-json]").GetAttribute("href"));
        Assert.NotNull(cut.Find("[data-testid=export-json]").GetAttribute("download"));
    }

    [Fact]
    public void Render_NoTemplates_EmptyStateOffersNewTemplate()
    {
        SignIn(owner);

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Contains("还没有模板。", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("新建模板", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ReadOnlyUser_PreviewOnly()
    {
        await CreateAsync("账单提醒");
        SignIn(viewer);

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=preview]")));
        Assert.Empty(cut.FindAll("[data-testid=new-template]"));
        Assert.Empty(cut.FindAll("[data-testid=copy]"));
        Assert.Empty(cut.FindAll("[data-testid=import-template]"));
        Assert.Empty(cut.FindAll("[data-testid=more]"));
    }

    [Fact]
    public async Task Import_NoFileChosen_AskedForAtThePickerAndNothingCreated()
    {
        SignIn(owner);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Contains("还没有模板。", cut.Markup, StringComparison.Ordinal));

        cut.Find("[data-testid=import-template]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=template-file]")));
        cut.Find("[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("请上传模板文件（JSON）。", cut.Find("[data-testid=template-file-error]").TextContent));
        Assert.Contains("还没有模板。", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_OwnDraft_EveryVendorsRenderingSideBySide()
    {
        var id = await CreateAsync("账单提醒");
        SignIn(owner);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=preview]")));

        cut.Find("[data-testid=preview]").Click();

        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("[data-testid=template-preview] [data-testid=vendor-preview]").Count));
        Assert.Contains($"模板ID：{id}", cut.Find("[data-testid=template-preview]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("card_id", cut.Find("[data-testid=template-preview]").TextContent, StringComparison.Ordinal);
    }
}
