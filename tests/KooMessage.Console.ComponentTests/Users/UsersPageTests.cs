using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.Users;

public sealed class UsersPageTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        await Services.CreateUserAsync(owner, "viewer-a", Roles.ReadOnlyAccess);
        var other = await Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        await Services.CreateUserAsync(other, "ops-b", Roles.CommonOperations);
    }

    private IRenderedComponent<MudHost> RenderUsers() =>
        Render<MudHost>(p => p.AddChildContent<UserTable>(t => t
            .Add(x => x.Scope, UserScope.Tenant)
            .Add(x => x.Title, "用户")));

    [Fact]
    public void Render_Owner_ListsOwnAccountUsersWithRolesInChinese()
    {
        SignIn(owner);

        var cut = RenderUsers();

        cut.WaitForAssertion(() => Assert.Contains("viewer-a", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("ReadOnlyAccess（只读）", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("ops-b", cut.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=new-user]"));
    }

    [Fact]
    public async Task Render_ReadOnlyUser_RefusedByServiceNoRowsNoCreate()
    {
        SignIn(await TestData.UserAsync(Services, "viewer-a"));

        var cut = RenderUsers();

        cut.WaitForAssertion(() => Assert.Contains("未经授权的操作。", cut.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("owner-a", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=new-user]"));
    }

    [Fact]
    public void NewUserDialog_EmptySave_ShowsMessagesAndCreatesNothing()
    {
        SignIn(owner);
        var cut = RenderUsers();
        cut.WaitForAssertion(() => Assert.Contains("viewer-a", cut.Markup, StringComparison.Ordinal));

        cut.Find("[data-testid=new-user]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=save]")));
        cut.Find("[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("请填写用户名。", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("请填写邮箱。", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("请填写密码。", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void NewUserDialog_ValidInput_UserAppearsInList()
    {
        SignIn(owner);
        var cut = RenderUsers();
        cut.WaitForAssertion(() => Assert.Contains("viewer-a", cut.Markup, StringComparison.Ordinal));

        cut.Find("[data-testid=new-user]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=save]")));
        cut.Find("input[data-testid=user-name]").Change("dev-a");
        cut.Find("input[data-testid=email]").Change("dev-a@example.com");
        cut.Find("input[data-testid=password]").Input(TestData.Password);
        cut.Find("input[data-testid=confirm-password]").Change(TestData.Password);
        cut.Find("[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("dev-a@example.com", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("用户已创建。", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void NewUserDialog_TypingAPassword_TicksOffTheRulesItMeets()
    {
        SignIn(owner);
        var cut = RenderUsers();
        cut.WaitForAssertion(() => Assert.Contains("viewer-a", cut.Markup, StringComparison.Ordinal));
        cut.Find("[data-testid=new-user]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=password-rule]")));
        Assert.All(cut.FindAll("[data-testid=password-rule]"), r => Assert.Equal("false", r.GetAttribute("data-met")));

        cut.Find("input[data-testid=password]").Input("abc1");

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=password-rule]"), r => r.GetAttribute("data-met") == "true"));
        var rules = cut.FindAll("[data-testid=password-rule]");
        Assert.Contains(rules, r => r.GetAttribute("data-met") == "true" && r.TextContent.Contains("数字", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.GetAttribute("data-met") == "false" && r.TextContent.Contains("大写", StringComparison.Ordinal));

        cut.Find("input[data-testid=password]").Input(TestData.Password);

        cut.WaitForAssertion(() => Assert.All(cut.FindAll("[data-testid=password-rule]"), r => Assert.Equal("true", r.GetAttribute("data-met"))));
    }
}
