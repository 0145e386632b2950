using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.ShortLinks;

/// <summary>Which link codes a pushed event may name (<see cref="LinkEventCheck"/>): the account's own, on any domain, found by the domain's index.</summary>
public sealed class LinkEventCheckTests
{
    [Fact]
    public async Task Owned_FindsTheCodesByDomainAndCode_NotByTheAccountsIndex()
    {
        await using var app = await TestConsole.StartAsync();
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var plan = await db.PlanAsync(LinkEventCheck.Owned);

        Assert.Contains(plan, p => p.Contains("IX_ShortLinks_DomainKey_Code (DomainKey=? AND Code=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("AccountId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Owned_IsTheAccountsCodesOnEveryDomain_NotAnothersNorUnknownOnesNorInAnotherCase()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        await using (var scope = app.Services.As(admin.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<ShortDomainService>().SaveAsync(null, 0, new ShortDomainForm { Host = "km2g.cn", Path = "a1" }, CancellationToken.None));
        }

        var ours = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var theirs = await app.Services.CreateAccountAsync(admin, "远山贸易有限公司", "other");
        var (ourTemplate, _) = await app.Services.ApprovedTemplateAsync(ours.AccountId!.Value);
        var (theirTemplate, _) = await app.Services.ApprovedTemplateAsync(theirs.AccountId!.Value, "600000002");
        var onDefault = await CodeAsync(app, ours, ourTemplate, onPlatformDomain: false);
        var onPlatform = await CodeAsync(app, ours, ourTemplate, onPlatformDomain: true);
        var another = await CodeAsync(app, theirs, theirTemplate, onPlatformDomain: false);
        var check = app.Services.GetServices<IEventSubjectCheck>().OfType<LinkEventCheck>().Single();

        var otherCase = new string([.. onDefault.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]);
        Assert.NotEqual(onDefault, otherCase);

        var owned = await check.OwnedAsync(ours.AccountId!.Value, [onDefault, onPlatform, another, "Zz00000", otherCase], CancellationToken.None);

        Assert.Equal(new[] { onDefault, onPlatform }.Order(StringComparer.Ordinal), owned.Order(StringComparer.Ordinal));
        Assert.Equal([another], await check.OwnedAsync(theirs.AccountId!.Value, [onDefault, another], CancellationToken.None));
    }

    private static async Task<string> CodeAsync(TestConsole app, TestUser owner, string tplId, bool onPlatformDomain)
    {
        var form = ShortLinkData.GroupForm(tplId);
        if (onPlatformDomain)
        {
            await using var scope = app.Services.As(owner.Principal);
            form.DomainId = (await scope.ServiceProvider.GetRequiredService<ShortLinkService>().DomainsAsync(CancellationToken.None)).Value.Single(d => d.Id is not null).Id;
        }

        var code = (await app.Services.CreateTaskAsync(owner, form)).Value.Codes[0];
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(owner.AccountId!.Value, "test", CancellationToken.None);
        Assert.Equal(onPlatformDomain, await db.ShortLinks.AnyAsync(k => k.Code == code && k.DomainKey != ShortLinkOptions.DefaultDomainKey));
        return code;
    }
}
