using System.Collections.Concurrent;
using System.Net;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Layout;
using KooMessage.Console.Tests;

namespace KooMessage.Console.IntegrationTests.Security;

/// <summary>The console with one user per role: a platform administrator, a reviewer, and an account with each tenant role.</summary>
public sealed class RoleMatrixFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, HttpClient> clients = new();

    public ConsoleFactory App { get; } = new();

    /// <summary>The account the tenant users belong to.</summary>
    public Guid AccountId { get; private set; }

    public async Task InitializeAsync()
    {
        var admin = await App.Services.CreateAdministratorAsync(Roles.PlatformAdmin.ToLowerInvariant());
        await App.Services.CreateUserAsync(admin, Roles.Reviewer.ToLowerInvariant(), Roles.Reviewer);
        var owner = await App.Services.CreateAccountAsync(admin, "甲公司", Roles.FullAccess.ToLowerInvariant());
        AccountId = owner.AccountId!.Value;
        foreach (var role in Roles.Tenant.Where(r => r != Roles.FullAccess))
        {
            await App.Services.CreateUserAsync(owner, role.ToLowerInvariant(), role);
        }
    }

    /// <summary>A client signed in as the user holding <paramref name="role"/>, or anonymous for null.</summary>
    public async Task<HttpClient> ClientAsync(string? role)
    {
        var key = role ?? "";
        if (clients.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var client = App.CreateBrowserlikeClient();
        if (role is not null)
        {
            using var signedIn = await client.SignInAsync(role.ToLowerInvariant(), TestData.Password);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        return clients.GetOrAdd(key, client);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        await App.DisposeAsync();
    }
}

public sealed class RouteMatrixTests(RoleMatrixFixture fixture) : IClassFixture<RoleMatrixFixture>
{
    public static TheoryData<string, string> RolesAndPages()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in Roles.All)
        {
            foreach (var item in NavModel.All)
            {
                data.Add(role, item.Href);
            }
        }

        return data;
    }

    public static TheoryData<string> Pages() => [.. NavModel.All.Select(i => i.Href).Append("/account/change-password")];

    [Theory]
    [MemberData(nameof(RolesAndPages))]
    public async Task Get_PageAsRole_OpensOnlyWithPermission(string role, string href)
    {
        var client = await fixture.ClientAsync(role);
        var allowed = PermissionRules.Allows(role, NavModel.Find(href)!.Permission);

        using var response = await client.GetAsync(href);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get_PageAnonymous_LeadsToSignIn(string href)
    {
        var client = await fixture.ClientAsync(null);

        using var response = await client.GetAsync(href);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    public static TheoryData<string> AllRoles() => [.. Roles.All];

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Get_AccountDetailAsRole_OpensOnlyForPlatformAdmin(string role)
    {
        var client = await fixture.ClientAsync(role);

        using var response = await client.GetAsync($"/platform/accounts/{fixture.AccountId}");

        if (role == Roles.PlatformAdmin)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("甲公司", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_AccountDetailAnonymous_LeadsToSignIn()
    {
        var client = await fixture.ClientAsync(null);

        using var response = await client.GetAsync($"/platform/accounts/{fixture.AccountId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AccountDetailOfNoAccount_SaysNotFound()
    {
        var client = await fixture.ClientAsync(Roles.PlatformAdmin);

        var page = await client.GetStringAsync($"/platform/accounts/{Guid.NewGuid()}");

        Assert.Contains("data-testid=\"account-detail-error\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "请先登录", false)]
    [InlineData(Roles.CommonOperations, "FullAccess", true)]
    [InlineData(Roles.Reviewer, "平台管理", true)]
    public async Task Get_AccessDenied_SpeaksToItsReaderInsideTheShell(string? role, string advice, bool withMenu)
    {
        var client = await fixture.ClientAsync(role);

        var page = await client.GetStringAsync("/account/access-denied");

        var body = System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"access-denied-body\"[^>]*>([^<]*)<").Groups[1].Value;
        Assert.Contains(advice, WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        Assert.Equal(withMenu, page.Contains("data-testid=\"nav\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Roles.ReadOnlyAccess)]
    [InlineData(Roles.PlatformAdmin)]
    public async Task Get_PublicPages_OpenToEveryone(string? role)
    {
        var client = await fixture.ClientAsync(role);

        using var health = await client.GetAsync("/healthz");
        using var notFound = await client.GetAsync("/no-such-page");
        using var error = await client.GetAsync("/error");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("id=\"not-found-title\"", await notFound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await error.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AnyPage_ReconnectDialogInTheReadersLanguage()
    {
        var client = await fixture.ClientAsync(Roles.FullAccess);

        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/"));

        Assert.Contains("id=\"components-reconnect-modal\"", page, StringComparison.Ordinal);
        Assert.Contains("正在重新连接", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AnyPage_CarriesSecurityHeaders()
    {
        var client = await fixture.ClientAsync(Roles.FullAccess);

        using var response = await client.GetAsync("/");

        var csp = string.Join("", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("en-US", "Sign in")]
    [InlineData("zh-CN", "登录")]
    public async Task CultureSet_Choice_ChangesLanguage(string culture, string title)
    {
        using var client = fixture.App.CreateBrowserlikeClient();

        using var set = await client.GetAsync($"/culture/set?culture={culture}&redirectUri=%2Faccount%2Flogin");
        var page = await client.GetStringAsync("/account/login");

        Assert.Equal("/account/login", set.Headers.Location!.OriginalString);
        Assert.Equal(title, WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "<title>(.*?)</title>").Groups[1].Value));
    }

    [Fact]
    public async Task CultureSet_ForeignRedirect_GoesHome()
    {
        using var client = fixture.App.CreateBrowserlikeClient();

        using var set = await client.GetAsync("/culture/set?culture=en-US&redirectUri=https%3A%2F%2Fevil.example%2F");

        Assert.Equal("/", set.Headers.Location!.OriginalString);
    }
}
