using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using KooMessage.Console.UnitTests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.SmsApps;

/// <summary>Creations race for the account's last app place: the checks and the write are one serialized transaction.</summary>
public sealed class SmsAppRaceTests
{
    [Fact]
    public async Task CreateApp_TwoAtOnceForTheLastPlace_OneCreatedOneRefused()
    {
        var race = new RaceHold(sql => sql.Contains("COUNT(*)", StringComparison.Ordinal) && sql.Contains("\"SmsApps\"", StringComparison.Ordinal));
        await using var raced = await TestConsole.StartAsync(s =>
        {
            s.Configure<ConsoleOptions>(o => o.SmsAppLimit = 1);
            s.ConfigureDbContext<KooMessageDb>(o => o.AddInterceptors(race));
        });
        var admin = await raced.Services.CreateAdministratorAsync();
        var tenant = await raced.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        async Task<Result> CreateAsync(string name)
        {
            await using var scope = raced.Services.As(tenant.Principal);
            return await scope.ServiceProvider.GetRequiredService<SmsAppService>().SaveAsync(null, new SmsAppForm { Name = name }, CancellationToken.None);
        }

        var results = await race.RunAsync(() => CreateAsync("会员通知"), () => CreateAsync("营销活动"));

        Assert.True(results[0].IsSuccess);
        Assert.Equal(ErrorCodes.InvalidParameter, results[1].Error?.Code);
        await using var db = await raced.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.Equal(1, await db.SmsApps.CountAsync());
        Assert.Equal(1, await db.ReviewTickets.CountAsync(t => t.Kind == SmsAppReviewSource.KindName && t.State == ReviewTicketState.Open));
    }
}
