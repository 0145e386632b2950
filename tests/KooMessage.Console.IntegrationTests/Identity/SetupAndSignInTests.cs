using System.Net;
using System.Text.RegularExpressions;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Identity;

public sealed class SetupAndSignInTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static Dictionary<string, string> Setup(string user, string password, string confirm) => new()
    {
        ["Input.UserName"] = user,
        ["Input.Email"] = $"{user}@example.com",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm,
    };

    [Fact]
    public async Task AnyPage_BeforeSetup_LeadsToSetup()
    {
        using var client = app.CreateBrowserlikeClient();

        foreach (var path in new[] { "/", "/account/login", "/iam/users", "/no-such-page" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/setup", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Setup_ShowsPasswordRulesAndNoDefaultPassword()
    {
        using var client = app.CreateBrowserlikeClient();

        var page = await client.GetStringAsync("/setup");

        Assert.Contains("data-testid=\"password-rules\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"admin", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Setup_InvalidInput_RefusedWithMessagesAndNoUser()
    {
        using var client = app.CreateBrowserlikeClient();

        using var response = await client.PostFormAsync("/setup", "setup", Setup("a", "short", "other"));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("km-field-error", page, StringComparison.Ordinal);
        using var again = await client.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Setup_Once_SignsInThenAnswers404()
    {
        using var client = app.CreateBrowserlikeClient();

        using var created = await client.PostFormAsync("/setup", "setup", Setup("admin", TestData.Password, TestData.Password));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        using var anonymous = app.CreateBrowserlikeClient();
        using var setupAgain = await anonymous.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.NotFound, setupAgain.StatusCode);
        using var postAgain = await anonymous.PostAsync("/setup", new FormUrlEncodedContent(Setup("evil", TestData.Password, TestData.Password)));
        Assert.Equal(HttpStatusCode.NotFound, postAgain.StatusCode);
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsCookieAndOpensConsole()
    {
        await app.Services.CreateAdministratorAsync();
        using var client = app.CreateBrowserlikeClient();

        using var response = await client.SignInAsync("admin", TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("km.auth=", StringComparison.Ordinal));
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task SignIn_UnknownUserAndWrongPassword_SameMessage()
    {
        await app.Services.CreateAdministratorAsync();
        using var client = app.CreateBrowserlikeClient();

        var unknown = await (await client.SignInAsync("nobody", TestData.Password)).Content.ReadAsStringAsync();
        var wrong = await (await client.SignInAsync("admin", "Wrong#Pass1")).Content.ReadAsStringAsync();

        Assert.Equal(ErrorText(unknown), ErrorText(wrong));
        Assert.NotEmpty(ErrorText(wrong));
    }

    [Fact]
    public async Task SignIn_FiveFailures_LocksOutEvenTheRightPassword()
    {
        await app.Services.CreateAdministratorAsync();
        using var client = app.CreateBrowserlikeClient();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.SignInAsync("admin", "Wrong#Pass1");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        using var locked = await client.SignInAsync("admin", TestData.Password);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.DoesNotContain(locked.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("km.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignIn_DisabledUser_Refused()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var dev = await app.Services.CreateUserAsync(owner, "dev-a", Roles.Development);
        await using (var scope = app.Services.As(owner.Principal))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            TestData.Ok(await users.SetDisabledAsync(UserScope.Tenant, dev.Id, true, CancellationToken.None));
        }

        using var client = app.CreateBrowserlikeClient();
        using var response = await client.SignInAsync("dev-a", TestData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutToken_RefusedAndStillSignedIn()
    {
        await app.Services.CreateAdministratorAsync();
        using var client = app.CreateBrowserlikeClient();
        await client.SignInAsync("admin", TestData.Password);

        using var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        using var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithToken_EndsSession()
    {
        await app.Services.CreateAdministratorAsync();
        using var client = app.CreateBrowserlikeClient();
        await client.SignInAsync("admin", TestData.Password);

        var page = await client.GetStringAsync("/account/change-password");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var signedOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var after = await client.GetAsync("/");
        Assert.StartsWith("/account/login", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    private static string ErrorText(string page) =>
        Regex.Match(page, "class=\"km-auth-error\" role=\"alert\">([^<]*)<").Groups[1].Value;
}
