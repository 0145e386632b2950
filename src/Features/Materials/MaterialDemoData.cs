using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.Features.Materials;

/// <summary>Three pictures in template ratios (1:1, 16:9, 3:1), drawn here as plain colour fields.</summary>
internal sealed class MaterialDemoData(FileStore files) : IDemoData
{
    public int Order => 40;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.Materials.AnyAsync(m => m.AccountId == demo.AccountId, ct))
        {
            return;
        }

        (string Name, int Width, int Height, Rgba32 Colour)[] pictures =
        [
            ("春季促销主图", 1080, 1080, new Rgba32(0x1E, 0x5A, 0xA8)),
            ("新品发布横幅", 1280, 720, new Rgba32(0xE8, 0x6A, 0x1C)),
            ("会员权益条幅", 1200, 400, new Rgba32(0x2E, 0x8B, 0x57)),
        ];
        for (var i = 0; i < pictures.Length; i++)
        {
            var (name, width, height, colour) = pictures[i];
            using var image = new Image<Rgba32>(width, height, colour);
            using var png = new MemoryStream();
            await image.SaveAsPngAsync(png, ct);
            var bytes = png.ToArray();
            var file = await files.SaveBytesAsync(db, demo.Owner, demo.AccountId, $"{name}.png", "image/png", bytes, ct);
            db.Materials.Add(new Material
            {
                AccountId = demo.AccountId, Kind = MaterialKind.Image, Name = name, FileId = file.Id, Size = bytes.Length,
                Width = width, Height = height, Ratio = MaterialRules.RatioOf(width, height), CreatedBy = demo.Owner.UserName, CreatedAt = demo.Now.AddDays(-i - 1),
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
