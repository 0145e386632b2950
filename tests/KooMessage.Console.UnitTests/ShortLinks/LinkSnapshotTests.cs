using KooMessage.Console.Data;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.ShortLinks;

/// <summary>The resolve host's snapshot: the open links loaded up front, the rest read as visited.</summary>
public sealed class LinkSnapshotTests
{
    [Fact]
    public async Task Preload_HoldsTheOpenLinksOnly_AndAnswersThemWithoutTheDatabase()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        var account = owner.AccountId!.Value;
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(account);
        var codes = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await app.Services.CreateTaskAsync(owner, ShortLinkData.GroupForm(tplId, 10))).Value.Codes[0]);
        }

        var (open, stopped, expired, usedUp) = (codes[0], codes[1], codes[2], codes[3]);
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None))
        {
            await db.ShortLinks.Where(k => k.Code == stopped).ExecuteUpdateAsync(s => s.SetProperty(k => k.Enabled, false));
            await db.ShortLinks.Where(k => k.Code == expired).ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
            await db.ShortLinks.Where(k => k.Code == usedUp).ExecuteUpdateAsync(s => s.SetProperty(k => k.Resolved, 10));
        }

        var snapshot = app.Services.GetRequiredService<LinkSnapshot>();
        await snapshot.StartAsync(CancellationToken.None);
        await snapshot.Preloading;

        Assert.Equal(1, snapshot.Preloaded);

        // Gone from the database, still answered from memory: it was preloaded, not read on the visit.
        await using (var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(account, "test", CancellationToken.None))
        {
            await db.ShortLinks.Where(k => k.Code == open).ExecuteDeleteAsync();
        }

        var held = await snapshot.FindAsync(ShortLinkOptions.DefaultDomainKey, open, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Equal((open, tplId), (held.Code, held.TplId));
        Assert.NotNull(held.VersionToken);
        Assert.Equal("王女士", held.Values["name"]);

        // What it does not hold is read from the database.
        var read = await snapshot.FindAsync(ShortLinkOptions.DefaultDomainKey, stopped, CancellationToken.None);
        Assert.False(read?.Enabled);
        Assert.Null(await snapshot.FindAsync(ShortLinkOptions.DefaultDomainKey, "Nope123", CancellationToken.None));
        await snapshot.StopAsync(CancellationToken.None);
    }
}
