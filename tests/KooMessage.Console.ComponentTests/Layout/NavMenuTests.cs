using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Layout;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.Layout;

public sealed class NavMenuTests : BunitContext
{
    public NavMenuTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
    }

    public static TheoryData<string> AllRoles => [.. Roles.All];

    private static UserContext As(string role) => new("u1", "someone", Roles.Tenant.Contains(role) ? Guid.NewGuid() : null, null, [role]);

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Render_Role_ShowsExactlyThePagesItMayOpen(string role)
    {
        var user = As(role);

        var cut = Render<NavMenu>(p => p.Add(m => m.User, user));

        var shown = cut.FindAll("a.mud-nav-link").Select(a => a.GetAttribute("href")).ToList();
        var expected = NavModel.All.Where(i => user.Can(i.Permission)).Select(i => (string?)i.Href).ToList();
        Assert.Equal(expected, shown);
    }

    [Fact]
    public void Render_ReadOnlyAccess_HidesUsersAndPlatform()
    {
        var cut = Render<NavMenu>(p => p.Add(m => m.User, As(Roles.ReadOnlyAccess)));

        Assert.Empty(cut.FindAll("a[href='/iam/users']"));
        Assert.Empty(cut.FindAll("a[href='/platform/accounts']"));
        Assert.NotEmpty(cut.FindAll("a[href='/reports/downloads']"));
    }

    [Fact]
    public void Render_Chinese_GroupsNamedLikeKooMessage()
    {
        using var chinese = Tests.CultureScope.Use("zh-CN");

        var cut = Render<NavMenu>(p => p.Add(m => m.User, As(Roles.FullAccess)));

        foreach (var group in new[] { "企业管理", "短消息配置", "智能信息", "服务号", "费用中心", "报表统计", "权限管理" })
        {
            Assert.Contains(group, cut.Markup, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("审核中心", cut.Markup, StringComparison.Ordinal);
    }
}
