using System.Net;
using System.Text.RegularExpressions;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Identity;

/// <summary>Sign-in and sign-up do not tell an anonymous visitor who exists.</summary>
public sealed partial class EnumerationTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private readonly CountingPasswordHasher hasher = new();
    private WebApplicationFactory<Program> host = default!;

    public Task InitializeAsync()
    {
        host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private HttpClient Client() =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task SignIn_UnknownDisabledLockedOrWrong_SameHashWorkAsKnownUser()
    {
        var admin = await host.Services.CreateAdministratorAsync();
        var owner = await host.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var disabled = await host.Services.CreateUserAsync(owner, "dev-a", Roles.Development);
        await host.Services.CreateUserAsync(owner, "ops-a", Roles.CommonOperations);
        await using (var scope = host.Services.As(owner.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<UserService>().SetDisabledAsync(UserScope.Tenant, disabled.Id, true, CancellationToken.None));
        }

        using var client = Client();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.SignInAsync("ops-a", "Wrong#Pass1");
        }

        var work = new Dictionary<string, int>();
        foreach (var (userName, password) in new[] { ("admin", "Wrong#Pass1"), ("nobody", "Wrong#Pass1"), ("dev-a", TestData.Password), ("ops-a", TestData.Password) })
        {
            hasher.Reset();
            using var response = await client.SignInAsync(userName, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            work[userName] = hasher.Verifications;
        }

        Assert.Equal(1, work["admin"]);
        Assert.All(work, w => Assert.Equal(work["admin"], w.Value));
    }

    [Fact]
    public async Task SignUp_EmailRegisteredInAnotherAccount_SignedUpAndNothingSaidAboutIt()
    {
        var admin = await host.Services.CreateAdministratorAsync();
        await host.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        using var client = Client();

        using var response = await client.PostFormAsync("/account/register", "sign-up", new Dictionary<string, string>
        {
            ["Input.AccountName"] = "乙公司",
            ["Input.UserName"] = "owner-b",
            ["Input.Email"] = "OWNER-A@example.com",
            ["Input.Password"] = TestData.Password,
            ["Input.ConfirmPassword"] = TestData.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("km.auth=", StringComparison.Ordinal));
    }

    /// <summary>Identity's own hasher, counting how often a password is checked against a hash.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public void Reset() => Interlocked.Exchange(ref verifications, 0);

        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
