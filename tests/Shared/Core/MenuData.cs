using KooMessage.Console.Data;
using KooMessage.Console.Features.ServiceMenus;
using KooMessage.Console.Features.ServiceNumbers;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>What menu tests need: a service number inserted directly in the state wanted, and a valid menu.</summary>
public static class MenuData
{
    public static async Task<Guid> ServiceNumberAsync(this IServiceProvider services, Guid accountId, string name,
        ServiceNumberState state = ServiceNumberState.Active, ApproveState approve = ApproveState.Approved)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test service number", CancellationToken.None);
        var now = DateTime.UtcNow;
        var sn = new ServiceNumber
        {
            AccountId = accountId, Name = name, Remark = "官方", Abstract = name + "的服务号", State = state, ApproveState = approve,
            SubmittedAt = now, CreatedAt = now, UpdatedAt = now,
        };
        db.ServiceNumbers.Add(sn);
        await db.SaveChangesAsync();
        return sn.Id;
    }

    /// <summary>Two first-level items: 账户服务 with a web page and a call under it, and 联系我们 that calls by itself.</summary>
    public static MenuDraft Menu() => new()
    {
        Items =
        [
            new()
            {
                Name = "账户服务", Action = MenuAction.OPEN_SUBMENU,
                Children =
                [
                    new() { Name = "余额查询", Action = MenuAction.OPEN_URL, Content = "https://example.com/balance", WebTitle = "余额查询" },
                    new() { Name = "客服热线", Action = MenuAction.CALLING, Content = "95555" },
                ],
            },
            new() { Name = "联系我们", Action = MenuAction.CALLING, Content = "400-800-1234" },
        ],
    };
}
