using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.ApiKeys;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.ApiKeys;

public sealed class ApiKeysPageTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "甲公司", "owner-a");
    }

    private IRenderedComponent<MudHost> RenderKeys() => Render<MudHost>(p => p.AddChildContent<ApiKeysPage>());

    [Fact]
    public async Task CreateThenRevoke_Owner_SecretShownOnceThenRefusedAfterRevoking()
    {
        SignIn(owner);
        var cut = RenderKeys();
        cut.WaitForAssertion(() => Assert.Contains("还没有 API 密钥", cut.Markup, StringComparison.Ordinal));

        cut.Find("[data-testid=empty-action]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("input[data-testid=api-key-name]")));
        cut.Find("input[data-testid=api-key-name]").Change("推送系统");
        cut.Find("[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("input[data-testid=api-key-secret]")));
        var token = cut.Find("input[data-testid=api-key-secret]").GetAttribute("value")!;
        Assert.StartsWith("km_", token, StringComparison.Ordinal);
        Assert.Contains("它只显示这一次", cut.Markup, StringComparison.Ordinal);
        var keys = Services.GetRequiredService<ApiKeyAuthenticator>();
        Assert.NotNull(await keys.AuthenticateAsync($"Bearer {token}", CancellationToken.None));

        cut.Find("[data-testid=close-api-key-secret]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("input[data-testid=api-key-secret]")));
        cut.WaitForAssertion(() => Assert.Contains("推送系统", cut.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(token, cut.Markup, StringComparison.Ordinal);
        Assert.Contains(token[..19], cut.Markup, StringComparison.Ordinal);
        Assert.Contains("从未使用", cut.Markup, StringComparison.Ordinal);

        cut.Find($"[data-testid=revoke-{token[3..19]}]").Click();
        cut.WaitForAssertion(() => Assert.Contains("吊销密钥“推送系统”？", cut.Markup, StringComparison.Ordinal));
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "吊销").Click();

        cut.WaitForAssertion(() => Assert.Contains("已吊销", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll($"[data-testid=revoke-{token[3..19]}]"));
        Assert.Null(await keys.AuthenticateAsync($"Bearer {token}", CancellationToken.None));
    }

    [Fact]
    public async Task NewKeyDialog_Development_OffersOnlyItsOwnRole()
    {
        var developer = await Services.CreateUserAsync(owner, "dev-a", Roles.Development);
        SignIn(developer);
        var cut = RenderKeys();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=new-api-key]")));

        cut.Find("[data-testid=new-api-key]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("input[data-testid=api-key-name]")));
        cut.Find("[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("请填写密钥名称。", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("Development（开发）", cut.Markup, StringComparison.Ordinal);
    }

    // A key acts for its creator: the owner sees which live keys stopped working because their creator was disabled.
    [Fact]
    public async Task Render_KeyOfADisabledCreator_MarkedNotWorkingAndWhy()
    {
        var developer = await Services.CreateUserAsync(owner, "dev-a", Roles.Development);
        CreatedApiKey created;
        await using (var scope = Services.As(developer.Principal))
        {
            created = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyForm { Name = "推送系统", Role = Roles.Development }, CancellationToken.None)).Value;
        }

        await using (var scope = Services.As(owner.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<Features.Users.UserService>().SetDisabledAsync(Features.Users.UserScope.Tenant, developer.Id, true, CancellationToken.None));
        }

        SignIn(owner);
        var cut = RenderKeys();

        var prefix = created.Token[3..19];
        cut.WaitForAssertion(() => Assert.Equal("已失效", cut.Find($"[data-testid=creator-lapsed-{prefix}]").TextContent.Trim()));
        Assert.Contains("dev-a 已被停用、删除或降低了角色", cut.Markup, StringComparison.Ordinal);
        Assert.Null(await Services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync($"Bearer {created.Token}", CancellationToken.None));
    }

    [Fact]
    public async Task Render_ReadOnlyUser_RefusedByTheServiceAndNoCreateButton()
    {
        SignIn(await Services.CreateUserAsync(owner, "viewer-a", Roles.ReadOnlyAccess));

        var cut = RenderKeys();

        cut.WaitForAssertion(() => Assert.Contains("未经授权的操作。", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=new-api-key]"));
    }
}
