using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Platform;

/// <summary>The platform cannot lose its last administrator, setup never reopens, and a demotion or a disable acts at once.</summary>
public sealed class PlatformTakeoverTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser first = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        first = await app.Services.CreateAdministratorAsync("admin-1");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Result> AsAsync(TestUser user, Func<UserService, Task<Result>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<UserService>());
    }

    private async Task<int> ActiveAdministratorsAsync()
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await (from u in db.Users
                      join ur in db.UserRoles on u.Id equals ur.UserId
                      join r in db.Roles on ur.RoleId equals r.Id
                      where !u.IsDisabled && r.Name == Roles.PlatformAdmin
                      select u).CountAsync();
    }

    [Fact]
    public async Task SetRoleAsync_TwoAdministratorsDemoteEachOtherAtOnce_OneAdministratorRemains()
    {
        var second = await app.Services.CreateUserAsync(first, "admin-2", Roles.PlatformAdmin);

        var results = await Task.WhenAll(
            AsAsync(first, s => s.SetRoleAsync(UserScope.Staff, second.Id, Roles.Reviewer, CancellationToken.None)),
            AsAsync(second, s => s.SetRoleAsync(UserScope.Staff, first.Id, Roles.Reviewer, CancellationToken.None)));

        Assert.Single(results, r => r.IsSuccess);
        Assert.Equal(1, await ActiveAdministratorsAsync());
    }

    [Fact]
    public async Task SetDisabledAsync_TheLastOtherAdministrator_RefusedAsConflict()
    {
        var second = await app.Services.CreateUserAsync(first, "admin-2", Roles.PlatformAdmin);
        Assert.True((await AsAsync(first, s => s.SetDisabledAsync(UserScope.Staff, second.Id, true, CancellationToken.None))).IsSuccess);
        Assert.True((await AsAsync(first, s => s.SetDisabledAsync(UserScope.Staff, second.Id, false, CancellationToken.None))).IsSuccess);

        // admin-2 demotes admin-1 (allowed: admin-2 remains); admin-1's old sign-in can no longer act as an administrator.
        Assert.True((await AsAsync(second, s => s.SetRoleAsync(UserScope.Staff, first.Id, Roles.Reviewer, CancellationToken.None))).IsSuccess);
        var stale = await AsAsync(first, s => s.SetRoleAsync(UserScope.Staff, second.Id, Roles.Reviewer, CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, stale.Error?.Code);
        Assert.Equal(1, await ActiveAdministratorsAsync());
    }

    [Fact]
    public async Task IsDoneAsync_AfterEveryAdministratorRoleIsGone_SetupStaysClosed()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = (await users.FindByNameAsync("admin-1"))!;
            await users.RemoveFromRoleAsync(admin, Roles.PlatformAdmin);
        }

        // A new service instance (as after a restart) reads the durable fact.
        var setup = ActivatorUtilities.CreateInstance<SetupService>(app.Services);

        Assert.True(await setup.IsDoneAsync(CancellationToken.None));
        Assert.False((await setup.CreateAdministratorAsync(TestData.Form("intruder"), CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task ResetAsync_LockedOutDisabledAdministrator_GetsBackInWithANewPassword()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = (await users.FindByNameAsync("admin-1"))!;
            admin.IsDisabled = true;
            await users.UpdateAsync(admin);
            await users.SetLockoutEndDateAsync(admin, DateTimeOffset.UtcNow.AddHours(1));
        }

        var reset = await app.Services.GetRequiredService<AdminRecovery>().ResetAsync("admin-1", CancellationToken.None);

        Assert.True(reset.IsSuccess);
        await using var check = app.Services.CreateAsyncScope();
        var manager = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var recovered = (await manager.FindByNameAsync("admin-1"))!;
        Assert.False(recovered.IsDisabled);
        Assert.True(recovered.MustChangePassword);
        Assert.False(await manager.IsLockedOutAsync(recovered));
        Assert.True(await manager.CheckPasswordAsync(recovered, reset.Value));
    }

    [Fact]
    public async Task ResetAsync_Reviewer_BecomesPlatformAdminOnly()
    {
        await app.Services.CreateUserAsync(first, "reviewer-1", Roles.Reviewer);

        var reset = await app.Services.GetRequiredService<AdminRecovery>().ResetAsync(" reviewer-1 ", CancellationToken.None);

        Assert.True(reset.IsSuccess);
        await using var check = app.Services.CreateAsyncScope();
        var manager = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.PlatformAdmin], await manager.GetRolesAsync((await manager.FindByNameAsync("reviewer-1"))!));
    }

    [Fact]
    public async Task ResetAsync_TenantUser_Refused()
    {
        var owner = await app.Services.CreateAccountAsync(first, "甲公司", "owner-a");

        var reset = await app.Services.GetRequiredService<AdminRecovery>().ResetAsync(owner.UserName, CancellationToken.None);

        Assert.Equal(ErrorCodes.NotFound, reset.Error?.Code);
    }

    [Fact]
    public async Task AuthorizeAsync_UserDisabledAfterSignIn_RefusedAtOnce()
    {
        var owner = await app.Services.CreateAccountAsync(first, "甲公司", "owner-a");
        var ops = await app.Services.CreateUserAsync(owner, "ops-a", Roles.CommonOperations);
        Assert.True((await AsAsync(owner, s => s.SetDisabledAsync(UserScope.Tenant, ops.Id, true, CancellationToken.None))).IsSuccess);

        await using var scope = app.Services.As(ops.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<SmsAppService>().SaveAsync(null, new SmsAppForm { Name = "应用" }, CancellationToken.None);

        Assert.Equal(ErrorCodes.Unauthorized, created.Error?.Code);
    }

    [Fact]
    public async Task AuthorizeAsync_UserDemotedAfterSignIn_WritesRefusedAtOnce()
    {
        var owner = await app.Services.CreateAccountAsync(first, "甲公司", "owner-a");
        var ops = await app.Services.CreateUserAsync(owner, "ops-a", Roles.CommonOperations);
        Assert.True((await AsAsync(owner, s => s.SetRoleAsync(UserScope.Tenant, ops.Id, Roles.ReadOnlyAccess, CancellationToken.None))).IsSuccess);

        await using var scope = app.Services.As(ops.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<SmsAppService>().SaveAsync(null, new SmsAppForm { Name = "应用" }, CancellationToken.None);

        Assert.Equal(ErrorCodes.Unauthorized, created.Error?.Code);
    }
}
