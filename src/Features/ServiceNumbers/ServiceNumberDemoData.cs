using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using KooMessage.Console.Features.Signatures;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>
/// Service numbers of the demo account in every state: one new in review, one live with its homepage, one rejected
/// with the reviewer's reason, one frozen; their logos and backgrounds are drawn here and pass the upload rules.
/// </summary>
internal sealed class ServiceNumberDemoData(FileStore files) : IDemoData
{
    public int Order => 900;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.ServiceNumbers.AnyAsync(s => s.AccountId == demo.AccountId, ct))
        {
            return;
        }

        var signature = await db.Signatures.Where(s => s.AccountId == demo.AccountId && s.Status == SignatureStatus.ReviewPassed).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name }).FirstOrDefaultAsync(ct);
        if (signature is null)
        {
            return;
        }

        var background = await ImageAsync(demo, db, ServiceImageType.BgImage, "主页背景.png", 1440, 810, new Rgba32(0x1E, 0x5A, 0xA8), ct);
        var appLogo = await ImageAsync(demo, db, ServiceImageType.FastAppLogo, "快应用图标.png", 192, 192, new Rgba32(0xE8, 0x6A, 0x1C), ct);
        var licence = await ImageAsync(demo, db, ServiceImageType.Other, "授权委托书.png", 800, 1100, new Rgba32(0xF5, 0xF5, 0xF0), ct);
        (string Name, string Remark, ServiceNumberIndustry Industry, ServiceNumberState State, ApproveState Approve, string? ReviewDesc, Rgba32 Colour)[] numbers =
        [
            ("示例出行", "总部", ServiceNumberIndustry.Travel, ServiceNumberState.Inactive, ApproveState.Reviewing, null, new Rgba32(0x2E, 0x8B, 0x57)),
            ("示例银行", "信用卡中心", ServiceNumberIndustry.Finance, ServiceNumberState.Active, ApproveState.Approved, null, new Rgba32(0xC0, 0x39, 0x2B)),
            ("示例商城", "官方旗舰", ServiceNumberIndustry.Shopping, ServiceNumberState.Inactive, ApproveState.Rejected, "LOGO 与企业名称不符，请上传带企业标识的图片。", new Rgba32(0x8E, 0x44, 0xAD)),
            ("示例生活", "华南", ServiceNumberIndustry.LocalLife, ServiceNumberState.Frozen, ApproveState.Approved, null, new Rgba32(0x7F, 0x8C, 0x8D)),
        ];
        var now = demo.Now;
        for (var i = 0; i < numbers.Length; i++)
        {
            var (name, remark, industry, state, approve, reviewDesc, colour) = numbers[i];
            var logo = await ImageAsync(demo, db, ServiceImageType.PubLogo, $"{name}LOGO.png", 240 + (i * 20), 240 + (i * 20), colour, ct);
            var wasApproved = state is ServiceNumberState.Active or ServiceNumberState.Frozen;
            var number = new ServiceNumber
            {
                AccountId = demo.AccountId, Name = name, Remark = remark, Abstract = $"{name}官方服务号：账单，活动与服务一站送达。", Industry = industry,
                LogoImageId = logo.Id, AuthorizationImageIds = [licence.Id],
                Signatures = [new ServiceSignature(signature.Id, signature.Name, i == 3 ? "44:4401,4403" : RegionScope.NationwideCode)],
                State = state, ApproveState = approve, ReviewDesc = reviewDesc, SubmittedBy = demo.OwnerId,
                SubmittedAt = wasApproved ? now.AddDays(-11 + i) : now.AddHours(-3 - i),
                OnlineAt = wasApproved ? now.AddDays(-10 + i) : null, FrozenAt = state == ServiceNumberState.Frozen ? now.AddDays(-1) : null,
                CreatedAt = now.AddDays(-12 + i), UpdatedAt = now.AddHours(-i),
            };
            db.ServiceNumbers.Add(number);
            var content = new HomepageContent(background.Id, $"欢迎关注{name}，热线与快应用都在这里。",
                [new QuickApp($"{name}快应用", "查账单，办业务", "hap://app/com.example.demo", "1070", appLogo.Id)],
                [new Hotline("400-800-8800", "官方客服"), new Hotline("95588", "挂失")]);
            var homepage = new ServiceHomepage
            {
                AccountId = demo.AccountId, ServiceNumberId = number.Id, Content = content, LiveContent = wasApproved ? content : null,
                State = wasApproved ? ServiceNumberState.Active : ServiceNumberState.Inactive,
                ApproveState = wasApproved ? ApproveState.Approved : approve == ApproveState.Rejected ? ApproveState.Rejected : ApproveState.Reviewing,
                ReviewDesc = approve == ApproveState.Rejected ? "背景图与服务号无关，请更换。" : null, OnlineAt = number.OnlineAt,
                SubmittedBy = demo.OwnerId, SubmittedAt = number.SubmittedAt, CreatedAt = number.CreatedAt, UpdatedAt = number.UpdatedAt,
            };
            db.ServiceHomepages.Add(homepage);
            if (approve == ApproveState.Reviewing)
            {
                ReviewTickets.Open(db, ServiceNumberReviewSource.Subject(number), number.SubmittedAt);
                ReviewTickets.Open(db, HomepageReviewSource.Subject(number, homepage), number.SubmittedAt);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>A plain picture with a lighter inner square, as PNG (a few kilobytes: inside every type's byte limit).</summary>
    private async Task<ServiceImage> ImageAsync(DemoAccount demo, KooMessageDb db, ServiceImageType type, string fileName, int width, int height, Rgba32 colour, CancellationToken ct)
    {
        using var image = new Image<Rgba32>(width, height, colour);
        var inset = Math.Min(width, height) / 4;
        var light = new Rgba32((byte)((colour.R + 255) / 2), (byte)((colour.G + 255) / 2), (byte)((colour.B + 255) / 2));
        for (var y = inset; y < height - inset; y++)
        {
            for (var x = inset; x < width - inset; x++)
            {
                image[x, y] = light;
            }
        }

        using var png = new MemoryStream();
        await image.SaveAsPngAsync(png, ct);
        var bytes = png.ToArray();
        var file = await files.SaveBytesAsync(db, demo.Owner, demo.AccountId, fileName, "image/png", bytes, ct);
        var row = new ServiceImage
        {
            AccountId = demo.AccountId, Type = type, FileId = file.Id, FileName = fileName, Format = "png", Size = bytes.Length, Width = width, Height = height,
            CreatedBy = demo.Owner.UserName, CreatedAt = demo.Now.AddDays(-14),
        };
        db.ServiceImages.Add(row);
        return row;
    }
}
