using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Tests;
using KooMessage.Console.UnitTests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Platform;

public sealed class SensitiveWordRaceTests
{
    [Fact]
    public async Task Add_SameWordTwiceAtOnce_OneAddedOneConflict()
    {
        var race = new RaceHold(sql => sql.Contains("EXISTS", StringComparison.Ordinal) && sql.Contains("\"SensitiveWords\"", StringComparison.Ordinal));
        await using var raced = await TestConsole.StartAsync(s => s.ConfigureDbContext<KooMessageDb>(o => o.AddInterceptors(race)));
        var admin = await raced.Services.CreateAdministratorAsync();
        async Task<Result> AddAsync()
        {
            await using var scope = raced.Services.As(admin.Principal);
            return await scope.ServiceProvider.GetRequiredService<SensitiveWordService>().AddAsync("秒杀", CancellationToken.None);
        }

        var results = await race.RunAsync(AddAsync, AddAsync);

        Assert.True(results[0].IsSuccess);
        Assert.Equal(ErrorCodes.Conflict, results[1].Error?.Code);
        await using var db = await raced.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.Equal(1, await db.SensitiveWords.CountAsync(w => w.Word == "秒杀"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ObjectType == PlatformModule.SensitiveWordAuditType && e.ObjectId == "秒杀"));
    }
}
