using System.Data.Common;
using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.SmsApps;

/// <summary>Creations race for the account's last app place: the checks and the write are one serialized transaction.</summary>
public sealed class SmsAppRaceTests
{
    [Fact]
    public async Task CreateApp_TwoAtOnceForTheLastPlace_OneCreatedOneRefused()
    {
        var race = new AppLimitRace();
        await using var raced = await TestConsole.StartAsync(s =>
        {
            s.Configure<ConsoleOptions>(o => o.SmsAppLimit = 1);
            s.ConfigureDbContext<KooMessageDb>(o => o.AddInterceptors(race));
        });
        var admin = await raced.Services.CreateAdministratorAsync();
        var tenant = await raced.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        Task<Result> Create(string name) => Task.Run(async () =>
        {
            race.Caller.Value = name;
            await using var scope = raced.Services.As(tenant.Principal);
            return (Result)await scope.ServiceProvider.GetRequiredService<SmsAppService>().SaveAsync(null, new SmsAppForm { Name = name }, CancellationToken.None);
        });

        var one = Create(AppLimitRace.First);
        await race.FirstCounted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var results = await Task.WhenAll(one, Create(AppLimitRace.Second));

        Assert.True(results[0].IsSuccess);
        Assert.Equal(ErrorCodes.InvalidParameter, results[1].Error?.Code);
        await using var db = await raced.Services.GetRequiredService<TenantDb>().ForSystemAsync(CancellationToken.None);
        Assert.Equal(1, await db.SmsApps.CountAsync());
        Assert.Equal(1, await db.ReviewTickets.CountAsync(t => t.Kind == SmsAppReviewSource.KindName && t.State == ReviewTicketState.Open));
    }

    /// <summary>
    /// Holds the first creation right after it counted the account's apps until the second has come as far as it can:
    /// its own count (if nothing serializes them, both then pass the limit) or the start of its transaction (where it
    /// waits for the first to commit).
    /// </summary>
    private sealed class AppLimitRace : DbCommandInterceptor, IDbTransactionInterceptor
    {
        public const string First = "一号";
        public const string Second = "二号";

        private readonly TaskCompletionSource secondArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AsyncLocal<string?> Caller { get; } = new();

        public TaskCompletionSource FirstCounted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("COUNT(*)", StringComparison.Ordinal) && command.CommandText.Contains("\"SmsApps\"", StringComparison.Ordinal))
            {
                if (Caller.Value == First)
                {
                    FirstCounted.TrySetResult();
                    await secondArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                }
                else if (Caller.Value == Second)
                {
                    secondArrived.TrySetResult();
                }
            }

            return result;
        }

        public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (Caller.Value == Second)
            {
                secondArrived.TrySetResult();
            }

            return ValueTask.FromResult(result);
        }
    }
}
