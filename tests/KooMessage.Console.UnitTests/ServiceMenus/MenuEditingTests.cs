using KooMessage.Console.Features.ServiceMenus;

namespace KooMessage.Console.UnitTests.ServiceMenus;

/// <summary>The editor's steps on the plain model: add within the limits, move by buttons and by drops, remove.</summary>
public sealed class MenuEditingTests
{
    [Fact]
    public void AddItem_UpToThree_FreeNames()
    {
        var menu = new MenuDraft();

        var added = Enumerable.Range(0, 4).Select(_ => MenuEditing.AddItem(menu, "菜单")).ToList();

        Assert.Equal(["菜单1", "菜单2", "菜单3"], menu.Items.Select(i => i.Name));
        Assert.Null(added[3]);
    }

    [Fact]
    public void AddChild_UpToFive_ParentOpensSubmenu()
    {
        var menu = new MenuDraft();
        var parent = MenuEditing.AddItem(menu, "菜单")!;

        var added = Enumerable.Range(0, 6).Select(_ => MenuEditing.AddChild(menu, parent, "子菜单")).ToList();

        Assert.Equal(5, parent.Children.Count);
        Assert.Null(added[5]);
        Assert.Equal(MenuAction.OPEN_SUBMENU, parent.Action);
    }

    [Fact]
    public void Move_EarlierAndLater_WithinSiblings()
    {
        var menu = new MenuDraft();
        var a = MenuEditing.AddItem(menu, "m")!;
        var b = MenuEditing.AddItem(menu, "m")!;

        Assert.True(MenuEditing.Move(menu, b.Key, -1));
        Assert.Equal([b, a], menu.Items);
        Assert.False(MenuEditing.Move(menu, b.Key, -1));
        Assert.True(MenuEditing.Move(menu, b.Key, 1));
        Assert.Equal([a, b], menu.Items);
    }

    [Fact]
    public void MoveTo_SubItemToAnotherParentWithRoom_Moved_FullParentRefused()
    {
        var menu = new MenuDraft();
        var p = MenuEditing.AddItem(menu, "m")!;
        var q = MenuEditing.AddItem(menu, "m")!;
        var c = MenuEditing.AddChild(menu, p, "s")!;
        MenuEditing.AddChild(menu, q, "s");

        Assert.True(MenuEditing.MoveTo(menu, c.Key, MenuEditing.SubZone(q.Key), 0));
        Assert.Equal(c, q.Children[0]);
        Assert.Empty(p.Children);

        while (MenuEditing.AddChild(menu, p, "s") is not null)
        {
        }

        Assert.False(MenuEditing.MoveTo(menu, c.Key, MenuEditing.SubZone(p.Key), 0));
        Assert.False(MenuEditing.Accepts(menu, new MenuDragItem(c.Key, MenuEditing.SubZone(q.Key)), MenuEditing.SubZone(p.Key)));
        Assert.True(MenuEditing.Accepts(menu, new MenuDragItem(p.Children[0].Key, MenuEditing.SubZone(p.Key)), MenuEditing.SubZone(p.Key)));
    }

    [Fact]
    public void Accepts_PaletteAndLevels()
    {
        var menu = new MenuDraft();
        var p = MenuEditing.AddItem(menu, "m")!;
        var newItem = new MenuDragItem(MenuDragItem.NewItem, MenuDragItem.PaletteZone);
        var newChild = new MenuDragItem(MenuDragItem.NewChild, MenuDragItem.PaletteZone);
        var top = new MenuDragItem(p.Key, MenuEditing.TopZone);

        Assert.True(MenuEditing.Accepts(menu, newItem, MenuEditing.TopZone));
        Assert.False(MenuEditing.Accepts(menu, newItem, MenuEditing.SubZone(p.Key)));
        Assert.True(MenuEditing.Accepts(menu, newChild, MenuEditing.SubZone(p.Key)));
        Assert.False(MenuEditing.Accepts(menu, newChild, MenuEditing.TopZone));
        Assert.False(MenuEditing.Accepts(menu, top, MenuEditing.SubZone(p.Key)));
        Assert.False(MenuEditing.Accepts(menu, top, MenuDragItem.PaletteZone));
    }

    [Fact]
    public void MoveTo_TopItemToIndex_EndsThere()
    {
        var menu = new MenuDraft();
        var a = MenuEditing.AddItem(menu, "m")!;
        var b = MenuEditing.AddItem(menu, "m")!;
        var c = MenuEditing.AddItem(menu, "m")!;

        Assert.True(MenuEditing.MoveTo(menu, a.Key, MenuEditing.TopZone, 2));

        Assert.Equal([b, c, a], menu.Items);
    }

    [Fact]
    public void Drops_OnTheZoneRatherThanAnItem_Append()
    {
        var menu = new MenuDraft();
        var a = MenuEditing.AddItem(menu, "m", -1)!;
        var b = MenuEditing.AddItem(menu, "m", -1)!;
        var c = MenuEditing.AddItem(menu, "m", 0)!;
        var x = MenuEditing.AddChild(menu, a, "s", -1)!;
        var y = MenuEditing.AddChild(menu, a, "s", -1)!;

        Assert.Equal([c, a, b], menu.Items);
        Assert.Equal([x, y], a.Children);
        Assert.True(MenuEditing.MoveTo(menu, c.Key, MenuEditing.TopZone, -1));
        Assert.Equal([a, b, c], menu.Items);
    }

    [Fact]
    public void Remove_ChildAndItem()
    {
        var menu = new MenuDraft();
        var p = MenuEditing.AddItem(menu, "m")!;
        var c = MenuEditing.AddChild(menu, p, "s")!;

        Assert.True(MenuEditing.Remove(menu, c.Key));
        Assert.Empty(p.Children);
        Assert.True(MenuEditing.Remove(menu, p.Key));
        Assert.Empty(menu.Items);
        Assert.False(MenuEditing.Remove(menu, p.Key));
    }
}
