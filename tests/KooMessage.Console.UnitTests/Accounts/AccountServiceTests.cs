using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Resources;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.UnitTests.Accounts;

public sealed class AccountServiceTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser admin = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        admin = await app.Services.CreateAdministratorAsync();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static NewAccountForm Form(string account, string user) => new()
    {
        AccountName = account, UserName = user, Email = $"{user}@example.com", Password = TestData.Password, ConfirmPassword = TestData.Password,
    };

    private async Task<KooMessageDb> SystemDbAsync() =>
        await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    [Fact]
    public async Task SetupService_SecondAdministrator_Refused()
    {
        var second = await app.Services.GetRequiredService<SetupService>().CreateAdministratorAsync(TestData.Form("admin2"), CancellationToken.None);

        Assert.Equal(ErrorCodes.Conflict, second.Error?.Code);
        await using var db = await SystemDbAsync();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task SignUpAsync_Open_CreatesAccountAndOwnerAudited()
    {
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().SignUpAsync(Form("丙公司", "owner-c"), CancellationToken.None);

        Assert.True(result.IsSuccess);
        await using var db = await SystemDbAsync();
        var owner = await db.Users.SingleAsync(u => u.UserName == "owner-c");
        Assert.Equal(result.Value, owner.AccountId);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.AccountId == result.Value && e.Action == AuditActions.SignUp));
    }

    [Fact]
    public async Task SignUpAsync_Closed_RefusedAndNothingWritten()
    {
        await using (var scope = app.Services.As(admin.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<SettingsService>().SaveAsync(new PlatformSettingsView(false), CancellationToken.None));
        }

        await using var anonymous = app.Services.CreateAsyncScope();
        var result = await anonymous.ServiceProvider.GetRequiredService<AccountService>().SignUpAsync(Form("丙公司", "owner-c"), CancellationToken.None);

        Assert.Equal(ErrorCodes.SignUpClosed, result.Error?.Code);
        await using var db = await SystemDbAsync();
        Assert.False(await db.Accounts.AnyAsync());
    }

    [Fact]
    public async Task CreateAsync_DuplicateNameAnyCase_RefusedAndOwnerNotCreated()
    {
        await app.Services.CreateAccountAsync(admin, "Acme", "owner-a");
        await using var scope = app.Services.As(admin.Principal);

        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(Form("ACME", "owner-x"), CancellationToken.None);

        Assert.Equal(ErrorCodes.Conflict, result.Error?.Code);
        Assert.Equal(nameof(NewAccountForm.AccountName), Assert.Single(result.Error!.Fields).Field);
        await using var db = await SystemDbAsync();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "owner-x"));
    }

    [Theory]
    [InlineData("Ac\u200Bme")]
    [InlineData("\uFEFFAcme\u00AD")]
    [InlineData("Ａｃｍｅ")]
    [InlineData(" Acme\u3000")]
    public async Task CreateAsync_NameSameOnceNormalized_RefusedAsDuplicate(string name)
    {
        await app.Services.CreateAccountAsync(admin, "Acme", "owner-a");
        await using var scope = app.Services.As(admin.Principal);

        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(Form(name, "owner-x"), CancellationToken.None);

        Assert.Equal(ErrorCodes.Conflict, result.Error?.Code);
        await using var db = await SystemDbAsync();
        Assert.Equal(1, await db.Accounts.CountAsync());
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "owner-x"));
    }

    [Fact]
    public async Task CreateAsync_NameOnlyInvisibleCharacters_RefusedAsRequired()
    {
        using var chinese = CultureScope.Use("zh-CN");
        await using var scope = app.Services.As(admin.Principal);
        var l = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();

        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(Form("\u200B\u00A0\u2060", "owner-x"), CancellationToken.None);

        var field = Assert.Single(result.Error!.Fields);
        Assert.Equal(nameof(NewAccountForm.AccountName), field.Field);
        Assert.Equal(l["Validation.Required", l["Field.AccountName"]].Value, field.Message);
    }

    [Fact]
    public async Task CreateAsync_NameWithInvisibleAndWideCharacters_StoredNormalized()
    {
        var owner = await app.Services.CreateAccountAsync(admin, "星河\u200B科技\u3000\u3000（深圳）", "owner-a");

        await using var db = await SystemDbAsync();
        Assert.Equal("星河科技 (深圳)", await db.Accounts.Where(a => a.Id == owner.AccountId).Select(a => a.Name).SingleAsync());
    }

    [Theory]
    [InlineData("owner-a@example.com")]
    [InlineData("OWNER-A@example.com")]
    [InlineData("owner-a\u200B@ｅｘａｍｐｌｅ.com")]
    public async Task SignUpAsync_EmailRegisteredInAnotherAccount_SignsUpWithoutSayingSo(string email)
    {
        await app.Services.CreateAccountAsync(admin, "Acme", "owner-a");
        await using var anonymous = app.Services.CreateAsyncScope();
        var form = Form("丙公司", "owner-c");
        form.Email = email;

        var result = await anonymous.ServiceProvider.GetRequiredService<AccountService>().SignUpAsync(form, CancellationToken.None);

        Assert.True(result.IsSuccess);
        await using var db = await SystemDbAsync();
        Assert.True(await db.Accounts.AnyAsync(a => a.Name == "丙公司"));
    }

    [Fact]
    public async Task SignUpAsync_UserNameTaken_SaysSo()
    {
        await app.Services.CreateAccountAsync(admin, "Acme", "owner-a");
        using var chinese = CultureScope.Use("zh-CN");
        await using var anonymous = app.Services.CreateAsyncScope();
        var l = anonymous.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var form = Form("丙公司", "owner-a");
        form.Email = "someone-else@example.com";

        var result = await anonymous.ServiceProvider.GetRequiredService<AccountService>().SignUpAsync(form, CancellationToken.None);

        Assert.Equal(l["Identity.DuplicateUserName", "owner-a"].Value, result.Error?.Message);
    }

    [Fact]
    public async Task CreateAsync_OwnerNameTaken_AccountRolledBack()
    {
        await app.Services.CreateAccountAsync(admin, "Acme", "owner-a");
        await using var scope = app.Services.As(admin.Principal);

        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(Form("Other", "owner-a"), CancellationToken.None);

        Assert.Equal(ErrorCodes.Conflict, result.Error?.Code);
        await using var db = await SystemDbAsync();
        Assert.False(await db.Accounts.AnyAsync(a => a.Name == "Other"));
    }

    [Fact]
    public async Task CreateAsync_TenantOwner_Unauthorized()
    {
        var owner = await app.Services.CreateAccountAsync(admin, "Acme", "owner-a");
        await using var scope = app.Services.As(owner.Principal);

        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(Form("Other", "owner-x"), CancellationToken.None);

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
    }

    [Fact]
    public async Task SetFrozenAsync_Freeze_OwnerNotifiedAndAudited()
    {
        var owner = await app.Services.CreateAccountAsync(admin, "Acme", "owner-a");
        await using (var scope = app.Services.As(admin.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<AccountService>().SetFrozenAsync(owner.AccountId!.Value, true, CancellationToken.None));
        }

        await using var ownerScope = app.Services.As(owner.Principal);
        var (_, unread) = await ownerScope.ServiceProvider.GetRequiredService<NotificationService>().ListMineAsync(CancellationToken.None);
        var mine = await ownerScope.ServiceProvider.GetRequiredService<AccountService>().GetMineAsync(CancellationToken.None);
        Assert.Equal(1, unread);
        Assert.Equal(AccountStatus.Frozen, mine!.Status);
        await using var db = await SystemDbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.Freeze && e.UserName == admin.UserName));
    }

    [Fact]
    public async Task AuditService_Tenant_SeesOnlyOwnAccountAdminSeesAll()
    {
        var ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        await app.Services.CreateUserAsync(ownerB, "ops-b", Roles.CommonOperations);

        await using var a = app.Services.As(ownerA.Principal);
        var seenByA = await a.ServiceProvider.GetRequiredService<AuditService>().ListAsync(new AuditQuery(), new PageRequest(0, 100), CancellationToken.None);
        await using var platform = app.Services.As(admin.Principal);
        var seenByAdmin = await platform.ServiceProvider.GetRequiredService<AuditService>().ListAsync(new AuditQuery(), new PageRequest(0, 100), CancellationToken.None);

        Assert.NotEmpty(seenByA.Value.Items);
        Assert.All(seenByA.Value.Items, e => Assert.Equal("甲公司", e.AccountName));
        Assert.Contains(seenByAdmin.Value.Items, e => e.ObjectName == "ops-b");
    }

    [Fact]
    public async Task AuditService_FilterByTypeAndUser_Narrows()
    {
        var owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        await app.Services.CreateUserAsync(owner, "ops-a", Roles.CommonOperations);
        await using var scope = app.Services.As(owner.Principal);
        var audit = scope.ServiceProvider.GetRequiredService<AuditService>();

        var accounts = await audit.ListAsync(new AuditQuery(ObjectType: AccountsModule.AuditType), new PageRequest(), CancellationToken.None);
        var byOwner = await audit.ListAsync(new AuditQuery(UserName: "owner-a"), new PageRequest(), CancellationToken.None);
        var future = await audit.ListAsync(new AuditQuery(FromUtc: DateTime.UtcNow.AddDays(1)), new PageRequest(), CancellationToken.None);

        Assert.All(accounts.Value.Items, e => Assert.Equal(AccountsModule.AuditType, e.ObjectType));
        Assert.Equal(["ops-a"], byOwner.Value.Items.Select(e => e.ObjectName));
        Assert.Empty(future.Value.Items);
    }
}
