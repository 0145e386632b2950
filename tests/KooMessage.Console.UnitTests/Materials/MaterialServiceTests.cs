using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.UnitTests.Materials;

/// <summary>素材库 on real SQLite and the real file store: pixels read from the file, the limits, use and deletion.</summary>
public sealed class MaterialServiceTests : IAsyncLifetime
{
    private static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2', 0, 0, 0, 0];

    private readonly Usage usage = new();
    private TestConsole app = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync(s => s.AddSingleton<IMaterialUsage>(usage));
        var admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static byte[] Png(int width, int height)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(20, 90, 170));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(200, 90, 20));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    private async Task<UploadedFile> StageAsync(string name, byte[] content, long max = 8 * 1024 * 1024)
    {
        using var stream = new MemoryStream(content);
        return await app.Services.GetRequiredService<FileStore>().StageAsync(name, stream, max, CancellationToken.None);
    }

    private async Task<T> AsAsync<T>(TestUser user, Func<MaterialService, Task<T>> call)
    {
        await using var scope = app.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<MaterialService>());
    }

    private Task<Result<Guid>> UploadImageAsync(byte[] content, string fileName = "主图.png", string? name = null) =>
        AsAsync(owner, async s => await s.UploadAsync(new MaterialUpload(MaterialKind.Image, name, await StageAsync(fileName, content), null), CancellationToken.None));

    [Theory]
    [InlineData(1080, 1080, ImageRatio.OneToOne)]
    [InlineData(1280, 720, ImageRatio.SixteenToNine)]
    [InlineData(1200, 400, ImageRatio.ThreeToOne)]
    [InlineData(480, 650, ImageRatio.FortyEightToSixtyFive)]
    [InlineData(2100, 900, ImageRatio.TwentyOneToNine)]
    [InlineData(750, 1000, ImageRatio.ThreeToFour)]
    [InlineData(1000, 1009, ImageRatio.OneToOne)]
    public void RatioOf_TemplateRatiosWithinOnePercent(int width, int height, ImageRatio expected) =>
        Assert.Equal(expected, MaterialRules.RatioOf(width, height));

    [Theory]
    [InlineData(1000, 1011)]
    [InlineData(800, 600)]
    [InlineData(0, 10)]
    public void RatioOf_OtherShapes_None(int width, int height) => Assert.Null(MaterialRules.RatioOf(width, height));

    [Fact]
    public async Task Upload_Png_PixelsAndRatioReadFromTheFileAndNameFromItsFileName()
    {
        var id = (await UploadImageAsync(Png(1280, 720))).Value;

        var list = await AsAsync(owner, s => s.ListAsync(new MaterialQuery(), new PageRequest(), CancellationToken.None));
        var row = Assert.Single(list.Value.Items);
        Assert.Equal((id, "主图", 1280, 720, ImageRatio.SixteenToNine), (row.Id, row.Name, row.Width, row.Height, row.Ratio));
        Assert.Empty(row.UsedBy);
        Assert.Contains(app.Services.StoredPaths(), p => p.EndsWith(row.FileId.ToString("N"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_NoNameAndAFileNamedOnlyByItsExtension_AsksForAName()
    {
        var result = await UploadImageAsync(Png(100, 100), ".png");

        Assert.Equal(nameof(MaterialUpload.Name), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task Upload_NoNameAndALongFileName_TheNameIsCutToFit()
    {
        var id = (await UploadImageAsync(Png(100, 100), new string('图', 150) + ".png")).Value;

        var list = await AsAsync(owner, s => s.ListAsync(new MaterialQuery(), new PageRequest(), CancellationToken.None));
        Assert.Equal(Material.NameMax, Assert.Single(list.Value.Items, m => m.Id == id).Name.Length);
    }

    [Fact]
    public async Task Upload_JpegNamedPng_AcceptedByItsBytes()
    {
        var result = await UploadImageAsync(Jpeg(600, 600), "伪装.png", "方图");

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Upload_WrongRatio_RefusedAtTheFileWithItsPixels()
    {
        var result = await UploadImageAsync(Png(800, 600));

        var error = Assert.Single(result.Error!.Fields);
        Assert.Equal(nameof(MaterialUpload.File), error.Field);
        Assert.Contains("800×600", error.Message, StringComparison.Ordinal);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.False(await db.Set<Material>().AnyAsync());
    }

    [Fact]
    public async Task Upload_PngHeaderWithBrokenBody_Unreadable()
    {
        var broken = Png(100, 100)[..40];

        var result = await UploadImageAsync(broken);

        Assert.Equal(nameof(MaterialUpload.File), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task Upload_SmallFileOfAHugePicture_RefusedWithoutDecodingIt()
    {
        using var image = new Image<L8>(6000, 5000);
        using var stream = new MemoryStream();
        await image.SaveAsPngAsync(stream);

        var result = await UploadImageAsync(stream.ToArray());

        Assert.Contains("6000×5000", Assert.Single(result.Error!.Fields).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_PictureOverTwoMegabytes_Refused()
    {
        var large = new byte[(2 * 1024 * 1024) + 1];
        Png(10, 10).CopyTo(large, 0);

        var result = await UploadImageAsync(large);

        Assert.Equal(nameof(MaterialUpload.File), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task Upload_VideoWithoutCover_CoverRequired()
    {
        var result = await AsAsync(owner, async s =>
            await s.UploadAsync(new MaterialUpload(MaterialKind.Video, "宣传片", await StageAsync("a.mp4", Mp4), null), CancellationToken.None));

        Assert.Equal(nameof(MaterialUpload.Cover), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task Upload_VideoWithCover_StoresBothWithTheCoversPixels()
    {
        var result = await AsAsync(owner, async s => await s.UploadAsync(
            new MaterialUpload(MaterialKind.Video, "宣传片", await StageAsync("a.mp4", Mp4), await StageAsync("cover.jpg", Jpeg(320, 180))), CancellationToken.None));

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var material = await db.Set<Material>().SingleAsync(m => m.Id == result.Value);
        var video = await db.Set<StoredFile>().SingleAsync(f => f.Id == material.FileId);
        Assert.Equal((320, 180, MaterialKind.Video), (material.Width, material.Height, material.Kind));
        Assert.Equal("video/mp4", video.ContentType);
        Assert.NotNull(material.CoverFileId);
    }

    [Fact]
    public async Task Upload_CoverOverOneHundredKilobytes_RefusedAtTheCover()
    {
        var large = new byte[(100 * 1024) + 1];
        Jpeg(10, 10).CopyTo(large, 0);

        var result = await AsAsync(owner, async s => await s.UploadAsync(
            new MaterialUpload(MaterialKind.Video, "宣传片", await StageAsync("a.mp4", Mp4), await StageAsync("cover.jpg", large)), CancellationToken.None));

        Assert.Equal(nameof(MaterialUpload.Cover), Assert.Single(result.Error!.Fields).Field);
    }

    [Fact]
    public async Task Upload_ReadOnlyUser_Refused()
    {
        var viewer = await app.Services.CreateUserAsync(owner, "viewer", Roles.ReadOnlyAccess);

        var result = await AsAsync(viewer, async s => await s.UploadAsync(new MaterialUpload(MaterialKind.Image, null, await StageAsync("a.png", Png(10, 10)), null), CancellationToken.None));

        Assert.Equal(ErrorCodes.Unauthorized, result.Error?.Code);
    }

    [Fact]
    public async Task Upload_Developer_Allowed()
    {
        var developer = await app.Services.CreateUserAsync(owner, "dev", Roles.Development);

        var result = await AsAsync(developer, async s => await s.UploadAsync(new MaterialUpload(MaterialKind.Image, null, await StageAsync("a.png", Png(10, 10)), null), CancellationToken.None));

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Delete_Unused_RemovesRowAndBytes()
    {
        var id = (await UploadImageAsync(Png(100, 100))).Value;
        var before = app.Services.StoredPaths();

        var result = await AsAsync(owner, s => s.DeleteAsync(id, CancellationToken.None));

        Assert.True(result.IsSuccess);
        Assert.Single(before);
        Assert.Empty(app.Services.StoredPaths());
    }

    [Fact]
    public async Task Delete_Used_KeptAndTheMessageNamesTheUser()
    {
        var id = (await UploadImageAsync(Png(100, 100))).Value;
        usage.Used[id] = "双十一模板";

        var result = await AsAsync(owner, s => s.DeleteAsync(id, CancellationToken.None));
        var list = await AsAsync(owner, s => s.ListAsync(new MaterialQuery(), new PageRequest(), CancellationToken.None));

        Assert.Equal(ErrorCodes.Conflict, result.Error?.Code);
        Assert.Contains("双十一模板", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(["双十一模板"], Assert.Single(list.Value.Items).UsedBy);
    }

    [Fact]
    public async Task List_FilterByKindAndRatio()
    {
        await UploadImageAsync(Png(100, 100), "方.png");
        await UploadImageAsync(Png(160, 90), "宽.png");

        var square = await AsAsync(owner, s => s.ListAsync(new MaterialQuery(MaterialKind.Image, ImageRatio.OneToOne), new PageRequest(), CancellationToken.None));
        var videos = await AsAsync(owner, s => s.ListAsync(new MaterialQuery(MaterialKind.Video), new PageRequest(), CancellationToken.None));

        Assert.Equal("方", Assert.Single(square.Value.Items).Name);
        Assert.Empty(videos.Value.Items);
    }

    [Fact]
    public async Task Upload_OverQuota_RefusedAndNothingStored()
    {
        await using var limited = await TestConsole.StartAsync(s => s.Configure<MaterialOptions>(o => o.QuotaBytes = 1000));
        var admin = await limited.Services.CreateAdministratorAsync();
        var user = await limited.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        await using var scope = limited.Services.As(user.Principal);
        using var stream = new MemoryStream(Png(300, 300));
        var staged = await limited.Services.GetRequiredService<FileStore>().StageAsync("a.png", stream, 1024 * 1024, CancellationToken.None);

        var result = await scope.ServiceProvider.GetRequiredService<MaterialService>().UploadAsync(new MaterialUpload(MaterialKind.Image, null, staged, null), CancellationToken.None);

        Assert.Equal(ErrorCodes.PreconditionFailed, result.Error?.Code);
        Assert.Empty(limited.Services.StoredPaths());
    }

    private sealed class Usage : IMaterialUsage
    {
        public Dictionary<Guid, string> Used { get; } = [];

        public Task<ILookup<Guid, string>> UsesAsync(KooMessageDb db, IReadOnlyCollection<Guid> materialIds, CancellationToken ct) =>
            Task.FromResult(Used.Where(u => materialIds.Contains(u.Key)).ToLookup(u => u.Key, u => u.Value));
    }
}
