using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>
/// A live menu (3 items with sub-items) on each of the demo account's approved service numbers found at seed time, a
/// new version in review on the first, and a week of menu clicks pushed through the ingestion service once the
/// seeding has committed (so they are checked, completed and stored as a vendor's pushes are).
/// </summary>
internal sealed class ServiceMenuDemoData(EventIngestion ingestion) : IDemoData
{
    public int Order => 910;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.MenuVersions.AnyAsync(v => v.AccountId == demo.AccountId, ct))
        {
            return;
        }

        var numbers = await db.ServiceNumbers.Where(s => s.AccountId == demo.AccountId && s.ApproveState == ApproveState.Approved && s.State == ServiceNumberState.Active)
            .OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var clicks = new List<PushedEvent?>();
        foreach (var sn in numbers)
        {
            var menu = Menu();
            var live = new MenuVersion
            {
                AccountId = demo.AccountId, ServiceNumberId = sn.Id, Number = 1, State = MenuVersionState.Live, MenuJson = MenuVersion.Serialize(menu),
                SubmittedBy = demo.OwnerId, SubmittedAt = demo.Now.AddDays(-20), OnlineAt = demo.Now.AddDays(-19), CreatedAt = demo.Now.AddDays(-21), UpdatedAt = demo.Now.AddDays(-19),
            };
            db.MenuVersions.Add(live);
            clicks.AddRange(Clicks(demo, sn.Id, menu));
            if (sn == numbers[0])
            {
                var next = menu.Clone();
                next.Items[0].Children.Add(new MenuItemDraft { Name = "网点查询", Action = MenuAction.OPEN_URL, Content = "https://www.example.com/branches", WebTitle = "网点查询" });
                var review = new MenuVersion
                {
                    AccountId = demo.AccountId, ServiceNumberId = sn.Id, Number = 2, State = MenuVersionState.Reviewing, MenuJson = MenuVersion.Serialize(next),
                    ChangeReason = "新增网点查询入口，方便客户就近办理业务。", SubmittedBy = demo.OwnerId, SubmittedAt = demo.Now.AddHours(-5),
                    CreatedAt = demo.Now.AddHours(-6), UpdatedAt = demo.Now.AddHours(-5),
                };
                db.MenuVersions.Add(review);
                ReviewTickets.Open(db, MenuReviewSource.Subject(review, new ServiceNumberRef(sn.Id, sn.Name, sn.Remark, sn.State, sn.ApproveState)), review.SubmittedAt.Value);
            }
        }

        await db.SaveChangesAsync(ct);
        if (clicks.Count > 0)
        {
            demo.AfterCommit.Add(async token =>
            {
                foreach (var chunk in clicks.Chunk(100))
                {
                    await ingestion.IngestAsync(demo.AccountId, chunk, token);
                }
            });
        }
    }

    internal static MenuDraft Menu() => new()
    {
        Items =
        [
            new()
            {
                Name = "账户服务", Action = MenuAction.OPEN_SUBMENU,
                Children =
                [
                    new() { Name = "余额查询", Action = MenuAction.OPEN_URL, Content = "https://www.example.com/balance", WebTitle = "余额查询" },
                    new() { Name = "账单明细", Action = MenuAction.OPEN_URL, Content = "https://www.example.com/bills", WebTitle = "账单明细" },
                    new() { Name = "客服热线", Action = MenuAction.CALLING, Content = "95555" },
                    new()
                    {
                        Name = "手机银行", Action = MenuAction.OPEN_APP, Content = "examplebank://home", PackageName = "com.example.bank", AppId = "10000004",
                        FallbackUrl = "https://www.example.com/app",
                    },
                ],
            },
            new()
            {
                Name = "优惠活动", Action = MenuAction.OPEN_SUBMENU,
                Children =
                [
                    new() { Name = "本月特惠", Action = MenuAction.OPEN_URL, Content = "https://www.example.com/offers", WebTitle = "本月特惠", OpenInBrowser = true },
                    new() { Name = "积分商城", Action = MenuAction.OPEN_QUICK, Content = "hap://app/com.example.mall", ServiceName = "积分商城", EngineVersion = "1080" },
                ],
            },
            new() { Name = "联系我们", Action = MenuAction.CALLING, Content = "400-800-1234" },
        ],
    };

    /// <summary>Forty taps over the last week, spread over every item; event ids fixed, so a second push is stored once.</summary>
    private static IEnumerable<PushedEvent> Clicks(DemoAccount demo, Guid serviceNumber, MenuDraft menu)
    {
        var items = menu.All().Select(x => x.Item.Key).ToList();
        for (var i = 0; i < 40; i++)
        {
            var number = string.Create(CultureInfo.InvariantCulture, $"1380013{i % 17:D4}");
            yield return new PushedEvent
            {
                EventId = string.Create(CultureInfo.InvariantCulture, $"demo-menu-{serviceNumber:N}-{i}"),
                Kind = EventKinds.NameOf(EventKind.MenuClick),
                Time = new DateTimeOffset(demo.Now.AddHours(-(i * 4) - 1), TimeSpan.Zero),
                ServiceNumber = serviceNumber.ToString(),
                MenuItem = items[(i * 7) % items.Count],
                Vendor = (i % 3) switch { 0 => "HUAWEI", 1 => "XIAOMI", _ => "OPPO" },
                NumberHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(number))),
            };
        }
    }
}
