using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.ApiKeys;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.ApiKeys;

public sealed class ApiKeyServiceTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task CreateAsync_Owner_TokenSignsInAndOnlyItsHashIsStored()
    {
        await using var app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var owner = await OwnerAsync(app);

        var created = await CreateAsync(app, owner, "推送系统", Roles.CommonOperations);

        Assert.StartsWith("km_", created.Token, StringComparison.Ordinal);
        var caller = await app.Services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync($"Bearer {created.Token}", CancellationToken.None);
        Assert.Equal((created.Id, owner.AccountId!.Value, Roles.CommonOperations), (caller!.KeyId, caller.AccountId, caller.Role));
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var key = await db.ApiKeys.SingleAsync();
        Assert.Equal(32, key.SecretHash.Length);
        Assert.DoesNotContain(created.Token[20..], System.Text.Encoding.ASCII.GetString(key.SecretHash), StringComparison.Ordinal);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ObjectType == ApiKeysModule.AuditType && e.Action == AuditActions.Create));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Basic a20=")]
    [InlineData("Bearer km_0123456789abcdef_wrong")]
    [InlineData("Bearer km_0123456789ABCDEF_x")]
    public async Task AuthenticateAsync_NoOrWrongKey_Null(string header)
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        await CreateAsync(app, owner, "推送系统", Roles.Development);

        Assert.Null(await app.Services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(header, CancellationToken.None));
    }

    [Fact]
    public async Task AuthenticateAsync_RightPrefixWrongSecret_Null()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var created = await CreateAsync(app, owner, "推送系统", Roles.Development);

        var forged = created.Token[..^4] + "AAAA";

        Assert.Null(await app.Services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync($"Bearer {forged}", CancellationToken.None));
    }

    [Fact]
    public async Task RevokeAsync_Key_RefusedAtTheNextRequestAndAudited()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var created = await CreateAsync(app, owner, "推送系统", Roles.Development);
        var keys = app.Services.GetRequiredService<ApiKeyAuthenticator>();
        Assert.NotNull(await keys.AuthenticateAsync($"Bearer {created.Token}", CancellationToken.None));

        await using (var scope = app.Services.As(owner.Principal))
        {
            var service = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            TestData.Ok(await service.RevokeAsync(created.Id, CancellationToken.None));
            Assert.Equal(ErrorCodes.Conflict, (await service.RevokeAsync(created.Id, CancellationToken.None)).Error?.Code);
        }

        Assert.Null(await keys.AuthenticateAsync($"Bearer {created.Token}", CancellationToken.None));
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ObjectType == ApiKeysModule.AuditType && e.Action == AuditActions.Revoke));
    }

    [Fact]
    public async Task CreateAsync_DevelopmentGivesAHigherRole_RefusedAtTheRoleField()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var developer = await app.Services.CreateUserAsync(owner, "dev", Roles.Development);
        await using var scope = app.Services.As(developer.Principal);
        var service = scope.ServiceProvider.GetRequiredService<ApiKeyService>();

        foreach (var role in new[] { Roles.FullAccess, Roles.CommonOperations, Roles.ReadOnlyAccess })
        {
            var refused = await service.CreateAsync(new ApiKeyForm { Name = "构建机", Role = role }, CancellationToken.None);
            Assert.Equal(ErrorCodes.Unauthorized, refused.Error?.Code);
            Assert.Equal(nameof(ApiKeyForm.Role), Assert.Single(refused.Error!.Fields).Field);
        }

        TestData.Ok(await service.CreateAsync(new ApiKeyForm { Name = "构建机", Role = Roles.Development }, CancellationToken.None));
        Assert.Equal([Roles.Development], ApiKeyService.GrantableRoles(UserContext.From(developer.Principal)));
    }

    [Theory]
    [InlineData(Roles.CommonOperations)]
    [InlineData(Roles.ReadOnlyAccess)]
    public async Task CreateAsync_RoleWithoutApiKeys_Refused(string role)
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var user = await app.Services.CreateUserAsync(owner, "ops", role);
        await using var scope = app.Services.As(user.Principal);

        var refused = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyForm { Name = "构建机", Role = Roles.ReadOnlyAccess }, CancellationToken.None);

        Assert.Equal(ErrorCodes.Unauthorized, refused.Error?.Code);
    }

    [Fact]
    public async Task CreateAsync_CreatorDemotedSinceSigningIn_Refused()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var developer = await app.Services.CreateUserAsync(owner, "dev", Roles.Development);
        await using (var ownerScope = app.Services.As(owner.Principal))
        {
            TestData.Ok(await ownerScope.ServiceProvider.GetRequiredService<UserService>().SetRoleAsync(UserScope.Tenant, developer.Id, Roles.ReadOnlyAccess, CancellationToken.None));
        }

        // The principal still says Development (the cookie's claims); the database says ReadOnlyAccess.
        await using var scope = app.Services.As(developer.Principal);
        var refused = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyForm { Name = "构建机", Role = Roles.Development }, CancellationToken.None);

        Assert.Equal(ErrorCodes.Unauthorized, refused.Error?.Code);
    }

    [Fact]
    public async Task RevokeAsync_DevelopmentAndTheOwnersKey_Refused()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var ownersKey = await CreateAsync(app, owner, "财务系统", Roles.FullAccess);
        var developer = await app.Services.CreateUserAsync(owner, "dev", Roles.Development);
        await using var scope = app.Services.As(developer.Principal);

        var refused = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(ownersKey.Id, CancellationToken.None);

        Assert.Equal(ErrorCodes.Unauthorized, refused.Error?.Code);
    }

    [Fact]
    public async Task CreateAsync_NameEmptyOrTooLong_RefusedAtTheNameField()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        await using var scope = app.Services.As(owner.Principal);
        var service = scope.ServiceProvider.GetRequiredService<ApiKeyService>();

        foreach (var name in new[] { " ", new string('名', ApiKey.NameMax + 1) })
        {
            var refused = await service.CreateAsync(new ApiKeyForm { Name = name, Role = Roles.Development }, CancellationToken.None);
            Assert.Equal(nameof(ApiKeyForm.Name), Assert.Single(refused.Error!.Fields).Field);
        }

        TestData.Ok(await service.CreateAsync(new ApiKeyForm { Name = new string('名', ApiKey.NameMax), Role = Roles.Development }, CancellationToken.None));
    }

    [Fact]
    public async Task AuthenticateAsync_UsedOftenWithinAMinute_LastUseWrittenOncePerMinute()
    {
        await using var app = await TestConsole.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var owner = await OwnerAsync(app);
        var created = await CreateAsync(app, owner, "推送系统", Roles.Development);
        var keys = app.Services.GetRequiredService<ApiKeyAuthenticator>();
        var start = clock.GetUtcNow().UtcDateTime;

        await keys.AuthenticateAsync($"Bearer {created.Token}", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        await keys.AuthenticateAsync($"Bearer {created.Token}", CancellationToken.None);
        Assert.Equal(start, await LastUsedAsync());

        clock.Advance(TimeSpan.FromSeconds(31));
        await keys.AuthenticateAsync($"Bearer {created.Token}", CancellationToken.None);
        Assert.Equal(start.AddSeconds(61), await LastUsedAsync());

        async Task<DateTime?> LastUsedAsync()
        {
            await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
            return await db.ApiKeys.Select(k => k.LastUsedAt).SingleAsync();
        }
    }

    private static async Task<TestUser> OwnerAsync(TestConsole app)
    {
        var admin = await app.Services.CreateAdministratorAsync();
        return await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    private static async Task<CreatedApiKey> CreateAsync(TestConsole app, TestUser user, string name, string role)
    {
        await using var scope = app.Services.As(user.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyForm { Name = name, Role = role }, CancellationToken.None);
        TestData.Ok(created);
        return created.Value;
    }
}
