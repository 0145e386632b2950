using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Accounts;

public sealed class AccountDetailServiceTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser reviewer = default!;
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;
    private TestUser devA = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        admin = await app.Services.CreateAdministratorAsync();
        reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        devA = await app.Services.CreateUserAsync(ownerA, "dev-a", Roles.Development);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Result<T>> AsAsync<T>(TestUser user, Func<AccountDetailService, Task<Result<T>>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<AccountDetailService>());
    }

    private async Task<Result> AsAsync(TestUser user, Func<AccountDetailService, Task<Result>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<AccountDetailService>());
    }

    private async Task<KooMessageDb> SystemDbAsync() =>
        await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    private async Task<(AppUser User, bool Locked, bool OldPasswordWorks)> ReadAsync(string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        return (user, await users.IsLockedOutAsync(user), await users.CheckPasswordAsync(user, TestData.Password));
    }

    private async Task LockAsync(string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await users.SetLockoutEndDateAsync((await users.FindByIdAsync(userId))!, DateTimeOffset.UtcNow.AddMinutes(15));
    }

    [Fact]
    public async Task ResetPasswordAsync_PlatformAdmin_TemporaryPasswordWorksUserMustChangeItAndAudited()
    {
        await LockAsync(devA.Id);

        var reset = await AsAsync(admin, s => s.ResetPasswordAsync(ownerA.AccountId!.Value, devA.Id, CancellationToken.None));

        var temporary = reset.Value;
        var (user, locked, oldWorks) = await ReadAsync(devA.Id);
        Assert.True(user.MustChangePassword);
        Assert.False(locked);
        Assert.False(oldWorks);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True(await users.CheckPasswordAsync(user, temporary));
        }

        await using var db = await SystemDbAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.ObjectId == devA.Id && e.Action == AuditActions.ResetPassword);
        Assert.Equal((admin.UserName, ownerA.AccountId), (entry.UserName, entry.AccountId));
        Assert.DoesNotContain(temporary, (entry.Before ?? "") + entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPasswordAsync_ThenChangeOwnPassword_ClearsTheFlag()
    {
        var temporary = (await AsAsync(admin, s => s.ResetPasswordAsync(ownerA.AccountId!.Value, devA.Id, CancellationToken.None))).Value;

        await using (var scope = app.Services.As(devA.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<UserService>().ChangeOwnPasswordAsync(
                new ChangePasswordForm { CurrentPassword = temporary, Password = "Mine#Pass2026", ConfirmPassword = "Mine#Pass2026" }, CancellationToken.None));
        }

        Assert.False((await ReadAsync(devA.Id)).User.MustChangePassword);
        Assert.False((await TestData.UserAsync(app.Services, devA.UserName)).Principal.HasClaim(UserContext.MustChangePasswordClaim, "true"));
    }

    [Fact]
    public async Task ResetPasswordAsync_Reset_SignInPrincipalCarriesMustChangeClaim()
    {
        TestData.Ok(await AsAsync(admin, s => s.ResetPasswordAsync(ownerA.AccountId!.Value, devA.Id, CancellationToken.None)));

        var principal = (await TestData.UserAsync(app.Services, devA.UserName)).Principal;

        Assert.True(principal.HasClaim(UserContext.MustChangePasswordClaim, "true"));
    }

    [Fact]
    public async Task ResetPasswordAsync_Reviewer_RefusedAndNothingChanged()
    {
        var reset = await AsAsync(reviewer, s => s.ResetPasswordAsync(ownerA.AccountId!.Value, devA.Id, CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, reset.Error?.Code);
        Assert.True((await ReadAsync(devA.Id)).OldPasswordWorks);
    }

    [Fact]
    public async Task ResetPasswordAsync_TenantOwner_Refused()
    {
        var reset = await AsAsync(ownerA, s => s.ResetPasswordAsync(ownerA.AccountId!.Value, devA.Id, CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, reset.Error?.Code);
        Assert.True((await ReadAsync(devA.Id)).OldPasswordWorks);
    }

    [Fact]
    public async Task ResetPasswordAsync_UserOfAnotherAccount_NotFoundAndNothingChanged()
    {
        var reset = await AsAsync(admin, s => s.ResetPasswordAsync(ownerB.AccountId!.Value, devA.Id, CancellationToken.None));

        Assert.Equal(ErrorCodes.NotFound, reset.Error?.Code);
        var (user, _, oldWorks) = await ReadAsync(devA.Id);
        Assert.True(oldWorks);
        Assert.False(user.MustChangePassword);
        await using var db = await SystemDbAsync();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.ObjectId == devA.Id && e.Action == AuditActions.ResetPassword));
    }

    [Fact]
    public async Task ResetPasswordAsync_StaffUser_NotFound()
    {
        var reset = await AsAsync(admin, s => s.ResetPasswordAsync(ownerA.AccountId!.Value, reviewer.Id, CancellationToken.None));

        Assert.Equal(ErrorCodes.NotFound, reset.Error?.Code);
        Assert.True((await ReadAsync(reviewer.Id)).OldPasswordWorks);
    }

    [Fact]
    public async Task UnlockAsync_LockedUser_UnlockedPasswordKeptAndAudited()
    {
        await LockAsync(devA.Id);

        TestData.Ok(await AsAsync(admin, s => s.UnlockAsync(ownerA.AccountId!.Value, devA.Id, CancellationToken.None)));

        var (user, locked, oldWorks) = await ReadAsync(devA.Id);
        Assert.False(locked);
        Assert.True(oldWorks);
        Assert.False(user.MustChangePassword);
        await using var db = await SystemDbAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.ObjectId == devA.Id && e.Action == AuditActions.Unlock);
        Assert.Equal(admin.UserName, entry.UserName);
    }

    [Fact]
    public async Task UnlockAsync_Reviewer_RefusedAndStillLocked()
    {
        await LockAsync(devA.Id);

        var unlocked = await AsAsync(reviewer, s => s.UnlockAsync(ownerA.AccountId!.Value, devA.Id, CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, unlocked.Error?.Code);
        Assert.True((await ReadAsync(devA.Id)).Locked);
    }

    [Fact]
    public async Task ListUsersAsync_PlatformAdmin_OnlyThatAccountsUsers()
    {
        var users = await AsAsync(admin, s => s.ListUsersAsync(ownerA.AccountId!.Value, new PageRequest(0, 50, null), CancellationToken.None));

        Assert.Equal(["dev-a", "owner-a"], users.Value.Items.Select(u => u.UserName).Order());
    }

    [Fact]
    public async Task GetAsync_PlatformAdmin_StateAndCounts()
    {
        var summary = (await AsAsync(admin, s => s.GetAsync(ownerA.AccountId!.Value, CancellationToken.None))).Value;

        Assert.Equal(("甲公司", AccountStatus.Active, 2, 0), (summary.Name, summary.Status, summary.UserCount, summary.FilingCount));
    }

    [Fact]
    public async Task GetAsync_TenantOwner_Refused()
    {
        var summary = await AsAsync(ownerA, s => s.GetAsync(ownerA.AccountId!.Value, CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, summary.Error?.Code);
    }
}
