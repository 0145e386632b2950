using System.Net;
using System.Net.Http.Headers;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.H5;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.IntegrationTests.Templates;

/// <summary>A template version's public H5 page over HTTP: anyone with its token sees the card and the pictures it uses, nothing else.</summary>
public sealed class H5PageTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private string tplId = "";
    private string pageUrl = "";
    private Guid versionId;
    private Guid usedFile;
    private Guid unusedFile;
    private Guid otherAccountFile;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        var ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        usedFile = await UploadAsync(ownerA, new Rgba32(10, 20, 30));
        unusedFile = await UploadAsync(ownerA, new Rgba32(40, 50, 60));
        otherAccountFile = await UploadAsync(ownerB, new Rgba32(70, 80, 90));

        await using var scope = app.Services.As(ownerA.Principal);
        var templates = scope.ServiceProvider.GetRequiredService<TemplateService>();
        var created = await templates.CreateAsync(new NewTemplateForm { Name = "春季新品推广", CardId = "StandardImageAndText", Vendors = [Vendor.Huawei] }, CancellationToken.None);
        TestData.Ok(created);
        tplId = created.Value;
        var draft = (await templates.GetDraftAsync(tplId, CancellationToken.None)).Value;
        var document = draft.Document with
        {
            Pages =
            [
                new TemplatePage
                {
                    Contents =
                    [
                        TemplateContent.Image(1, TemplateMaterials.FileUrl(usedFile), ActionType.OpenUrl, TemplateAction.To("https://shop.example.com/spring")),
                        TemplateContent.Text(2, "春季焕新大促全场满三百减五十再送好礼", title: true),
                        TemplateContent.Text(3, "${name}您好，新品已到店"),
                        TemplateContent.Button(4, "去看看", ActionType.OpenUrl, TemplateAction.To("https://shop.example.com/spring?who=${name}")),
                        TemplateContent.Button(5, "致电门店", ActionType.DialPhone, TemplateAction.To("95555")),
                        TemplateContent.Button(6, "打开应用", ActionType.OpenApp, TemplateAction.To("shop://home")),
                    ],
                },
            ],
            Params = [new TemplateParam("name", "张先生")],
        };
        TestData.Ok(await templates.SaveDraftAsync(tplId, document, draft.Version, CancellationToken.None));
        pageUrl = (await templates.GetDetailAsync(tplId, CancellationToken.None)).Value.H5Url!;
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var token = pageUrl.Split('/')[^1];
        versionId = await db.AimTemplateVersions.Where(v => v.PublicToken == token).Select(v => v.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Guid> UploadAsync(TestUser owner, Rgba32 colour)
    {
        using var image = new Image<Rgba32>(1280, 720, colour);
        using var png = new MemoryStream();
        await image.SaveAsPngAsync(png);
        png.Position = 0;
        var staged = await app.Services.GetRequiredService<FileStore>().StageAsync("主图.png", png, UploadRule.TwoMegabytes, CancellationToken.None);
        await using var scope = app.Services.As(owner.Principal);
        var materials = scope.ServiceProvider.GetRequiredService<MaterialService>();
        var id = (await materials.UploadAsync(new MaterialUpload(MaterialKind.Image, null, staged, null), CancellationToken.None)).Value;
        return (await materials.ListAsync(new MaterialQuery(), new PageRequest(), CancellationToken.None)).Value.Items.Single(m => m.Id == id).FileId;
    }

    private async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> GetAsync(string url, string? language = null)
    {
        using var client = app.CreateBrowserlikeClient();
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }

        var response = await client.GetAsync(url);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), response);
    }

    [Fact]
    public async Task Get_Anonymous_CardWithExamplesFilledAndWebLinks_NoBlazorScript()
    {
        var (status, html, response) = await GetAsync(pageUrl);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>春季新品推广</title>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        // Whole, not cut as HUAWEI's 17 characters would.
        Assert.Contains("春季焕新大促全场满三百减五十再送好礼", html, StringComparison.Ordinal);
        Assert.Contains("张先生您好，新品已到店", html, StringComparison.Ordinal);
        Assert.DoesNotContain("${name}", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://shop.example.com/spring?who=%E5%BC%A0%E5%85%88%E7%94%9F\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:95555\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("shop://home", html, StringComparison.Ordinal);
        Assert.Contains($"src=\"{H5Pages.MediaUrl(pageUrl.Split('/')[^1], usedFile)}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/files/", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AcceptLanguage_PageInTheVisitorsLanguage_ChineseByDefault()
    {
        Assert.Contains("<html lang=\"zh-CN\"", (await GetAsync(pageUrl)).Html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en-US\"", (await GetAsync(pageUrl, "en-GB")).Html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\"", (await GetAsync(pageUrl, "fr-FR")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownToken_FriendlyNotFoundInTheVisitorsLanguage()
    {
        var chinese = await GetAsync(H5Pages.PageUrl(H5Token.New()));
        var english = await GetAsync(H5Pages.PageUrl(H5Token.New()), "en-US");
        var malformed = await GetAsync(H5Pages.PageUrl("x'--"));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (chinese.Status, english.Status, malformed.Status));
        Assert.Contains("页面不存在", chinese.Html, StringComparison.Ordinal);
        Assert.Contains("This page is not available", english.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_IsNeitherTheTemplateIdNorTheVersionId_WhichOpenNothing()
    {
        var token = pageUrl.Split('/')[^1];

        Assert.Equal(H5Token.Length, token.Length);
        Assert.DoesNotContain(tplId, token, StringComparison.Ordinal);
        Assert.NotEqual(versionId.ToString(), token);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(H5Pages.PageUrl(tplId))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(H5Pages.PageUrl(versionId.ToString()))).Status);
    }

    [Fact]
    public async Task Media_OfTheVersion_ServedAnonymouslyWithCaching()
    {
        var token = pageUrl.Split('/')[^1];

        var (status, _, response) = await GetAsync(H5Pages.MediaUrl(token, usedFile));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(H5Pages.MediaMaxAge, response.Headers.CacheControl?.MaxAge);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Media_NotUsedByTheVersion_NotFound()
    {
        var token = pageUrl.Split('/')[^1];

        var unused = await GetAsync(H5Pages.MediaUrl(token, unusedFile));
        var otherAccount = await GetAsync(H5Pages.MediaUrl(token, otherAccountFile));
        var unknownToken = await GetAsync(H5Pages.MediaUrl(H5Token.New(), usedFile));
        var directly = await GetAsync(TemplateMaterials.FileUrl(usedFile));

        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            (unused.Status, otherAccount.Status, unknownToken.Status));
        Assert.NotEqual(HttpStatusCode.OK, directly.Status);
    }

    [Fact]
    public async Task Find_WithALinksValues_FillsThemInPlaceOfTheExamples()
    {
        var token = pageUrl.Split('/')[^1];
        await using var scope = app.Services.CreateAsyncScope();
        var pages = scope.ServiceProvider.GetRequiredService<H5Pages>();

        var view = await pages.FindAsync(token, new Dictionary<string, string> { ["name"] = "王女士" }, CancellationToken.None);

        Assert.NotNull(view);
        Assert.Equal("王女士您好，新品已到店", TemplateTexts.Fill(view.Document.Pages[0].Contents[2].Content!, view.Document.Params));
        Assert.Equal(H5Pages.MediaUrl(token, usedFile), view.MaterialUrls[TemplateMaterials.FileUrl(usedFile)]);
    }
}
