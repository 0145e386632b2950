using System.Reflection;
using KooMessage.Console.Components.Layout;
using KooMessage.Console.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace KooMessage.Console.UnitTests.Security;

public sealed class NavModelTests
{
    [Fact]
    public void Planned_Modules_FallToThePlaceholderAndNoPageClaimsTheirRoute()
    {
        var placeholder = typeof(ModuleNotAvailable).GetCustomAttributes<RouteAttribute>().Select(r => r.Template).ToList();
        var pages = PageRoutes();

        Assert.Equal(["/{*path:nonfile}"], placeholder);
        Assert.Contains(NavModel.All, i => !i.Available);
        Assert.All(NavModel.All.Where(i => !i.Available), i => Assert.DoesNotContain(i.Href, pages));
    }

    [Fact]
    public void NavModel_Routes_AreUnique()
    {
        var routes = NavModel.All.Select(i => i.Href).ToList();

        Assert.Equal(routes.Count, routes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Built_Modules_EachHaveTheirOwnPage()
    {
        var routes = PageRoutes();

        Assert.All(NavModel.All.Where(i => i.Available), i => Assert.Contains(i.Href, routes));
    }

    [Fact]
    public void Find_PathWithQuery_FindsTheItem()
    {
        Assert.Equal("Nav.Signatures", NavModel.Find("sms/signatures?status=1")?.TitleKey);
        Assert.Null(NavModel.Find("/nowhere"));
    }

    private static HashSet<string> PageRoutes() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t != typeof(ModuleNotAvailable))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .ToHashSet();
}
