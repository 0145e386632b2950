using System.Net;
using System.Text.RegularExpressions;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Users;

/// <summary>Two accounts in the running app: neither can see or change the other's users or audit entries.</summary>
public sealed class TenantIsolationTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;
    private TestUser opsB = default!;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        opsB = await app.Services.CreateUserAsync(ownerB, "ops-b", Roles.CommonOperations);
        await app.Services.CreateUserAsync(ownerB, "dev-b", Roles.Development);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Overview_OwnerA_CountsOnlyOwnUsers()
    {
        using var a = app.CreateBrowserlikeClient();
        await a.SignInAsync("owner-a", TestData.Password);
        using var b = app.CreateBrowserlikeClient();
        await b.SignInAsync("owner-b", TestData.Password);

        Assert.Equal("1", Count(await a.GetStringAsync("/"), "Overview.Users"));
        Assert.Equal("3", Count(await b.GetStringAsync("/"), "Overview.Users"));
    }

    [Fact]
    public async Task Users_OwnerA_CannotListOrChangeAccountB()
    {
        await using var scope = app.Services.As(ownerA.Principal);
        var users = scope.ServiceProvider.GetRequiredService<UserService>();

        var listed = await users.ListAsync(UserScope.Tenant, new PageRequest(0, 100), CancellationToken.None);
        var disabled = await users.SetDisabledAsync(UserScope.Tenant, opsB.Id, true, CancellationToken.None);
        var role = await users.SetRoleAsync(UserScope.Tenant, opsB.Id, Roles.ReadOnlyAccess, CancellationToken.None);
        var reset = await users.ResetPasswordAsync(UserScope.Tenant, opsB.Id, new PasswordForm { Password = "Hijack#2026", ConfirmPassword = "Hijack#2026" }, CancellationToken.None);

        Assert.Equal(["owner-a"], listed.Value.Items.Select(u => u.UserName));
        Assert.All([disabled, role, reset], r => Assert.Equal(ErrorCodes.NotFound, r.Error?.Code));
        using var client = app.CreateBrowserlikeClient();
        using var signIn = await client.SignInAsync("ops-b", TestData.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task AuditLog_OwnerA_SeesNoEntryOfAccountB()
    {
        await using var scope = app.Services.As(ownerA.Principal);

        var entries = await scope.ServiceProvider.GetRequiredService<AuditService>().ListAsync(new AuditQuery(), new PageRequest(0, 100), CancellationToken.None);

        Assert.NotEmpty(entries.Value.Items);
        Assert.DoesNotContain(entries.Value.Items, e => e.ObjectName is "owner-b" or "ops-b" or "dev-b" or "乙公司");
    }

    [Fact]
    public async Task UsersPage_TenantUser_CannotOpenStaffPage()
    {
        using var client = app.CreateBrowserlikeClient();
        await client.SignInAsync("owner-b", TestData.Password);

        using var staff = await client.GetAsync("/platform/staff");

        Assert.Equal(HttpStatusCode.Redirect, staff.StatusCode);
        Assert.StartsWith("/account/access-denied", staff.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.Unauthorized, (await ListStaffAsOwnerBAsync()).Error?.Code);
    }

    private async Task<Result<PagedResult<UserRow>>> ListStaffAsOwnerBAsync()
    {
        await using var scope = app.Services.As(ownerB.Principal);
        return await scope.ServiceProvider.GetRequiredService<UserService>().ListAsync(UserScope.Staff, new PageRequest(), CancellationToken.None);
    }

    private static string Count(string page, string key) =>
        Regex.Match(page, $"data-testid=\"count-{Regex.Escape(key)}\"[^>]*>(\\d+)<").Groups[1].Value;
}
