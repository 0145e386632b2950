using KooMessage.Console.Features.ServiceMenus;

namespace KooMessage.Console.UnitTests.ServiceMenus;

/// <summary>§1.11: opening the second level is free; a second-level jump is billed; a single-level jump is billed.</summary>
public sealed class MenuBillingTests
{
    [Theory]
    [InlineData(MenuAction.OPEN_URL)]
    [InlineData(MenuAction.CALLING)]
    [InlineData(MenuAction.OPEN_APP)]
    [InlineData(MenuAction.OPEN_QUICK)]
    public void IsBilled_AJump_BilledAtEitherLevel(MenuAction action)
    {
        var child = new MenuItemDraft { Action = action };
        var parent = new MenuItemDraft { Action = MenuAction.OPEN_SUBMENU, Children = [child] };
        var single = new MenuItemDraft { Action = action };

        Assert.True(MenuBilling.IsBilled(child));
        Assert.True(MenuBilling.IsBilled(single));
        Assert.False(MenuBilling.IsBilled(parent));
    }

    [Fact]
    public void IsBilled_ItemWithChildren_FreeWhateverItsStoredAction() =>
        Assert.False(MenuBilling.IsBilled(new MenuItemDraft { Action = MenuAction.OPEN_URL, Children = [new MenuItemDraft()] }));

    [Fact]
    public void IsBilled_OpenSubmenuWithoutChildren_Free() => Assert.False(MenuBilling.IsBilled(MenuAction.OPEN_SUBMENU, hasChildren: false));
}
