using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Users;

public sealed class UserServiceTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser admin = default!;
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static NewUserForm NewUser(string name, string role = Roles.CommonOperations) => new()
    {
        UserName = name, Email = $"{name}@example.com", Role = role, Password = TestData.Password, ConfirmPassword = TestData.Password,
    };

    private async Task<Result<T>> AsAsync<T>(TestUser user, Func<UserService, Task<Result<T>>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<UserService>());
    }

    private async Task<Result> AsAsync(TestUser user, Func<UserService, Task<Result>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<UserService>());
    }

    private async Task<KooMessageDb> SystemDbAsync() =>
        await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    [Fact]
    public async Task CreateAsync_Owner_CreatesUserInOwnAccountWithAuditEntry()
    {
        var created = await AsAsync(ownerA, s => s.CreateAsync(UserScope.Tenant, NewUser("ops-a"), CancellationToken.None));

        Assert.True(created.IsSuccess);
        await using var db = await SystemDbAsync();
        var user = await db.Users.SingleAsync(u => u.UserName == "ops-a");
        Assert.Equal(ownerA.AccountId, user.AccountId);
        var entry = await db.AuditEntries.SingleAsync(e => e.ObjectId == user.Id);
        Assert.Equal((AuditActions.Create, ownerA.UserName, ownerA.AccountId), (entry.Action, entry.UserName, entry.AccountId));
        Assert.Contains("CommonOperations", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_EmailOfAnotherAccountsUser_CreatedWithoutSayingSo()
    {
        var form = NewUser("ops-a");
        form.Email = "owner-b@example.com";

        var created = await AsAsync(ownerA, s => s.CreateAsync(UserScope.Tenant, form, CancellationToken.None));

        Assert.True(created.IsSuccess);
    }

    [Fact]
    public async Task CreateAsync_EmailOfThisAccountsUser_RefusedAtTheEmailField()
    {
        var form = NewUser("ops-a");
        form.Email = "OWNER-A@example.com";

        var created = await AsAsync(ownerA, s => s.CreateAsync(UserScope.Tenant, form, CancellationToken.None));

        Assert.Equal(ErrorCodes.Conflict, created.Error?.Code);
        Assert.Equal(nameof(NewUserForm.Email), Assert.Single(created.Error!.Fields).Field);
    }

    [Fact]
    public async Task CreateAsync_UserNameTakenInOtherAccount_RefusedAsConflict()
    {
        var result = await AsAsync(ownerA, s => s.CreateAsync(UserScope.Tenant, NewUser("owner-b"), CancellationToken.None));

        Assert.Equal(ErrorCodes.Conflict, result.Error?.Code);
        Assert.Equal(nameof(NewUserForm.UserName), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task CreateAsync_InvalidForm_RefusedWithFieldsAndNothingWritten()
    {
        var form = NewUser("x");
        form.Password = "weak";

        var result = await AsAsync(ownerA, s => s.CreateAsync(UserScope.Tenant, form, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        Assert.Contains(result.Error!.Fields, f => f.Field == nameof(form.UserName));
        Assert.Contains(result.Error!.Fields, f => f.Field == nameof(form.Password));
        await using var db = await SystemDbAsync();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "x"));
    }

    [Fact]
    public async Task CreateAsync_PlatformRoleInAccount_Refused()
    {
        var result = await AsAsync(ownerA, s => s.CreateAsync(UserScope.Tenant, NewUser("sneaky", Roles.PlatformAdmin), CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
    }

    [Fact]
    public async Task CreateAsync_ReadOnlyUser_Unauthorized()
    {
        var viewer = await app.Services.CreateUserAsync(ownerA, "viewer-a", Roles.ReadOnlyAccess);

        var result = await AsAsync(viewer, s => s.CreateAsync(UserScope.Tenant, NewUser("more"), CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
    }

    [Fact]
    public async Task CreateAsync_TenantOwnerForStaff_Unauthorized()
    {
        var result = await AsAsync(ownerA, s => s.CreateAsync(UserScope.Staff, NewUser("reviewer", Roles.Reviewer), CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
    }

    [Fact]
    public async Task CreateAsync_FrozenAccount_RefusedButListStillReads()
    {
        await using (var scope = app.Services.As(admin.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<AccountService>().SetFrozenAsync(ownerA.AccountId!.Value, true, CancellationToken.None));
        }

        var created = await AsAsync(ownerA, s => s.CreateAsync(UserScope.Tenant, NewUser("late"), CancellationToken.None));
        var listed = await AsAsync(ownerA, s => s.ListAsync(UserScope.Tenant, new PageRequest(), CancellationToken.None));

        Assert.Equal(ErrorCodes.AccountFrozen, created.Error?.Code);
        Assert.True(listed.IsSuccess);
    }

    [Fact]
    public async Task ListAsync_TwoAccounts_EachSeesOnlyItsOwn()
    {
        await app.Services.CreateUserAsync(ownerB, "dev-b", Roles.Development);

        var listed = await AsAsync(ownerA, s => s.ListAsync(UserScope.Tenant, new PageRequest(), CancellationToken.None));

        Assert.Equal(["owner-a"], listed.Value.Items.Select(u => u.UserName));
        Assert.Equal(Roles.FullAccess, listed.Value.Items[0].Role);
    }

    [Fact]
    public async Task ListAsync_Search_FiltersAndPages()
    {
        for (var i = 0; i < 5; i++)
        {
            await app.Services.CreateUserAsync(ownerA, $"agent-{i}", Roles.ReadOnlyAccess);
        }

        var page = await AsAsync(ownerA, s => s.ListAsync(UserScope.Tenant, new PageRequest(1, 2, "agent"), CancellationToken.None));

        Assert.Equal(5, page.Value.Total);
        Assert.Equal(["agent-2", "agent-3"], page.Value.Items.Select(u => u.UserName));
    }

    [Fact]
    public async Task SetDisabledAsync_UserOfOtherAccount_NotFoundAndUnchanged()
    {
        var result = await AsAsync(ownerA, s => s.SetDisabledAsync(UserScope.Tenant, ownerB.Id, true, CancellationToken.None));

        Assert.Equal(ErrorCodes.NotFound, result.Error?.Code);
        await using var db = await SystemDbAsync();
        Assert.False((await db.Users.SingleAsync(u => u.Id == ownerB.Id)).IsDisabled);
    }

    [Fact]
    public async Task SetDisabledAsync_Self_Refused()
    {
        var result = await AsAsync(ownerA, s => s.SetDisabledAsync(UserScope.Tenant, ownerA.Id, true, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
    }

    [Fact]
    public async Task SetDisabledAsync_User_DisabledStampChangedAndAudited()
    {
        var dev = await app.Services.CreateUserAsync(ownerA, "dev-a", Roles.Development);
        await using var before = await SystemDbAsync();
        var stamp = (await before.Users.SingleAsync(u => u.Id == dev.Id)).SecurityStamp;

        TestData.Ok(await AsAsync(ownerA, s => s.SetDisabledAsync(UserScope.Tenant, dev.Id, true, CancellationToken.None)));

        await using var db = await SystemDbAsync();
        var user = await db.Users.SingleAsync(u => u.Id == dev.Id);
        Assert.True(user.IsDisabled);
        Assert.NotEqual(stamp, user.SecurityStamp);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ObjectId == dev.Id && e.Action == AuditActions.Disable));
    }

    [Fact]
    public async Task SetRoleAsync_User_RoleChangedAuditedAndNotified()
    {
        var dev = await app.Services.CreateUserAsync(ownerA, "dev-a", Roles.Development);

        TestData.Ok(await AsAsync(ownerA, s => s.SetRoleAsync(UserScope.Tenant, dev.Id, Roles.CommonOperations, CancellationToken.None)));

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.CommonOperations], await users.GetRolesAsync((await users.FindByIdAsync(dev.Id))!));
        await using var db = await SystemDbAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.ObjectId == dev.Id && e.Action == AuditActions.Update);
        Assert.Contains("Development", entry.Before, StringComparison.Ordinal);
        Assert.Contains("CommonOperations", entry.After, StringComparison.Ordinal);
        await using var devScope = app.Services.As(dev.Principal);
        var (items, unread) = await devScope.ServiceProvider.GetRequiredService<NotificationService>().ListMineAsync(CancellationToken.None);
        Assert.Equal(1, unread);
        Assert.Contains("CommonOperations", items[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPasswordAsync_LockedUser_NewPasswordWorksUnlockedAndMustBeChanged()
    {
        var dev = await app.Services.CreateUserAsync(ownerA, "dev-a", Roles.Development);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(dev.Id))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        TestData.Ok(await AsAsync(ownerA, s => s.ResetPasswordAsync(UserScope.Tenant, dev.Id, new PasswordForm { Password = "New#Pass2026", ConfirmPassword = "New#Pass2026" }, CancellationToken.None)));

        await using var check = app.Services.CreateAsyncScope();
        var manager = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await manager.FindByIdAsync(dev.Id))!;
        Assert.True(await manager.CheckPasswordAsync(user, "New#Pass2026"));
        Assert.False(await manager.IsLockedOutAsync(user));
        Assert.True(user.MustChangePassword);
    }

    [Fact]
    public async Task ChangeOwnPasswordAsync_WrongCurrent_RefusedInUserLanguage()
    {
        using var chinese = CultureScope.Use("zh-CN");

        var result = await AsAsync(ownerA, s => s.ChangeOwnPasswordAsync(
            new ChangePasswordForm { CurrentPassword = "Wrong#Pass1", Password = "New#Pass2026", ConfirmPassword = "New#Pass2026" }, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidParameter, result.Error?.Code);
        Assert.Equal("当前密码不正确。", result.Error!.Message);
    }
}
