using Bunit;
using KooMessage.Console.Features.ServiceMenus;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.ServiceMenus;

/// <summary>The editor without a mouse (palette buttons, earlier/later buttons), its field messages, and the simulator.</summary>
public sealed class MenuEditorTests : ConsoleComponentTest
{
    private IRenderedComponent<MudHost> RenderEditor(MenuDraft menu, Action? changed = null) =>
        Render<MudHost>(p => p.AddChildContent<MenuEditor>(b => b.Add(x => x.Menu, menu).Add(x => x.OnChanged, () => changed?.Invoke())));

    private static List<string> Names(IRenderedComponent<MudHost> cut, string testId) =>
        [.. cut.FindAll($"[data-testid={testId}] [data-testid=menu-card-name]").Select(e => e.TextContent.Trim())];

    [Fact]
    public void PaletteButtons_AddThreeItemsThenStop_SubItemsUnderTheSelected()
    {
        var menu = new MenuDraft();
        var changes = 0;
        var cut = RenderEditor(menu, () => changes++);

        for (var i = 0; i < 3; i++)
        {
            cut.Find("[data-testid=palette-item]").Click();
        }

        cut.WaitForAssertion(() => Assert.Equal(["菜单1", "菜单2", "菜单3"], Names(cut, "menu-top-zone")));
        Assert.True(cut.Find("[data-testid=palette-item]").HasAttribute("disabled"));
        cut.FindAll("[data-testid=add-child]")[1].Click();
        cut.WaitForAssertion(() => Assert.Single(menu.Items[1].Children));
        Assert.Equal(MenuAction.OPEN_SUBMENU, menu.Items[1].Action);
        Assert.Equal(4, changes);
        Assert.Contains("子菜单“子菜单1”", cut.Find("[data-testid=menu-props]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyMenu_ShowsAHintNotAnError_UntilAnItemIsAdded()
    {
        var cut = RenderEditor(new MenuDraft());

        Assert.Contains("还没有菜单项", cut.Find("[data-testid=menu-empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=menu-message]"));
        cut.Find("[data-testid=palette-item]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=menu-empty]")));
    }

    [Fact]
    public void EarlierAndLaterButtons_ReorderItemsAndSubItems()
    {
        var menu = MenuData.Menu();
        var cut = RenderEditor(menu);

        cut.FindAll("[data-testid=menu-top-zone] [data-testid=item-later]")[0].Click();
        cut.WaitForAssertion(() => Assert.Equal(["联系我们", "账户服务"], Names(cut, "menu-top-zone")));

        var sub = cut.FindAll("[data-testid=menu-sub-zone]")[1];
        Assert.Equal("余额查询", menu.Items[1].Children[0].Name);
        sub.QuerySelectorAll("[data-testid=item-later]")[0].Click();
        cut.WaitForAssertion(() => Assert.Equal(["客服热线", "余额查询"], menu.Items[1].Children.Select(c => c.Name)));
        Assert.True(cut.FindAll("[data-testid=menu-top-zone] [data-testid=item-earlier]")[0].HasAttribute("disabled"));
    }

    [Fact]
    public void FieldMessages_AtTheFieldAsTyped()
    {
        var menu = MenuData.Menu();
        var cut = RenderEditor(menu);

        cut.Find("[data-testid=field-name]").Input("一个很长很长的菜单名称");
        cut.WaitForAssertion(() => Assert.Contains("最长 12", cut.Find("[data-testid=menu-props]").TextContent, StringComparison.Ordinal));
        Assert.Single(cut.FindAll("[data-testid=menu-top-zone] .km-menu-card-bad"));

        cut.FindAll("[data-testid=menu-sub-zone] [data-testid=menu-card-select]")[0].Click();
        cut.Find("[data-testid=field-url]").Input("ftp://example.com");
        cut.WaitForAssertion(() => Assert.Contains("跳转网址须以 http:// 或 https:// 开头", cut.Find("[data-testid=menu-props]").TextContent, StringComparison.Ordinal));

        cut.Find("[data-testid=field-url]").Input("https://example.com/ok");
        cut.WaitForAssertion(() => Assert.DoesNotContain("跳转网址须以", cut.Find("[data-testid=menu-props]").TextContent, StringComparison.Ordinal));
        Assert.Equal("https://example.com/ok", menu.Items[0].Children[0].Content);
    }

    [Fact]
    public void Simulator_TapOpensTheSubmenu_ItemsMarkedBilledOrFree_TapShowsWhereItGoes()
    {
        var cut = Render<MudHost>(p => p.AddChildContent<MenuSimulator>(b => b.Add(x => x.Menu, MenuData.Menu()).Add(x => x.Title, "甲服务号")));

        Assert.Equal(["免费", "计费"], cut.FindAll("[data-testid=sim-bar] [data-testid=sim-billing]").Select(e => e.TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=sim-submenu]"));

        cut.FindAll("[data-testid=sim-item]")[0].Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=sim-subitem]").Count));
        Assert.All(cut.FindAll("[data-testid=sim-submenu] [data-testid=sim-billing]"), e => Assert.Equal("计费", e.TextContent.Trim()));

        cut.FindAll("[data-testid=sim-subitem]")[0].Click();
        cut.WaitForAssertion(() => Assert.Contains("https://example.com/balance", cut.Find("[data-testid=sim-target]").TextContent, StringComparison.Ordinal));
        Assert.Equal("计费", cut.Find("[data-testid=sim-target-billing]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=sim-submenu]"));

        cut.FindAll("[data-testid=sim-item]")[1].Click();
        cut.WaitForAssertion(() => Assert.Contains("400-800-1234", cut.Find("[data-testid=sim-target]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_MenuInReview_ReadOnlyWithUrge()
    {
        var admin = await Services.CreateAdministratorAsync();
        var owner = await Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var sn = await Services.ServiceNumberAsync(owner.AccountId!.Value, "甲服务号");
        await using (var scope = Services.As(owner.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<ServiceMenuService>().SubmitAsync(sn, null, 0, MenuData.Menu(), null, CancellationToken.None));
        }

        SignIn(owner);
        var cut = Render<MudHost>(p => p.AddChildContent<ServiceMenusPage>());

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=menu-in-review]")));
        Assert.Empty(cut.FindAll("[data-testid=menu-submit]"));
        Assert.Empty(cut.FindAll("[data-testid=palette-item]"));
        Assert.Equal(2, cut.FindAll("[data-testid=sim-item]").Count);
        cut.Find("[data-testid=menu-urge]").Click();
        cut.WaitForAssertion(() => Assert.True(cut.Find("[data-testid=menu-urge]").HasAttribute("disabled")));
    }

    [Fact]
    public async Task Page_FrozenServiceNumber_ReadOnly()
    {
        var admin = await Services.CreateAdministratorAsync();
        var owner = await Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        await Services.ServiceNumberAsync(owner.AccountId!.Value, "甲服务号", ServiceNumberState.Frozen);

        SignIn(owner);
        var cut = Render<MudHost>(p => p.AddChildContent<ServiceMenusPage>());

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=menu-frozen]")));
        Assert.Empty(cut.FindAll("[data-testid=menu-save-draft]"));
        Assert.Empty(cut.FindAll("[data-testid=palette-item]"));
    }
}
