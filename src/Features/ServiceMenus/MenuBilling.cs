namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>
/// Whether a tap on a menu item is billed, by the reference's 服务号 PV rules (§1.11): in a two-level menu, opening the
/// second level is free, and a second-level item that jumps (H5, 快应用, APP, 拨打电话) is charged per PV; a first-level
/// item that jumps by itself (a single-level menu item) is charged too. So a tap is free exactly when it only opens a
/// sub-menu. The simulator marks items by it and the click ingestion stores each menu click's flag by it.
/// </summary>
public static class MenuBilling
{
    public static bool IsBilled(MenuItemDraft item) => IsBilled(item.Action, item.Children.Count > 0);

    public static bool IsBilled(MenuAction action, bool hasChildren) => !hasChildren && action != MenuAction.OPEN_SUBMENU;
}
