using System.Reflection;
using KooMessage.Console.Components.Layout;
using KooMessage.Console.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace KooMessage.Console.UnitTests.Security;

public sealed class NavModelTests
{
    [Fact]
    public void Placeholder_Routes_AreExactlyTheModulesNotBuiltYet()
    {
        var placeholder = typeof(ModuleNotAvailable).GetCustomAttributes<RouteAttribute>().Select(r => r.Template).Order().ToList();
        var unavailable = NavModel.All.Where(i => !i.Available).Select(i => i.Href).Order().ToList();

        Assert.Equal(unavailable, placeholder);
    }

    [Fact]
    public void Built_Modules_EachHaveTheirOwnPage()
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .Where(t => t != typeof(ModuleNotAvailable))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .ToHashSet();

        Assert.All(NavModel.All.Where(i => i.Available), i => Assert.Contains(i.Href, routes));
    }

    [Fact]
    public void Find_PathWithQuery_FindsTheItem()
    {
        Assert.Equal("Nav.Signatures", NavModel.Find("sms/signatures?status=1")?.TitleKey);
        Assert.Null(NavModel.Find("/nowhere"));
    }
}
