using System.Security.Claims;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>A user made through the console's own services, with the principal its sign-in cookie would carry.</summary>
public sealed record TestUser(string Id, string UserName, string Password, Guid? AccountId, ClaimsPrincipal Principal);

/// <summary>Builds test data through the real services (setup, accounts, users), as a person using the console would.</summary>
public static class TestData
{
    public const string Password = "Test#Pass2026";

    /// <summary>A scope acting as <paramref name="principal"/>, as a request of that user would.</summary>
    public static AsyncServiceScope As(this IServiceProvider services, ClaimsPrincipal principal)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetRequestPrincipal(principal);
        return scope;
    }

    public static async Task<TestUser> CreateAdministratorAsync(this IServiceProvider services, string userName = "admin")
    {
        var setup = services.GetRequiredService<SetupService>();
        var created = await setup.CreateAdministratorAsync(Form(userName), CancellationToken.None);
        Ok(created);
        return await UserAsync(services, userName);
    }

    /// <summary>A new account with its owner (FullAccess), created by a platform administrator.</summary>
    public static async Task<TestUser> CreateAccountAsync(this IServiceProvider services, TestUser admin, string accountName, string ownerName)
    {
        await using var scope = services.As(admin.Principal);
        var form = new NewAccountForm { AccountName = accountName, UserName = ownerName, Email = $"{ownerName}@example.com", Password = Password, ConfirmPassword = Password };
        Ok(await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(form, CancellationToken.None));
        return await UserAsync(services, ownerName);
    }

    /// <summary>A user created by <paramref name="manager"/> in its own account (tenant) or among the staff (platform).</summary>
    public static async Task<TestUser> CreateUserAsync(this IServiceProvider services, TestUser manager, string userName, string role)
    {
        await using var scope = services.As(manager.Principal);
        var userScope = manager.AccountId is null ? UserScope.Staff : UserScope.Tenant;
        var form = new NewUserForm { UserName = userName, Email = $"{userName}@example.com", Role = role, Password = Password, ConfirmPassword = Password };
        Ok(await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(userScope, form, CancellationToken.None));
        return await UserAsync(services, userName);
    }

    /// <summary>Reads the user back and builds its principal with the console's own claims factory.</summary>
    public static async Task<TestUser> UserAsync(IServiceProvider services, string userName)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return new TestUser(user.Id, userName, Password, user.AccountId, principal);
    }

    public static UserCredentialsForm Form(string userName, string password = Password) =>
        new() { UserName = userName, Email = $"{userName}@example.com", Password = password, ConfirmPassword = password };

    public static void Ok(Result result)
    {
        if (result.Error is { } error)
        {
            throw new InvalidOperationException($"Expected success, got {error.Code}: {error.Message}");
        }
    }

    /// <summary>The value of a result that must have succeeded.</summary>
    public static T Ok<T>(Result<T> result)
    {
        Ok((Result)result);
        return result.Value;
    }
}
