using System.Text;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Transfer;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.UnitTests.Templates;

/// <summary>导出 / 导入 on real SQLite and the real file store: a template moves between accounts with its materials, or nothing moves.</summary>
public sealed class TemplateTransferTests : IAsyncLifetime
{
    private static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2', 0, 0, 0, 0];

    private TestConsole app = default!;
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
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

    private static async Task<UploadedFile> StageAsync(TestConsole console, string name, byte[] content, long max = 8 * 1024 * 1024)
    {
        using var stream = new MemoryStream(content);
        return await console.Services.GetRequiredService<FileStore>().StageAsync(name, stream, max, CancellationToken.None);
    }

    private static async Task<T> AsAsync<T, TService>(TestConsole console, TestUser user, Func<TService, Task<T>> call)
        where TService : notnull
    {
        await using var scope = console.Services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private Task<T> TemplatesAsync<T>(TestUser user, Func<TemplateService, Task<T>> call) => AsAsync(app, user, call);

    private Task<T> TransferAsync<T>(TestUser user, Func<TemplateTransferService, Task<T>> call) => AsAsync(app, user, call);

    /// <summary>Uploads a material to <paramref name="user"/>'s library and returns its row (file ids included).</summary>
    private async Task<MaterialRow> UploadAsync(TestUser user, MaterialKind kind, string name, byte[] file, byte[]? cover = null)
    {
        var id = await AsAsync(app, user, async (MaterialService s) => (await s.UploadAsync(new MaterialUpload(
            kind, name, await StageAsync(app, kind == MaterialKind.Video ? "v.mp4" : "p.png", file), cover is null ? null : await StageAsync(app, "c.jpg", cover)),
            CancellationToken.None)).Value);
        var list = await AsAsync(app, user, (MaterialService s) => s.ListAsync(new MaterialQuery(), new PageRequest(), CancellationToken.None));
        return list.Value.Items.Single(m => m.Id == id);
    }

    /// <summary>A template of <paramref name="user"/> whose draft is <paramref name="document"/>.</summary>
    private async Task<string> TemplateAsync(TestUser user, TemplateDocument document)
    {
        var id = (await TemplatesAsync(user, s => s.CreateAsync(new NewTemplateForm { Name = "草稿", CardId = document.CardId, Vendors = [Vendor.Huawei] }, CancellationToken.None))).Value;
        var draft = await TemplatesAsync(user, s => s.GetDraftAsync(id, CancellationToken.None));
        TestData.Ok(await TemplatesAsync(user, s => s.SaveDraftAsync(id, document, draft.Value.Version, CancellationToken.None)));
        return id;
    }

    private static TemplateDocument Picture(string src) => new TemplateDocument
    {
        CardId = "StandardImageAndText",
        Name = "新品上市图文",
        Pages = [new TemplatePage { Contents = [
            TemplateContent.Image(1, src, ActionType.OpenUrl, TemplateAction.To("https://example.com/new")),
            TemplateContent.Text(2, "春季新品", title: true), TemplateContent.Text(3, "${name}您好，新品已上架。"),
            TemplateContent.Button(4, "立即查看", ActionType.OpenUrl, TemplateAction.To("https://example.com/new"))] }],
        Params = [new TemplateParam("name", "张先生")],
        SmsExample = "【甲公司】新品已上架。",
    }.WithVendors(Vendor.Huawei, Vendor.Oppo);

    private static TemplateDocument Film(string src, string cover) => new TemplateDocument
    {
        CardId = "Video",
        Name = "品牌宣传视频",
        Pages = [new TemplatePage { Contents = [TemplateContent.Video(1, src, cover), TemplateContent.Text(2, "品牌宣传片", title: true)] }],
    }.WithVendors(Vendor.Xiaomi);

    private static byte[] Json(TemplateTransferFile file) => JsonSerializer.SerializeToUtf8Bytes(file, TemplateTransferFile.Options);

    /// <summary>Imports <paramref name="content"/> as <paramref name="user"/> would through the dialog; the staged file is disposed as the dialog does.</summary>
    private static async Task<Result<string>> ImportAsync(TestConsole console, TestUser user, byte[] content, string? name = null)
    {
        using var chinese = CultureScope.Use("zh-CN");
        using var staged = await StageAsync(console, "模板.json", content, TemplateTransferService.MaxFileBytes);
        return await AsAsync(console, user, (TemplateTransferService s) => s.ImportAsync(new TemplateImport(staged, name), CancellationToken.None));
    }

    private Task<Result<string>> ImportAsync(TestUser user, byte[] content, string? name = null) => ImportAsync(app, user, content, name);

    private async Task<T> ReadAsync<T>(Func<KooMessageDb, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await read(db);
    }

    private Task<string> ShaAsync(string src)
    {
        var id = Guid.Parse(src["/files/".Length..]);
        return ReadAsync(db => db.StoredFiles.Where(f => f.Id == id).Select(f => f.Sha256).SingleAsync());
    }

    private static TemplateDocument WithoutAddresses(TemplateDocument document) => document with
    {
        Pages = [.. document.Pages.Select(p => p with { Contents = [.. p.Contents.Select(c => c with { Src = null, Cover = null })] })],
    };

    /// <summary>Account B holds nothing of an import: no template, no material, no stored or staged bytes.</summary>
    private async Task AssertNothingImportedAsync(TestConsole console)
    {
        await using var db = await console.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.False(await db.AimTemplates.AnyAsync(t => t.AccountId == ownerB.AccountId));
        Assert.False(await db.Materials.AnyAsync(m => m.AccountId == ownerB.AccountId));
        Assert.False(await db.StoredFiles.AnyAsync(f => f.AccountId == ownerB.AccountId));
        Assert.DoesNotContain(console.Services.StoredPaths(), p => p.StartsWith(ownerB.AccountId!.Value.ToString("N"), StringComparison.Ordinal));
        Assert.Empty(console.Services.StagedPaths());
    }

    private async Task<TemplateTransferFile> ExportedPictureAsync()
    {
        var picture = await UploadAsync(ownerA, MaterialKind.Image, "主图", Png(1280, 720));
        var id = await TemplateAsync(ownerA, Picture(picture.FileUrl));
        return (await TransferAsync(ownerA, s => s.ExportAsync(id, CancellationToken.None))).Value.Content;
    }

    [Fact]
    public async Task Import_PictureTemplateFromAnotherAccount_SameDocumentWithNewMaterialsOfTheSameBytes()
    {
        var picture = await UploadAsync(ownerA, MaterialKind.Image, "主图", Png(1280, 720));
        var sourceId = await TemplateAsync(ownerA, Picture(picture.FileUrl));
        var export = await TransferAsync(ownerA, s => s.ExportAsync(sourceId, CancellationToken.None));

        var imported = await ImportAsync(ownerB, Json(export.Value.Content));

        TestData.Ok(imported);
        Assert.Equal($"新品上市图文-{sourceId}.json", export.Value.FileName);
        Assert.Matches("^[2-9][0-9]{8}$", imported.Value);
        Assert.NotEqual(sourceId, imported.Value);
        var source = (await TemplatesAsync(ownerA, s => s.GetDraftAsync(sourceId, CancellationToken.None))).Value.Document;
        var copy = (await TemplatesAsync(ownerB, s => s.GetDraftAsync(imported.Value, CancellationToken.None))).Value;
        Assert.Equal((TemplateVersionState.Draft, TemplateAuditState.NotSubmitted), (copy.State, copy.AuditState));
        Assert.Equal(TemplateJson.Serialize(WithoutAddresses(source)), TemplateJson.Serialize(WithoutAddresses(copy.Document)));
        var newSrc = copy.Document.Pages[0].Contents[0].Src!;
        Assert.NotEqual(picture.FileUrl, newSrc);
        Assert.Equal(await ShaAsync(picture.FileUrl), await ShaAsync(newSrc));
        var library = await AsAsync(app, ownerB, (MaterialService s) => s.ListAsync(new MaterialQuery(), new PageRequest(), CancellationToken.None));
        var material = Assert.Single(library.Value.Items);
        Assert.Equal(("主图", 1280, 720, newSrc), (material.Name, material.Width, material.Height, material.FileUrl));
        Assert.Equal(["新品上市图文"], material.UsedBy);
    }

    [Fact]
    public async Task Import_VideoTemplate_VideoAndCoverRecreatedAndBothAddressesMapped()
    {
        var video = await UploadAsync(ownerA, MaterialKind.Video, "宣传片", Mp4, Jpeg(320, 180));
        var coverUrl = TemplateMaterials.FileUrl(video.CoverFileId!.Value);
        var sourceId = await TemplateAsync(ownerA, Film(video.FileUrl, coverUrl));
        var export = (await TransferAsync(ownerA, s => s.ExportAsync(sourceId, CancellationToken.None))).Value.Content;

        var imported = await ImportAsync(ownerB, Json(export));

        var embedded = Assert.Single(export.Materials);
        Assert.Equal((TransferMaterial.VideoKind, "video/mp4", "image/jpeg"), (embedded.Kind, embedded.File!.ContentType, embedded.Cover!.ContentType));
        var content = (await TemplatesAsync(ownerB, s => s.GetDraftAsync(imported.Value, CancellationToken.None))).Value.Document.Pages[0].Contents[0];
        Assert.Equal(await ShaAsync(video.FileUrl), await ShaAsync(content.Src!));
        Assert.NotEqual(video.FileUrl, content.Src);
        Assert.Equal(await ShaAsync(coverUrl), await ShaAsync(content.Cover!));
        Assert.NotEqual(coverUrl, content.Cover);
    }

    [Fact]
    public async Task Import_ExeNamedPng_RefusedNamingTheMaterialAndNothingLeftBehind()
    {
        var export = await ExportedPictureAsync();
        var exe = Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0This program cannot be run in DOS mode");
        var tampered = export with { Materials = [export.Materials[0] with { File = export.Materials[0].File! with { Data = exe } }] };

        var result = await ImportAsync(ownerB, Json(tampered));

        Assert.Equal(nameof(TemplateImport.File), Assert.Single(result.Error!.Fields).Field);
        Assert.Contains("素材“主图”", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("p.png", result.Error.Message, StringComparison.Ordinal);
        await AssertNothingImportedAsync(app);
    }

    [Fact]
    public async Task Import_PictureOfAWrongRatio_RefusedWithItsPixelsAndNothingLeftBehind()
    {
        var export = await ExportedPictureAsync();
        var tampered = export with { Materials = [export.Materials[0] with { File = export.Materials[0].File! with { Data = Png(800, 600) } }] };

        var result = await ImportAsync(ownerB, Json(tampered));

        Assert.Contains("800×600", Assert.Single(result.Error!.Fields).Message, StringComparison.Ordinal);
        await AssertNothingImportedAsync(app);
    }

    [Fact]
    public async Task Import_SecondMaterialRefused_FirstOneNotKeptEither()
    {
        var export = await ExportedPictureAsync();
        var good = export.Materials[0];
        var bad = good with { Name = "坏图", File = good.File! with { Src = "/files/" + Guid.NewGuid(), Data = Png(800, 600) } };

        var result = await ImportAsync(ownerB, Json(export with { Materials = [good, bad] }));

        Assert.Contains("坏图", result.Error!.Message, StringComparison.Ordinal);
        await AssertNothingImportedAsync(app);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public async Task Import_OtherFormatVersion_RefusedNamingTheVersion(int version)
    {
        var export = await ExportedPictureAsync();

        var result = await ImportAsync(ownerB, Json(export with { Version = version }));

        Assert.Contains($"“{version}”", Assert.Single(result.Error!.Fields).Message, StringComparison.Ordinal);
        await AssertNothingImportedAsync(app);
    }

    [Fact]
    public async Task Import_OtherFormatName_Refused()
    {
        var result = await ImportAsync(ownerB, Encoding.UTF8.GetBytes("""{"format":"something-else","version":1}"""));

        Assert.Contains("不是本控制台导出的模板文件", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BrokenJson_SaysItIsNotJson()
    {
        var result = await ImportAsync(ownerB, Encoding.UTF8.GetBytes("""{"format": "koomessage-console/template", """));

        Assert.Contains("不是有效的 JSON", result.Error!.Message, StringComparison.Ordinal);
        await AssertNothingImportedAsync(app);
    }

    [Fact]
    public async Task Import_NotAJsonFileAtAll_RefusedByItsContent()
    {
        var result = await ImportAsync(ownerB, Png(10, 10));

        Assert.Equal(nameof(TemplateImport.File), Assert.Single(result.Error!.Fields).Field);
        Assert.Contains(".json", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnknownCardId_RefusedNamingIt()
    {
        var export = await ExportedPictureAsync();

        var result = await ImportAsync(ownerB, Json(export with { Template = export.Template! with { CardId = "HologramCard" } }));

        Assert.Contains("HologramCard", result.Error!.Message, StringComparison.Ordinal);
        await AssertNothingImportedAsync(app);
    }

    [Fact]
    public async Task Import_DocumentUsesAMaterialNotInTheFile_Refused()
    {
        var export = await ExportedPictureAsync();

        var result = await ImportAsync(ownerB, Json(export with { Materials = [] }));

        Assert.Contains(export.Template!.Pages[0].Contents[0].Src!, result.Error!.Message, StringComparison.Ordinal);
        await AssertNothingImportedAsync(app);
    }

    [Fact]
    public async Task Import_UnknownVendor_RefusedAsMalformedAtItsPlace()
    {
        var json = Encoding.UTF8.GetString(Json(await ExportedPictureAsync())).Replace("\"OPPO\"", "\"NOKIA\"", StringComparison.Ordinal);

        var result = await ImportAsync(ownerB, Encoding.UTF8.GetBytes(json));

        Assert.Contains("factorys", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_OverQuota_RefusedAndNothingStored()
    {
        var export = await ExportedPictureAsync();
        await using var limited = await TestConsole.StartAsync(s => s.Configure<MaterialOptions>(o => o.QuotaBytes = 1000));
        var admin = await limited.Services.CreateAdministratorAsync();
        ownerB = await limited.Services.CreateAccountAsync(admin, "乙公司", "owner-b");

        var result = await ImportAsync(limited, ownerB, Json(export));

        Assert.Equal(ErrorCodes.PreconditionFailed, result.Error?.Code);
        Assert.Equal(nameof(TemplateImport.File), Assert.Single(result.Error!.Fields).Field);
        await AssertNothingImportedAsync(limited);
    }

    [Fact]
    public async Task Import_PublicStarterExported_NewDraftWithTheStartersContentAndNoMaterials()
    {
        var export = await TransferAsync(ownerA, s => s.ExportAsync("100000005", CancellationToken.None));

        var imported = await ImportAsync(ownerB, Json(export.Value.Content));

        Assert.True(export.Value.Content.Source!.IsPublic);
        Assert.Empty(export.Value.Content.Materials);
        var starter = (await TemplatesAsync(ownerB, s => s.GetDraftAsync("100000005", CancellationToken.None))).Value.Document;
        var copy = (await TemplatesAsync(ownerB, s => s.GetDraftAsync(imported.Value, CancellationToken.None))).Value.Document;
        Assert.Equal(TemplateJson.Serialize(starter), TemplateJson.Serialize(copy));
        var mine = await TemplatesAsync(ownerB, s => s.ListAsync(new TemplateQuery(), new PageRequest(), CancellationToken.None));
        Assert.Equal(("物流发货通知", imported.Value), (Assert.Single(mine.Value.Items).Name, mine.Value.Items[0].TplId));
    }

    [Fact]
    public async Task Import_NameGiven_ReplacesTheFilesNameAndIsCheckedAsANewTemplatesName()
    {
        var export = await ExportedPictureAsync();

        var tooLong = await ImportAsync(ownerB, Json(export), new string('名', 18));
        var testWord = await ImportAsync(ownerB, Json(export), "测试模板");
        var renamed = await ImportAsync(ownerB, Json(export), "  秋季  上新 ");

        Assert.Equal(nameof(NewTemplateForm.Name), Assert.Single(tooLong.Error!.Fields).Field);
        Assert.Equal(nameof(NewTemplateForm.Name), Assert.Single(testWord.Error!.Fields).Field);
        Assert.Equal("秋季 上新", (await TemplatesAsync(ownerB, s => s.GetDraftAsync(renamed.Value, CancellationToken.None))).Value.Document.Name);
    }

    [Fact]
    public async Task Import_FileNameTooLong_CutToSeventeenCharacters()
    {
        var export = await ExportedPictureAsync();

        var imported = await ImportAsync(ownerB, Json(export with { Template = export.Template! with { Name = new string('长', 30) } }));

        Assert.Equal(new string('长', 17), (await TemplatesAsync(ownerB, s => s.GetDraftAsync(imported.Value, CancellationToken.None))).Value.Document.Name);
    }

    [Fact]
    public async Task ExportAndImport_AuditedInEachAccount()
    {
        var picture = await UploadAsync(ownerA, MaterialKind.Image, "主图", Png(1280, 720));
        var sourceId = await TemplateAsync(ownerA, Picture(picture.FileUrl));
        var export = await TransferAsync(ownerA, s => s.ExportAsync(sourceId, CancellationToken.None));

        var imported = await ImportAsync(ownerB, Json(export.Value.Content));

        var entries = await ReadAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.Export || e.Action == AuditActions.Import
            || (e.AccountId == ownerB.AccountId && e.ObjectType == MaterialsModule.AuditType)).ToListAsync());
        Assert.Contains(entries, e => e.Action == AuditActions.Export && e.AccountId == ownerA.AccountId && e.ObjectId == sourceId);
        Assert.Contains(entries, e => e.Action == AuditActions.Import && e.AccountId == ownerB.AccountId && e.ObjectId == imported.Value
            && e.After!.Contains(sourceId, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == AuditActions.Create && e.ObjectName == "主图");
    }

    [Fact]
    public async Task Export_AnotherAccountsTemplate_NotFound()
    {
        var export = await ExportedPictureAsync();

        var result = await TransferAsync(ownerB, s => s.ExportAsync(export.Source!.TplId, CancellationToken.None));

        Assert.Equal(ErrorCodes.NotFound, result.Error?.Code);
    }

    [Fact]
    public async Task ExportAndImport_ReadOnlyUser_Refused()
    {
        var export = await ExportedPictureAsync();
        var viewer = await app.Services.CreateUserAsync(ownerB, "viewer-b", Roles.ReadOnlyAccess);

        var exported = await TransferAsync(viewer, s => s.ExportAsync("100000001", CancellationToken.None));
        var imported = await ImportAsync(viewer, Json(export));

        Assert.Equal(ErrorCodes.Unauthorized, exported.Error?.Code);
        Assert.Equal(ErrorCodes.Unauthorized, imported.Error?.Code);
        await AssertNothingImportedAsync(app);
    }

    [Theory]
    [InlineData("新品/上市:图文", "100000001", "新品上市图文-100000001.json")]
    [InlineData("???", "200000001", "200000001.json")]
    public void FileName_CharactersAFileNameCannotHold_Dropped(string name, string tplId, string expected) =>
        Assert.Equal(expected, TemplateTransferService.FileName(name, tplId));
}
