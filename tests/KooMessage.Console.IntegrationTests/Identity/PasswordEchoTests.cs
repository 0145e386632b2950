using System.Net;
using KooMessage.Console.Tests;

namespace KooMessage.Console.IntegrationTests.Identity;

/// <summary>A refused form is shown again with what was typed, but never with a password in the HTML.</summary>
public sealed class PasswordEchoTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task SignIn_WrongPassword_PasswordNotInThePage()
    {
        await app.Services.CreateAdministratorAsync();
        using var client = app.CreateBrowserlikeClient();

        using var response = await client.SignInAsync("admin", "Echo#Wrong-7391");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("km-auth-error", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Echo#Wrong-7391", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_Refused_PasswordsNotInThePage()
    {
        await app.Services.CreateAdministratorAsync();
        using var client = app.CreateBrowserlikeClient();

        using var response = await client.PostFormAsync("/account/register", "sign-up", new Dictionary<string, string>
        {
            ["Input.AccountName"] = "乙公司",
            ["Input.UserName"] = "owner-b",
            ["Input.Email"] = "owner-b@example.com",
            ["Input.Password"] = "Echo#First-5520",
            ["Input.ConfirmPassword"] = "Echo#Second-5521",
        });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("km-field-error", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Echo#First-5520", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Echo#Second-5521", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_Refused_PasswordsNotInThePage()
    {
        using var client = app.CreateBrowserlikeClient();

        using var response = await client.PostFormAsync("/setup", "setup", new Dictionary<string, string>
        {
            ["Input.UserName"] = "admin",
            ["Input.Email"] = "admin@example.com",
            ["Input.Password"] = "Echo#First-6630",
            ["Input.ConfirmPassword"] = "Echo#Second-6631",
        });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("km-field-error", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Echo#First-6630", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Echo#Second-6631", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrent_PasswordsNotInThePage()
    {
        await app.Services.CreateAdministratorAsync();
        using var client = app.CreateBrowserlikeClient();
        using var signedIn = await client.SignInAsync("admin", TestData.Password);

        using var response = await client.PostFormAsync("/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "Echo#Current-8840",
            ["Input.Password"] = "Echo#New-8841x",
            ["Input.ConfirmPassword"] = "Echo#New-8841x",
        });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("km-auth-error", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Echo#Current-8840", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Echo#New-8841x", page, StringComparison.Ordinal);
    }
}
