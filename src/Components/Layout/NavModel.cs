using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using MudBlazor;

namespace KooMessage.Console.Components.Layout;

public sealed record NavGroup(string TitleKey, string Icon, IReadOnlyList<NavItem> Items);

/// <summary>The drawer: the overview, then every module's entries in the groups of <see cref="NavGroups"/>, in registration order.</summary>
public static class NavModel
{
    public const string HomeRoute = "/";

    public static readonly NavItem Overview = new("", "Nav.Overview", HomeRoute, Icons.Material.Outlined.Dashboard, Permission.OverviewView);

    public static readonly IReadOnlyList<NavGroup> Groups = NavGroups.All
        .Select(g => new NavGroup(g.Key, g.Icon, ConsoleModules.All.SelectMany(m => m.NavItems).Where(i => i.Group == g.Key).ToList()))
        .Where(g => g.Items.Count > 0)
        .ToList();

    public static IEnumerable<NavItem> All => Groups.SelectMany(g => g.Items).Prepend(Overview);

    public static NavItem? Find(string path)
    {
        var clean = "/" + path.Split('?', '#')[0].Trim('/');
        return All.FirstOrDefault(i => string.Equals(i.Href, clean, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The groups with only the items this user may open; empty groups are left out.</summary>
    public static IReadOnlyList<NavGroup> For(UserContext user) =>
        Groups
            .Select(g => g with { Items = g.Items.Where(i => user.Can(i.Permission)).ToList() })
            .Where(g => g.Items.Count > 0)
            .ToList();
}
