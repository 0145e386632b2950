using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Common;

public sealed class TenantFilterTests : IAsyncLifetime
{
    private TestConsole app = default!;

    public async Task InitializeAsync() => app = await TestConsole.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task TenantContext_Query_FiltersByPlainEqualitySqliteCanIndex()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<KooMessageDb>>();
        await using var db = await factory.CreateDbContextAsync();
        db.ScopeTo(Guid.NewGuid());

        var sql = db.AuditEntries.OrderByDescending(e => e.Id).ToQueryString();

        Assert.Contains("WHERE \"a\".\"AccountId\" = @", sql, StringComparison.Ordinal);
        Assert.DoesNotContain(" OR ", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnscopedContext_Query_HasNoTenantFilter()
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync(CancellationToken.None);

        var sql = db.AuditEntries.ToQueryString();

        Assert.DoesNotContain("AccountId\" =", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoSeeder_RunTwice_CreatesOnceThenKeeps()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();

        var first = await seeder.SeedAsync(CancellationToken.None);
        var second = await seeder.SeedAsync(CancellationToken.None);

        Assert.Equal(DemoSeeder.Users.Count, first.Count);
        Assert.Empty(second);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync(CancellationToken.None);
        Assert.Equal(1, await db.Accounts.CountAsync(a => a.IsDemo));
        Assert.Equal(DemoSeeder.Users.Count, await db.Users.CountAsync(u => u.AccountId != null));
    }

    [Fact]
    public async Task DemoSeeder_BeforeSetup_SetupStillOpen()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);

        var setup = app.Services.GetRequiredService<Features.Platform.SetupService>();

        Assert.False(await setup.IsDoneAsync(CancellationToken.None));
        Assert.True((await setup.CreateAdministratorAsync(TestData.Form("admin"), CancellationToken.None)).IsSuccess);
        Assert.True(await setup.IsDoneAsync(CancellationToken.None));
    }
}
