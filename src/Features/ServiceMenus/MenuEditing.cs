using System.Globalization;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>
/// What the editor does to a <see cref="MenuDraft"/>: add, remove and move items, by drag and drop or by the move
/// buttons. Pure, so that each step is tested without a browser. A step the menu's shape does not allow (a fourth
/// item, a sixth sub-item) changes nothing and answers false.
/// </summary>
public static class MenuEditing
{
    /// <summary>The drop zone of the first-level items.</summary>
    public const string TopZone = "top";

    private const string SubZonePrefix = "sub:";

    public static string SubZone(string parentKey) => SubZonePrefix + parentKey;

    /// <summary>The parent key a sub-item zone stands for; null for the first-level zone (and anything else).</summary>
    public static string? ParentOf(string zone) => zone.StartsWith(SubZonePrefix, StringComparison.Ordinal) ? zone[SubZonePrefix.Length..] : null;

    public static bool CanAddItem(MenuDraft menu) => menu.Items.Count < MenuRules.MaxItems;

    public static bool CanAddChild(MenuItemDraft parent) => parent.Children.Count < MenuRules.MaxChildren;

    /// <summary>Adds a first-level item (a web-page link by default) named <paramref name="stem"/> and a free number, at <paramref name="index"/> (the end when null).</summary>
    public static MenuItemDraft? AddItem(MenuDraft menu, string stem, int? index = null)
    {
        if (!CanAddItem(menu))
        {
            return null;
        }

        var item = new MenuItemDraft { Name = FreeName(menu, stem) };
        menu.Items.Insert(Place(index, menu.Items.Count), item);
        return item;
    }

    /// <summary>Adds a sub-item to <paramref name="parent"/>, which from then on only opens its sub-menu.</summary>
    public static MenuItemDraft? AddChild(MenuDraft menu, MenuItemDraft parent, string stem, int? index = null)
    {
        if (!CanAddChild(parent))
        {
            return null;
        }

        var child = new MenuItemDraft { Name = FreeName(menu, stem) };
        parent.Children.Insert(Place(index, parent.Children.Count), child);
        parent.Action = MenuAction.OPEN_SUBMENU;
        return child;
    }

    public static bool Remove(MenuDraft menu, string key)
    {
        if (menu.Find(key) is not { } found)
        {
            return false;
        }

        return found.Parent is { } parent ? parent.Children.Remove(found.Item) : menu.Items.Remove(found.Item);
    }

    /// <summary>The move buttons: one place earlier (−1) or later (+1) among its siblings.</summary>
    public static bool Move(MenuDraft menu, string key, int offset)
    {
        if (menu.Find(key) is not { } found)
        {
            return false;
        }

        var siblings = found.Parent?.Children ?? menu.Items;
        var from = siblings.IndexOf(found.Item);
        var to = from + offset;
        if (to < 0 || to >= siblings.Count || offset == 0)
        {
            return false;
        }

        siblings.RemoveAt(from);
        siblings.Insert(to, found.Item);
        return true;
    }

    /// <summary>
    /// A drop: the item <paramref name="key"/> ends at <paramref name="index"/> of <paramref name="zone"/>. First-level
    /// items stay first-level; a sub-item may move to another first-level item with room.
    /// </summary>
    public static bool MoveTo(MenuDraft menu, string key, string zone, int index)
    {
        if (menu.Find(key) is not { } found)
        {
            return false;
        }

        var targetParentKey = ParentOf(zone);
        if (found.Parent is null)
        {
            if (zone != TopZone)
            {
                return false;
            }

            menu.Items.Remove(found.Item);
            menu.Items.Insert(Place(index, menu.Items.Count), found.Item);
            return true;
        }

        if (targetParentKey is null || menu.Items.FirstOrDefault(i => i.Key == targetParentKey) is not { } target)
        {
            return false;
        }

        if (target != found.Parent && !CanAddChild(target))
        {
            return false;
        }

        found.Parent.Children.Remove(found.Item);
        target.Children.Insert(Place(index, target.Children.Count), found.Item);
        target.Action = MenuAction.OPEN_SUBMENU;
        return true;
    }

    /// <summary>Whether a dragged thing may be dropped in <paramref name="zone"/> (the palette takes nothing back).</summary>
    public static bool Accepts(MenuDraft menu, MenuDragItem item, string zone)
    {
        var parentKey = ParentOf(zone);
        var parent = parentKey is null ? null : menu.Items.FirstOrDefault(i => i.Key == parentKey);
        return item.Id switch
        {
            MenuDragItem.NewItem => zone == TopZone && CanAddItem(menu),
            MenuDragItem.NewChild => parent is not null && CanAddChild(parent),
            _ when item.Zone == TopZone => zone == TopZone,
            _ => parent is not null && (item.Zone == zone || CanAddChild(parent)),
        };
    }

    /// <summary>The palette, the first-level items and each one's sub-items, as the drop zones show them.</summary>
    public static List<MenuDragItem> DragItems(MenuDraft menu) =>
    [
        new(MenuDragItem.NewItem, MenuDragItem.PaletteZone),
        new(MenuDragItem.NewChild, MenuDragItem.PaletteZone),
        .. menu.Items.Select(i => new MenuDragItem(i.Key, TopZone)),
        .. menu.Items.SelectMany(i => i.Children.Select(c => new MenuDragItem(c.Key, SubZone(i.Key)))),
    ];

    /// <summary>Where an insert lands among <paramref name="count"/> siblings: the index given, the end when none (a drop on the zone rather than on an item gives −1).</summary>
    private static int Place(int? index, int count) => index is { } i and >= 0 ? Math.Min(i, count) : count;

    /// <summary>A default name the menu does not have yet ("菜单1", "子菜单2").</summary>
    private static string FreeName(MenuDraft menu, string stem)
    {
        var taken = menu.All().Select(x => x.Item.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var n = 1; ; n++)
        {
            var name = stem + n.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(name))
            {
                return name;
            }
        }
    }
}

/// <summary>Something the editor's drag and drop moves: a new item or sub-item from the palette, or an item (its key) in its zone.</summary>
public sealed record MenuDragItem(string Id, string Zone)
{
    public const string PaletteZone = "palette";
    public const string NewItem = "new-item";
    public const string NewChild = "new-child";

    public bool FromPalette => Zone == PaletteZone;
}
