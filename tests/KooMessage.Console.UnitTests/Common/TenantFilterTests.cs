using System.Reflection;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Common;

public sealed class TenantFilterTests : IAsyncLifetime
{
    private TestConsole app = default!;

    public async Task InitializeAsync() => app = await TestConsole.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    private TenantDb Dbs => app.Services.GetRequiredService<TenantDb>();

    [Fact]
    public async Task TenantContext_Query_FiltersByPlainEqualitySqliteCanIndex()
    {
        await using var db = await Dbs.ForAccountAsync(Guid.NewGuid(), "test", CancellationToken.None);

        var sql = db.AuditEntries.OrderByDescending(e => e.Id).ToQueryString();

        Assert.Contains("WHERE \"a\".\"AccountId\" = @", sql, StringComparison.Ordinal);
        Assert.DoesNotContain(" OR ", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnscopedContext_Query_HasNoTenantFilter()
    {
        await using var db = await Dbs.ForSystemAsync("test", CancellationToken.None);

        var sql = db.AuditEntries.ToQueryString();

        Assert.DoesNotContain("AccountId\" =", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EveryEntityWithAnAccountId_IsTenantOwnedAndFiltered()
    {
        await using var db = await Dbs.ForAccountAsync(Guid.NewGuid(), "test", CancellationToken.None);

        var withAccount = db.Model.GetEntityTypes().Where(e => e.FindProperty("AccountId") is not null).ToList();

        Assert.True(withAccount.Count >= 9, "the model lost its tenant-owned entities");
        Assert.All(withAccount, e =>
        {
            Assert.True(typeof(ITenantOwned).IsAssignableFrom(e.ClrType), $"{e.ClrType.Name} has an AccountId but is not ITenantOwned");
            Assert.NotEmpty(e.GetDeclaredQueryFilters());
        });
    }

    [Fact]
    public async Task TenantContexts_AfterAnUnfilteredOne_StillFilter()
    {
        // The model is chosen per context at its first query: an unfiltered context used first must not leave its
        // model to the tenant contexts that follow.
        var a = Guid.NewGuid();
        await using (var system = await Dbs.ForSystemAsync("test", CancellationToken.None))
        {
            _ = await system.AuditEntries.CountAsync();
        }

        await using var tenant = await Dbs.ForAccountAsync(a, "test", CancellationToken.None);

        Assert.Contains("\"AccountId\" = @", tenant.AuditEntries.ToQueryString(), StringComparison.Ordinal);
    }

    [Fact]
    public void KooMessageDb_Scope_CannotChangeAfterCreation()
    {
        var scope = typeof(KooMessageDb).GetProperty(nameof(KooMessageDb.Scope))!;
        var mutators = typeof(KooMessageDb).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(DbScope) || p.ParameterType == typeof(Guid?)))
            .Select(m => m.Name)
            .ToList();

        Assert.Null(scope.SetMethod);
        Assert.Empty(mutators);
        Assert.All(typeof(DbScope).GetProperties(), p => Assert.Null(p.SetMethod));
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
        await using var db = await Dbs.ForSystemAsync("test", CancellationToken.None);
        Assert.Equal(1, await db.Set<Features.Accounts.Account>().CountAsync(a => a.IsDemo));
        Assert.Equal(DemoSeeder.Users.Count, await db.Users.CountAsync(u => u.AccountId != null));

        // Every demo send task reads like one sent from the page: its choices named and its pre-check counted.
        var tasks = await db.Set<Features.Sending.SendTask>().AsNoTracking().ToListAsync();
        Assert.True(tasks.Count >= 3);
        Assert.All(tasks, t => Assert.True(
            t.SmsAppId is not null && t.SignatureId is not null && t.SmsTemplateId is not null && t.TplId is not null && t.ExpiryDays > 0
            && t.Capability is not null && t.Expanded - t.Unrenderable > 0,
            t.Name));
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
