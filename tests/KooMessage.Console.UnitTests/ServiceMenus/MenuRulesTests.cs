using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.ServiceMenus;

namespace KooMessage.Console.UnitTests.ServiceMenus;

/// <summary>The menu's rules: 24/12/8 by the number of first-level items, 16 for sub-items, width counting, uniqueness, actions.</summary>
public sealed class MenuRulesTests
{
    private static MenuItemDraft Url(string name) => new() { Name = name, Action = MenuAction.OPEN_URL, Content = "https://example.com/a", WebTitle = "标题" };

    private static MenuDraft Menu(params MenuItemDraft[] items) => new() { Items = [.. items] };

    private static IReadOnlyList<MenuIssue> Issues(MenuDraft menu, string path, string field) =>
        [.. MenuRules.Check(menu).Where(i => i.Path == path && i.Field == field)];

    [Theory]
    [InlineData(1, 24)]
    [InlineData(2, 12)]
    [InlineData(3, 8)]
    public void Check_FirstLevelNameAtTheLimitForTheCount_Passes_OneMoreFails(int count, int max)
    {
        var atLimit = Menu([.. Enumerable.Range(0, count).Select(i => Url(new string((char)('a' + i), max)))]);
        var over = Menu([.. Enumerable.Range(0, count).Select(i => Url(new string((char)('a' + i), i == 0 ? max + 1 : max)))]);

        Assert.Empty(MenuRules.Check(atLimit));
        var issue = Assert.Single(MenuRules.Check(over));
        Assert.Equal(("0", nameof(MenuItemDraft.Name), "ServiceMenus.Rule.FirstNameWidth"), (issue.Path, issue.Field, issue.Key));
        Assert.Equal([max + 1, max, count], issue.Args);
    }

    [Fact]
    public void Check_ThirdItemAdded_TwelveWideNameNowTooLong()
    {
        var two = Menu(Url("一二三四五六"), Url("b"));
        Assert.Empty(MenuRules.Check(two));

        two.Items.Add(Url("c"));

        Assert.Equal("ServiceMenus.Rule.FirstNameWidth", Assert.Single(Issues(two, "0", nameof(MenuItemDraft.Name))).Key);
    }

    [Theory]
    [InlineData("账户服务", 8)]
    [InlineData("abc", 3)]
    [InlineData("VIP会员", 7)]
    [InlineData("ＡＢＣ", 3)]
    [InlineData("，", 1)]
    [InlineData("、。", 4)]
    [InlineData("😀", 2)]
    [InlineData("👍🏽", 2)]
    [InlineData("❤", 2)]
    [InlineData("é", 1)]
    [InlineData("", 0)]
    public void Width_OfNormalizedName_CjkAndEmojiCountTwo(string name, int width) =>
        Assert.Equal(width, MenuNameWidth.Of(TextNormalizer.Name(name)));

    [Fact]
    public void Check_NameWithZeroWidthCharacters_CountedWithoutThem()
    {
        var menu = Menu(Url("查询\u200B\u200B\u200B余额"), Url("b"), Url("c"));

        Assert.Empty(MenuRules.Check(menu));
    }

    [Fact]
    public void Check_SubItemNames_SixteenPassSeventeenFails()
    {
        var parent = new MenuItemDraft { Name = "服务", Action = MenuAction.OPEN_SUBMENU, Children = [Url("一二三四五六七八"), Url("一二三四五六七八x")] };

        var issue = Assert.Single(MenuRules.Check(Menu(parent)));

        Assert.Equal(("0.1", "ServiceMenus.Rule.SubNameWidth"), (issue.Path, issue.Key));
    }

    [Fact]
    public void Check_EmptyName_Required()
    {
        Assert.Equal("Validation.Required", Assert.Single(Issues(Menu(Url("  ")), "0", nameof(MenuItemDraft.Name))).Key);
    }

    [Theory]
    [InlineData("余额", "余额")]
    [InlineData("Help", "help")]
    [InlineData("ＶＩＰ", "VIP")]
    [InlineData("余\u200B额", "余额")]
    public void Check_SameNameAfterNormalization_DuplicateAtTheSecond(string first, string second)
    {
        var menu = Menu(new MenuItemDraft { Name = "服务", Action = MenuAction.OPEN_SUBMENU, Children = [Url(first)] }, Url(second));

        Assert.Equal("ServiceMenus.Rule.Duplicate", Assert.Single(MenuRules.Check(menu)).Key);
        Assert.Equal("1", Assert.Single(MenuRules.Check(menu)).Path);
    }

    [Fact]
    public void Check_FourItemsOrSixChildren_Refused()
    {
        var four = Menu(Url("a"), Url("b"), Url("c"), Url("d"));
        var six = Menu(new MenuItemDraft { Name = "p", Action = MenuAction.OPEN_SUBMENU, Children = [.. Enumerable.Range(0, 6).Select(i => Url($"s{i}"))] });

        Assert.Contains(MenuRules.Check(four), i => i.Key == "ServiceMenus.Rule.TooManyItems" && i.Path == "");
        Assert.Contains(MenuRules.Check(six), i => i.Key == "ServiceMenus.Rule.TooManyChildren" && i.Path == "0");
        Assert.Empty(MenuRules.Check(Menu(new MenuItemDraft { Name = "p", Action = MenuAction.OPEN_SUBMENU, Children = [.. Enumerable.Range(0, 5).Select(i => Url($"s{i}"))] })));
    }

    [Fact]
    public void Check_NoItems_Refused() => Assert.Equal("ServiceMenus.Rule.NoItems", Assert.Single(MenuRules.Check(new MenuDraft())).Key);

    [Fact]
    public void Check_ParentWithAnAction_OnlyOpensItsSubmenu()
    {
        var parent = Url("p");
        parent.Children.Add(Url("c"));

        Assert.Equal("ServiceMenus.Rule.ParentOpensSubmenu", Assert.Single(Issues(Menu(parent), "0", nameof(MenuItemDraft.Action))).Key);
    }

    [Fact]
    public void Check_SubmenuWithoutChildren_OrNested_Refused()
    {
        var empty = new MenuItemDraft { Name = "p", Action = MenuAction.OPEN_SUBMENU };
        var nested = new MenuItemDraft { Name = "q", Action = MenuAction.OPEN_SUBMENU, Children = [new MenuItemDraft { Name = "c", Action = MenuAction.OPEN_SUBMENU }] };

        Assert.Equal("ServiceMenus.Rule.SubmenuEmpty", Assert.Single(MenuRules.Check(Menu(empty))).Key);
        Assert.Equal("ServiceMenus.Rule.SubmenuNested", Assert.Single(MenuRules.Check(Menu(nested))).Key);
    }

    [Theory]
    [InlineData("https://example.com/a", "标题", null)]
    [InlineData("http://example.com", "t", null)]
    [InlineData("ftp://example.com", "t", "ServiceMenus.Rule.WebUrl")]
    [InlineData("example.com", "t", "ServiceMenus.Rule.WebUrl")]
    [InlineData("", "t", "Validation.Required")]
    public void Check_OpenUrl_HttpOrHttps(string url, string title, string? expected)
    {
        var item = new MenuItemDraft { Name = "a", Action = MenuAction.OPEN_URL, Content = url, WebTitle = title };

        Assert.Equal(expected, Issues(Menu(item), "0", nameof(MenuItemDraft.Content)).SingleOrDefault()?.Key);
    }

    [Theory]
    [InlineData(999, null)]
    [InlineData(1000, "Validation.MaxLength")]
    public void Check_OpenUrl_FewerThanAThousandCharacters(int length, string? expected)
    {
        var url = "https://example.com/" + new string('a', length - "https://example.com/".Length);
        var item = new MenuItemDraft { Name = "a", Action = MenuAction.OPEN_URL, Content = url, WebTitle = "t" };

        Assert.Equal(expected, Issues(Menu(item), "0", nameof(MenuItemDraft.Content)).SingleOrDefault()?.Key);
    }

    [Theory]
    [InlineData(0, "Validation.Required")]
    [InlineData(1, null)]
    [InlineData(20, null)]
    [InlineData(21, "Validation.Length")]
    public void Check_WebTitle_OneToTwenty(int length, string? expected)
    {
        var item = new MenuItemDraft { Name = "a", Action = MenuAction.OPEN_URL, Content = "https://example.com", WebTitle = new string('题', length) };

        Assert.Equal(expected, Issues(Menu(item), "0", nameof(MenuItemDraft.WebTitle)).SingleOrDefault()?.Key);
    }

    [Theory]
    [InlineData("95588", true)]
    [InlineData("400-800-1234", true)]
    [InlineData("+8613800138000", true)]
    [InlineData("12345678901234567890", true)]
    [InlineData("123456789012345678901", false)]
    [InlineData("---", false)]
    [InlineData("95588a", false)]
    [InlineData("", false)]
    public void Check_Calling_DigitsOrDash(string number, bool valid)
    {
        var item = new MenuItemDraft { Name = "a", Action = MenuAction.CALLING, Content = number };

        Assert.Equal(valid, MenuRules.Check(Menu(item)).Count == 0);
    }

    [Fact]
    public void Check_OpenApp_PackageRequired_AppIdAtMostSixty_FallbackWebUrl()
    {
        var ok = new MenuItemDraft { Name = "a", Action = MenuAction.OPEN_APP, Content = "myapp://home", PackageName = "com.example", AppId = new string('1', 60), FallbackUrl = "https://example.com" };
        var bad = new MenuItemDraft { Name = "a", Action = MenuAction.OPEN_APP, Content = "not a link", AppId = new string('1', 61), FallbackUrl = "ftp://x" };

        Assert.Empty(MenuRules.Check(Menu(ok)));
        Assert.Equal(
            [(nameof(MenuItemDraft.Content), "ServiceMenus.Rule.AppLink"), (nameof(MenuItemDraft.PackageName), "Validation.Required"),
                (nameof(MenuItemDraft.AppId), "Validation.MaxLength"), (nameof(MenuItemDraft.FallbackUrl), "ServiceMenus.Rule.WebUrl")],
            MenuRules.Check(Menu(bad)).Select(i => (i.Field, i.Key)));
    }

    [Fact]
    public void Check_OpenQuick_HapLinkServiceAndEngineVersion()
    {
        var ok = new MenuItemDraft { Name = "a", Action = MenuAction.OPEN_QUICK, Content = "hap://app/com.example", ServiceName = "商城", EngineVersion = "1080" };
        var bad = new MenuItemDraft { Name = "a", Action = MenuAction.OPEN_QUICK, Content = "https://example.com", EngineVersion = new string('1', 51) };

        Assert.Empty(MenuRules.Check(Menu(ok)));
        Assert.Equal(
            [(nameof(MenuItemDraft.Content), "ServiceMenus.Rule.QuickLink"), (nameof(MenuItemDraft.ServiceName), "Validation.Required"),
                (nameof(MenuItemDraft.EngineVersion), "Validation.Length")],
            MenuRules.Check(Menu(bad)).Select(i => (i.Field, i.Key)));
    }

    [Theory]
    [InlineData(null, false, true)]
    [InlineData(null, true, false)]
    [InlineData("调整菜单", true, true)]
    [InlineData("   ", true, false)]
    public void CheckChangeReason_RequiredWhileAVersionIsLive(string? reason, bool live, bool ok) =>
        Assert.Equal(ok, MenuRules.CheckChangeReason(reason, live) is null);

    [Fact]
    public void CheckChangeReason_ThousandPasses_ThousandAndOneFails()
    {
        Assert.Null(MenuRules.CheckChangeReason(new string('因', 1000), liveExists: true));
        Assert.NotNull(MenuRules.CheckChangeReason(new string('因', 1001), liveExists: true));
    }

    [Fact]
    public void Issue_FieldName_NamesTheItem()
    {
        var menu = Menu(new MenuItemDraft { Name = "p", Action = MenuAction.OPEN_SUBMENU, Children = [new MenuItemDraft { Name = "c", Action = MenuAction.CALLING }] });

        Assert.Equal("items[0].children[0].Content", Assert.Single(MenuRules.Check(menu)).FieldName);
    }
}
