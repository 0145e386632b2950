using System.Reflection;
using KooMessage.Console.Components.Layout;
using KooMessage.Console.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace KooMessage.Console.UnitTests.Security;

public sealed class NavModelTests
{
    [Fact]
    public void Unclaimed_Paths_FallToTheNotFoundPage()
    {
        var fallback = typeof(NotFoundFallback).GetCustomAttributes<RouteAttribute>().Select(r => r.Template).ToList();

        Assert.Equal(["/{*path:nonfile}"], fallback);
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

        Assert.All(NavModel.All, i => Assert.Contains(i.Href, routes));
    }

    [Fact]
    public void Find_PathWithQuery_FindsTheItem()
    {
        Assert.Equal("Nav.Signatures", NavModel.Find("sms/signatures?status=1")?.TitleKey);
        Assert.Null(NavModel.Find("/nowhere"));
    }

    private static HashSet<string> PageRoutes() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t != typeof(NotFoundFallback))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .ToHashSet();
}
