using System.Net;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Identity;

/// <summary>A user signed in with a password someone else set reaches nothing but the change-password page until they change it.</summary>
public sealed class PasswordResetTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private string temporary = "";

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var dev = await app.Services.CreateUserAsync(owner, "dev-a", Roles.Development);
        await using var scope = app.Services.As(admin.Principal);
        temporary = (await scope.ServiceProvider.GetRequiredService<AccountDetailService>().ResetPasswordAsync(owner.AccountId!.Value, dev.Id, CancellationToken.None)).Value;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task SignIn_TemporaryPassword_EveryPageLeadsToChangePasswordUntilChanged()
    {
        using var client = app.CreateBrowserlikeClient();
        using var signedIn = await client.SignInAsync("dev-a", temporary);

        using var home = await client.GetAsync("/");
        using var apps = await client.GetAsync("/sms/apps");
        var changePage = await client.GetStringAsync("/account/change-password");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/account/change-password", home.Headers.Location?.OriginalString);
        Assert.Equal("/account/change-password", apps.Headers.Location?.OriginalString);
        Assert.Contains("data-testid=\"password-change-required\"", changePage, StringComparison.Ordinal);

        using var changed = await client.PostFormAsync("/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = temporary,
            ["Input.Password"] = "Mine#Pass2026",
            ["Input.ConfirmPassword"] = "Mine#Pass2026",
        });
        using var after = await client.GetAsync("/");

        Assert.Contains("data-testid=\"password-changed\"", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
