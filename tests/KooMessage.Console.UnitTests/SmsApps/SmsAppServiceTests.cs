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

    [Fact]
    public async Task ListAsync_SortedByAColumn_OrdersOnTheServerAndIgnoresUnknownColumns()
    {
        await using var app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        var tenant = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await using var scope = app.Services.As(tenant.Principal);
        var apps = scope.ServiceProvider.GetRequiredService<SmsAppService>();
        foreach (var name in new[] { "b-通知", "c-营销", "a-验证码" })
        {
            TestData.Ok(await apps.SaveAsync(null, new SmsAppForm { Name = name }, CancellationToken.None));
        }

        async Task<string[]> NamesAsync(PageRequest page) =>
            [.. (await apps.ListAsync(page, CancellationToken.None)).Value.Items.Select(a => a.Name)];

        Assert.Equal(["a-验证码", "b-通知", "c-营销"], await NamesAsync(new PageRequest(SortBy: nameof(SmsAppRow.Name))));
        Assert.Equal(["c-营销", "b-通知"], await NamesAsync(new PageRequest(PageSize: 2, SortBy: nameof(SmsAppRow.Name), Descending: true)));

        // The standard order (newest first) for no column and for a column the list does not sort by.
        Assert.Equal(["a-验证码", "c-营销", "b-通知"], await NamesAsync(new PageRequest()));
        Assert.Equal(["a-验证码", "c-营销", "b-通知"], await NamesAsync(new PageRequest(SortBy: nameof(SmsAppRow.UpLinkAddress))));
    }
}
