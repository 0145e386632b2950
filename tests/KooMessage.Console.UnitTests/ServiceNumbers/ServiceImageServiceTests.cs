using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.UnitTests.ServiceNumbers;

/// <summary>
/// 图片资源 on real SQLite and the real file store, with pictures generated here: every rule of each file_type refuses
/// at the file with its reason, and what passes is stored with the format, pixels and bytes read from the file.
/// </summary>
public sealed class ServiceImageServiceTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        owner = await app.Services.CreateAccountAsync(admin, "甲公司", "owner");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static byte[] Picture(int width, int height, string format, bool noise = false)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(20, 90, 170));
        if (noise)
        {
            // Random pixels do not compress: the file is about as large as its pixels.
            var random = new Random(7);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    image[x, y] = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        }

        using var stream = new MemoryStream();
        switch (format)
        {
            case "png": image.SaveAsPng(stream); break;
            case "jpeg": image.SaveAsJpeg(stream); break;
            case "bmp": image.SaveAsBmp(stream, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 }); break;
            case "gif": image.SaveAsGif(stream); break;
        }

        return stream.ToArray();
    }

    private async Task<Result<ServiceImageRow>> UploadAsync(ServiceImageType type, byte[] content, string fileName = "图.png")
    {
        using var stream = new MemoryStream(content);
        var staged = await app.Services.GetRequiredService<FileStore>().StageAsync(fileName, stream, ServiceImageRules.For(type).Upload.MaxBytes, CancellationToken.None);
        await using var scope = app.Services.As(owner.Principal);
        return await scope.ServiceProvider.GetRequiredService<ServiceImageService>().UploadAsync(new ServiceImageUpload(type, staged), CancellationToken.None);
    }

    [Theory]
    [InlineData(ServiceImageType.PubLogo, 240, 240, "png")]
    [InlineData(ServiceImageType.PubLogo, 512, 512, "jpeg")]
    [InlineData(ServiceImageType.PubLogo, 241, 240, "png")]
    [InlineData(ServiceImageType.BgImage, 1440, 810, "png")]
    [InlineData(ServiceImageType.BgImage, 1920, 1080, "jpeg")]
    [InlineData(ServiceImageType.BgImage, 1440, 810, "bmp")]
    [InlineData(ServiceImageType.FastAppLogo, 192, 192, "bmp")]
    [InlineData(ServiceImageType.FastAppLogo, 1024, 1024, "jpeg")]
    [InlineData(ServiceImageType.Other, 800, 1100, "jpeg")]
    public async Task Upload_WithinItsTypesRules_StoredWithTheFactsOfTheFile(ServiceImageType type, int width, int height, string format)
    {
        using var chinese = CultureScope.Use("zh-CN");
        var content = Picture(width, height, format);

        var row = TestData.Ok(await UploadAsync(type, content, "named-wrongly.png"));

        Assert.Equal((type, format, width, height, (long)content.Length), (row.Type, row.Format, row.Width, row.Height, row.Size));
        Assert.Equal($"/files/{row.FileId}", row.Url);
        Assert.Contains(app.Services.StoredPaths(), p => p.EndsWith(row.FileId.ToString("N"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ServiceImageType.PubLogo, 239, 239, "png", "分辨率为239×239，不能低于240×240")]
    [InlineData(ServiceImageType.PubLogo, 300, 200, "png", "比例必须为1:1")]
    [InlineData(ServiceImageType.PubLogo, 240, 240, "bmp", "超过100 KB")]
    [InlineData(ServiceImageType.PubLogo, 240, 240, "gif", "不是支持的图片格式")]
    [InlineData(ServiceImageType.BgImage, 1280, 720, "png", "不能低于1440×810")]
    [InlineData(ServiceImageType.BgImage, 1440, 900, "jpeg", "比例必须为16:9")]
    [InlineData(ServiceImageType.FastAppLogo, 191, 191, "png", "不能低于192×192")]
    [InlineData(ServiceImageType.FastAppLogo, 400, 300, "jpeg", "比例必须为1:1")]
    public async Task Upload_BreakingARule_RefusedAtTheFileSayingWhich(ServiceImageType type, int width, int height, string format, string reason)
    {
        using var chinese = CultureScope.Use("zh-CN");
        var result = await UploadAsync(type, Picture(width, height, format));

        var error = Assert.Single(result.Error!.Fields);
        Assert.Equal(nameof(ServiceImageUpload.File), error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(app.Services.StoredPaths());
    }

    [Fact]
    public async Task Upload_LogoOver100Kilobytes_RefusedBySizeAlthoughItsPixelsFit()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var content = Picture(400, 400, "png", noise: true);
        Assert.True(content.Length > ServiceImageRules.LogoMaxBytes);

        var result = await UploadAsync(ServiceImageType.PubLogo, content);

        Assert.Contains("超过100 KB", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_TooSmallAndWrongRatio_BothReasonsSaid()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var result = await UploadAsync(ServiceImageType.BgImage, Picture(800, 800, "png"));

        Assert.Contains("比例必须为16:9", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("不能低于1440×810", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_TextNamedPng_NotAPicture()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var result = await UploadAsync(ServiceImageType.PubLogo, "just some text, not a picture"u8.ToArray(), "logo.png");

        Assert.Contains("不是支持的图片格式", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_JpegHeaderWithoutAPicture_CannotBeRead()
    {
        using var chinese = CultureScope.Use("zh-CN");
        byte[] content = [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 400).Select(i => (byte)(i * 37))];

        var result = await UploadAsync(ServiceImageType.FastAppLogo, content, "logo.jpg");

        Assert.Contains("无法作为图片读取", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TheAccountsResourcesByType()
    {
        using var chinese = CultureScope.Use("zh-CN");
        TestData.Ok(await UploadAsync(ServiceImageType.PubLogo, Picture(240, 240, "png")));
        TestData.Ok(await UploadAsync(ServiceImageType.BgImage, Picture(1440, 810, "png")));
        await using var scope = app.Services.As(owner.Principal);
        var images = scope.ServiceProvider.GetRequiredService<ServiceImageService>();

        var logos = TestData.Ok(await images.ListAsync(new ServiceImageQuery(ServiceImageType.PubLogo), new PageRequest(), CancellationToken.None));
        var all = TestData.Ok(await images.ListAsync(new ServiceImageQuery(), new PageRequest(), CancellationToken.None));

        Assert.Equal(ServiceImageType.PubLogo, Assert.Single(logos.Items).Type);
        Assert.Equal(2, all.Total);
    }
}
