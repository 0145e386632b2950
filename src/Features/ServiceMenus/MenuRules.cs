using System.Text.RegularExpressions;
using KooMessage.Console.Common.Text;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>A resource key given as a message argument, localized with the message (a field's label).</summary>
public sealed record MenuLabel(string Key);

/// <summary>
/// One broken rule: the item's place (<see cref="MenuPaths"/>; empty for the menu as a whole), the field
/// (a <see cref="MenuItemDraft"/> property name, or <see cref="MenuRules.ItemsField"/> / <see cref="MenuRules.ChildrenField"/>)
/// and the message's resource key with its arguments.
/// </summary>
public sealed record MenuIssue(string Path, string Field, string Key, params object[] Args)
{
    public string Text(IStringLocalizer l) => l[Key, [.. Args.Select(a => a is MenuLabel label ? l[label.Key].Value : a)]];

    /// <summary>The field's name as a service error carries it (<c>items[1].children[0].Name</c>).</summary>
    public string FieldName => Path.Length == 0 ? Field : MenuRules.FieldName(Path, Field);
}

/// <summary>
/// The menu's rules (OAS UpdateMenu / ListMenus, §1.9): ≤ 3 first-level items named 1–24, 1–12 or 1–8 wide when there
/// are 1, 2 or 3 of them; ≤ 5 second-level items per first-level item, named 1–16 wide (<see cref="MenuNameWidth"/>:
/// a Chinese character or an emoji counts 2); names unique in the menu; an item with children only opens them; each
/// action's fields within the reference's limits. Pure: the editor shows each issue at its field, the service refuses
/// a menu with any.
/// </summary>
public static partial class MenuRules
{
    public const string ItemsField = "Items";

    /// <summary>An empty menu: refused on submission; the editor shows an empty menu a hint instead.</summary>
    public const string NoItemsKey = "ServiceMenus.Rule.NoItems";
    public const string ChildrenField = "Children";

    public const int MaxItems = 3;
    public const int MaxChildren = 5;
    public const int SubNameMax = 16;

    /// <summary>content of OPEN_URL: http/https, fewer than 1000 characters (SNIP).</summary>
    public const int UrlMax = 999;
    public const int ContentMax = 1000;
    public const int WebTitleMax = 20;
    public const int PhoneMax = 20;
    public const int PackageNameMax = 50;
    public const int AppIdMax = 60;
    public const int FallbackUrlMax = 1000;
    public const int ServiceNameMax = 50;
    public const int EngineVersionMax = 50;
    public const int ChangeReasonMax = 1000;

    /// <summary>The widest a first-level name may be when the menu has <paramref name="count"/> first-level items: 24, 12 or 8.</summary>
    public static int FirstNameMax(int count) => count switch
    {
        <= 1 => 24,
        2 => 12,
        _ => 8,
    };

    public static string FieldName(string path, string field) =>
        MenuPaths.Parse(path) switch
        {
            (var i, null) => $"items[{i}].{field}",
            (var i, { } j) => $"items[{i}].children[{j}].{field}",
            _ => field,
        };

    /// <summary>Every broken rule of <paramref name="menu"/>, in the menu's order; empty when it may be submitted.</summary>
    public static IReadOnlyList<MenuIssue> Check(MenuDraft menu)
    {
        var issues = new List<MenuIssue>();
        if (menu.Items.Count == 0)
        {
            issues.Add(new("", ItemsField, NoItemsKey));
        }
        else if (menu.Items.Count > MaxItems)
        {
            issues.Add(new("", ItemsField, "ServiceMenus.Rule.TooManyItems", MaxItems));
        }

        var firstMax = FirstNameMax(menu.Items.Count);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, item, parent) in menu.All())
        {
            var max = parent is null ? firstMax : SubNameMax;
            var name = TextNormalizer.Name(item.Name);
            var width = MenuNameWidth.Of(name);
            if (width == 0)
            {
                issues.Add(new(path, nameof(MenuItemDraft.Name), "Validation.Required", new MenuLabel("ServiceMenus.Field.Name")));
            }
            else if (width > max)
            {
                issues.Add(parent is null
                    ? new(path, nameof(MenuItemDraft.Name), "ServiceMenus.Rule.FirstNameWidth", width, max, menu.Items.Count)
                    : new(path, nameof(MenuItemDraft.Name), "ServiceMenus.Rule.SubNameWidth", width, max));
            }
            else if (!seen.TryAdd(name, path))
            {
                issues.Add(new(path, nameof(MenuItemDraft.Name), "ServiceMenus.Rule.Duplicate", name));
            }

            if (parent is null && item.Children.Count > MaxChildren)
            {
                issues.Add(new(path, ChildrenField, "ServiceMenus.Rule.TooManyChildren", MaxChildren));
            }

            CheckAction(path, item, parent, issues);
        }

        return issues;
    }

    /// <summary>The change reason a submission needs when a version is live (1–1000), or null when it is fine.</summary>
    public static MenuIssue? CheckChangeReason(string? reason, bool liveExists)
    {
        var length = TextNormalizer.Visible(reason).Trim().Length;
        if (!liveExists)
        {
            return length > ChangeReasonMax ? new("", "ChangeReason", "Validation.MaxLength", new MenuLabel("ServiceMenus.Field.ChangeReason"), ChangeReasonMax) : null;
        }

        return length is < 1 or > ChangeReasonMax
            ? new("", "ChangeReason", "Validation.Length", new MenuLabel("ServiceMenus.Field.ChangeReason"), 1, ChangeReasonMax)
            : null;
    }

    private static void CheckAction(string path, MenuItemDraft item, MenuItemDraft? parent, List<MenuIssue> issues)
    {
        if (item.Children.Count > 0)
        {
            if (item.Action != MenuAction.OPEN_SUBMENU)
            {
                issues.Add(new(path, nameof(MenuItemDraft.Action), "ServiceMenus.Rule.ParentOpensSubmenu"));
            }

            return;
        }

        void Add(string field, string key, params object[] args) => issues.Add(new(path, field, key, args));
        switch (item.Action)
        {
            case MenuAction.OPEN_SUBMENU:
                Add(nameof(MenuItemDraft.Action), parent is null ? "ServiceMenus.Rule.SubmenuEmpty" : "ServiceMenus.Rule.SubmenuNested");
                break;
            case MenuAction.OPEN_URL:
                CheckWebUrl(item.Content, nameof(MenuItemDraft.Content), "ServiceMenus.Field.Url", UrlMax, required: true, Add);
                Length(item.WebTitle, nameof(MenuItemDraft.WebTitle), "ServiceMenus.Field.WebTitle", 1, WebTitleMax, Add);
                break;
            case MenuAction.CALLING:
                if (!PhonePattern().IsMatch(item.Content.Trim()))
                {
                    Add(nameof(MenuItemDraft.Content), "ServiceMenus.Rule.Phone", PhoneMax);
                }

                break;
            case MenuAction.OPEN_APP:
                if (Length(item.Content, nameof(MenuItemDraft.Content), "ServiceMenus.Field.AppLink", 1, ContentMax, Add)
                    && !Uri.TryCreate(item.Content.Trim(), UriKind.Absolute, out _))
                {
                    Add(nameof(MenuItemDraft.Content), "ServiceMenus.Rule.AppLink");
                }

                Length(item.PackageName, nameof(MenuItemDraft.PackageName), "ServiceMenus.Field.PackageName", 1, PackageNameMax, Add);
                Length(item.AppId, nameof(MenuItemDraft.AppId), "ServiceMenus.Field.AppId", 0, AppIdMax, Add);
                CheckWebUrl(item.FallbackUrl, nameof(MenuItemDraft.FallbackUrl), "ServiceMenus.Field.FallbackUrl", FallbackUrlMax, required: false, Add);
                Length(item.ServiceName, nameof(MenuItemDraft.ServiceName), "ServiceMenus.Field.ServiceName", 0, ServiceNameMax, Add);
                break;
            case MenuAction.OPEN_QUICK:
                if (Length(item.Content, nameof(MenuItemDraft.Content), "ServiceMenus.Field.QuickLink", 1, ContentMax, Add)
                    && !item.Content.Trim().StartsWith("hap://app/", StringComparison.Ordinal))
                {
                    Add(nameof(MenuItemDraft.Content), "ServiceMenus.Rule.QuickLink");
                }

                Length(item.ServiceName, nameof(MenuItemDraft.ServiceName), "ServiceMenus.Field.ServiceName", 1, ServiceNameMax, Add);
                Length(item.EngineVersion, nameof(MenuItemDraft.EngineVersion), "ServiceMenus.Field.EngineVersion", 1, EngineVersionMax, Add);
                break;
            default:
                Add(nameof(MenuItemDraft.Action), "ServiceMenus.Rule.Action");
                break;
        }
    }

    /// <summary>Whether the text's length (trimmed) is within min–max; adds the issue when not.</summary>
    private static bool Length(string? value, string field, string label, int min, int max, Action<string, string, object[]> add)
    {
        var length = (value ?? "").Trim().Length;
        if (length >= min && length <= max)
        {
            return true;
        }

        if (length == 0)
        {
            add(field, "Validation.Required", [new MenuLabel(label)]);
        }
        else
        {
            add(field, min == 0 ? "Validation.MaxLength" : "Validation.Length", min == 0 ? [new MenuLabel(label), max] : [new MenuLabel(label), min, max]);
        }

        return false;
    }

    private static void CheckWebUrl(string? value, string field, string label, int max, bool required, Action<string, string, object[]> add)
    {
        var url = (value ?? "").Trim();
        if (url.Length == 0)
        {
            if (required)
            {
                add(field, "Validation.Required", [new MenuLabel(label)]);
            }

            return;
        }

        if (url.Length > max)
        {
            add(field, "Validation.MaxLength", [new MenuLabel(label), max]);
        }
        else if (!IsWebUrl(url))
        {
            add(field, "ServiceMenus.Rule.WebUrl", [new MenuLabel(label)]);
        }
    }

    public static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    /// <summary>A telephone number: 1–20 digits or "-" (at least one digit), an optional leading "+".</summary>
    [GeneratedRegex(@"^(?=.*\d)\+?[0-9-]{1,20}$")]
    private static partial Regex PhonePattern();
}
