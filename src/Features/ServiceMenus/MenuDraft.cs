using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>menu_items[].action_type as the reference names it; stored by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MenuAction>))]
public enum MenuAction
{
    /// <summary>Opens the item's sub-menu; the only action of an item with children.</summary>
    OPEN_SUBMENU,

    OPEN_URL,

    CALLING,

    OPEN_APP,

    OPEN_QUICK,
}

/// <summary>
/// A service number's menu as the editor changes it and a version stores it (JSON): up to three first-level items,
/// each with up to five sub-items. A plain model: the rules (<see cref="MenuRules"/>) check it, the editor and the
/// simulator show it.
/// </summary>
public sealed class MenuDraft
{
    public List<MenuItemDraft> Items { get; set; } = [];

    public MenuDraft Clone() => new() { Items = [.. Items.Select(i => i.Clone())] };

    /// <summary>Every item, first-level then its children, with its place (<c>"0"</c>, <c>"0.2"</c>).</summary>
    public IEnumerable<(string Path, MenuItemDraft Item, MenuItemDraft? Parent)> All()
    {
        for (var i = 0; i < Items.Count; i++)
        {
            yield return (MenuPaths.Of(i), Items[i], null);
            for (var j = 0; j < Items[i].Children.Count; j++)
            {
                yield return (MenuPaths.Of(i, j), Items[i].Children[j], Items[i]);
            }
        }
    }

    /// <summary>The item at <paramref name="path"/>, or null.</summary>
    public MenuItemDraft? At(string? path) => MenuPaths.Parse(path) switch
    {
        (var i, null) when i < Items.Count => Items[i],
        (var i, { } j) when i < Items.Count && j < Items[i].Children.Count => Items[i].Children[j],
        _ => null,
    };

    /// <summary>The item whose key is <paramref name="key"/>, with its place, or null.</summary>
    public (string Path, MenuItemDraft Item, MenuItemDraft? Parent)? Find(string key) =>
        All().Where(x => x.Item.Key == key).Select(x => ((string, MenuItemDraft, MenuItemDraft?)?)x).FirstOrDefault();
}

/// <summary>One menu item: name, action and the action's fields (content and ext_msg of the reference).</summary>
public sealed class MenuItemDraft
{
    public const int KeyLength = 12;

    /// <summary>
    /// The item's id, kept across versions (a copy of the live menu keeps its keys): a pushed menu click names it as
    /// <c>menu_item</c>.
    /// </summary>
    public string Key { get; set; } = NewKey();

    public string Name { get; set; } = "";

    public MenuAction Action { get; set; } = MenuAction.OPEN_URL;

    /// <summary>content: the URL, the telephone number or the APP / quick app deeplink.</summary>
    public string Content { get; set; } = "";

    /// <summary>ext_msg.web_title (OPEN_URL).</summary>
    public string WebTitle { get; set; } = "";

    /// <summary>ext_msg.open_in_browser (OPEN_URL): 1 the browser, 0 the SMS app's web view (the default).</summary>
    public bool OpenInBrowser { get; set; }

    /// <summary>ext_msg.package_name (OPEN_APP).</summary>
    public string PackageName { get; set; } = "";

    /// <summary>ext_msg.app_id (OPEN_APP).</summary>
    public string AppId { get; set; } = "";

    /// <summary>ext_msg.browser_floor_url (OPEN_APP): where the handset goes without the APP.</summary>
    public string FallbackUrl { get; set; } = "";

    /// <summary>ext_msg.third_service_name (OPEN_QUICK; optional for OPEN_APP).</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>ext_msg.depend_engine_ver (OPEN_QUICK).</summary>
    public string EngineVersion { get; set; } = "";

    public List<MenuItemDraft> Children { get; set; } = [];

    public MenuItemDraft Clone() => new()
    {
        Key = Key, Name = Name, Action = Action, Content = Content, WebTitle = WebTitle, OpenInBrowser = OpenInBrowser, PackageName = PackageName,
        AppId = AppId, FallbackUrl = FallbackUrl, ServiceName = ServiceName, EngineVersion = EngineVersion, Children = [.. Children.Select(c => c.Clone())],
    };

    public static string NewKey() => RandomNumberGenerator.GetHexString(KeyLength, lowercase: true);
}

/// <summary>An item's place in the menu as the rules and the editor name it: <c>"1"</c> (second first-level item), <c>"1.0"</c> (its first sub-item).</summary>
public static class MenuPaths
{
    public static string Of(int item) => item.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Of(int item, int child) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{item}.{child}");

    public static (int Item, int? Child)? Parse(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var parts = path.Split('.');
        return parts switch
        {
            [var a] when int.TryParse(a, out var i) && i >= 0 => (i, null),
            [var a, var b] when int.TryParse(a, out var i) && int.TryParse(b, out var j) && i >= 0 && j >= 0 => (i, j),
            _ => null,
        };
    }
}
