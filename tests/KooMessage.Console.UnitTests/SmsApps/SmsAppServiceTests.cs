using KooMessage.Console.Common;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.SmsApps;

public sealed class SmsAppServiceTests
{
    [Fact]
    public async Task SaveAsync_NameTaken_ConflictAtTheNameField()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var tenant = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        async Task<Result> CreateAsync(string name)
        {
            await using var scope = app.Services.As(tenant.Principal);
            return await scope.ServiceProvider.GetRequiredService<SmsAppService>().SaveAsync(null, new SmsAppForm { Name = name }, CancellationToken.None);
        }

        TestData.Ok(await CreateAsync("会员通知"));
        var again = await CreateAsync("会员通知\u200B");

        Assert.Equal(ErrorCodes.Conflict, again.Error?.Code);
        Assert.Equal(nameof(SmsAppForm.Name), Assert.Single(again.Error!.Fields).Field);
    }
}
