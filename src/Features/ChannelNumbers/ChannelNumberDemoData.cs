using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>
/// Channel numbers in every review state, and, when the demo account has approved service numbers that are not frozen
/// (seeded before, Order 900), bindings of the approved ports to them by region: 广东省 › 深圳市 and 北京市 on the first,
/// 全国 on the second. Each part is added once.
/// </summary>
internal sealed class ChannelNumberDemoData : IDemoData
{
    public int Order => 920;

    private static readonly (string Number, ChannelNumberType Type, string[] Signatures, ApproveState State, string? Review)[] Ports =
    [
        ("106900001234", ChannelNumberType.Normal, ["星河科技", "星河商城"], ApproveState.Approved, null),
        ("1069000088", ChannelNumberType.Prefix, ["星河科技"], ApproveState.Approved, null),
        ("10690", ChannelNumberType.Suffix, ["星河会员"], ApproveState.Approved, null),
        ("106900005678", ChannelNumberType.Normal, ["星河商城"], ApproveState.Reviewing, null),
        ("106900009999", ChannelNumberType.Normal, ["星河"], ApproveState.Rejected, "授权证明不清晰，请上传加盖公章的授权书后重新登记。"),
    ];

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        var now = demo.Now;
        if (!await db.ChannelNumbers.AnyAsync(c => c.AccountId == demo.AccountId, ct))
        {
            for (var i = 0; i < Ports.Length; i++)
            {
                var (number, type, signatures, state, review) = Ports[i];
                var port = new ChannelNumber
                {
                    AccountId = demo.AccountId, Number = number, Type = type, Signatures = ChannelNumber.Join(signatures), SignCheck = type != ChannelNumberType.Normal || i == 0,
                    ApproveState = state, ReviewDesc = review, SubmittedBy = demo.OwnerId, SubmittedAt = now.AddHours(-5 - (i * 7)),
                    CreatedAt = now.AddDays(-i - 1), UpdatedAt = now.AddHours(-i),
                };
                db.ChannelNumbers.Add(port);
                if (state == ApproveState.Reviewing)
                {
                    ReviewTickets.Open(db, ChannelNumberReviewSource.Subject(port), port.SubmittedAt);
                }
            }

            await db.SaveChangesAsync(ct);
        }

        if (await db.ChannelBindings.AnyAsync(b => b.AccountId == demo.AccountId, ct))
        {
            return;
        }

        var serviceNumbers = await db.ServiceNumbers.AsNoTracking()
            .Where(s => s.AccountId == demo.AccountId && s.ApproveState == ApproveState.Approved && s.State != ServiceNumberState.Frozen)
            .OrderBy(s => s.CreatedAt).Select(s => s.Id).Take(2).ToListAsync(ct);
        if (serviceNumbers.Count == 0)
        {
            return;
        }

        var approved = await db.ChannelNumbers.AsNoTracking().Where(c => c.AccountId == demo.AccountId && c.ApproveState == ApproveState.Approved)
            .OrderBy(c => c.Number).ToListAsync(ct);
        var merchant = await ChannelNumberService.MerchantNameAsync(db, demo.AccountId, ct);
        var first = approved.Single(c => c.Number == Ports[0].Number);
        var second = approved.Single(c => c.Number == Ports[1].Number);
        (ChannelNumber Port, Guid ServiceNumber, RegionScope Region)[] bindings =
        [
            (first, serviceNumbers[0], RegionScope.CitiesOf("44", ["4403"])),
            (first, serviceNumbers[0], RegionScope.WholeProvince("11")),
            (second, serviceNumbers[^1], RegionScope.Nationwide),
        ];
        foreach (var (port, serviceNumber, region) in bindings)
        {
            db.ChannelBindings.Add(new ChannelBinding
            {
                AccountId = demo.AccountId, ChannelNumberId = port.Id, ServiceNumberId = serviceNumber, Region = region.Code,
                Signatures = port.Signatures, MerchantName = merchant, CreatedBy = demo.Owner.UserName, CreatedAt = now.AddHours(-1),
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
