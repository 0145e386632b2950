using Bunit;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.ComponentTests.Reviews;

/// <summary>A template's vendor ticket shows the card as that vendor renders it, beside the settings the reviewer decides on.</summary>
public sealed class TemplateReviewDialogTests : ConsoleComponentTest
{
    private static readonly TemplateAction Shop = TemplateAction.To("https://shop.example.com/spring");

    private TestUser reviewer = default!;
    private TestUser owner = default!;
    private Guid pictureFile;
    private string tplId = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        reviewer = await Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        owner = await Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        pictureFile = await UploadPictureAsync();
        var document = new TemplateDocument
        {
            CardId = "StandardImageAndText",
            Name = "春季新品推广",
            Pages =
            [
                new TemplatePage
                {
                    Contents =
                    [
                        TemplateContent.Image(1, TemplateMaterials.FileUrl(pictureFile), ActionType.OpenUrl, Shop),
                        TemplateContent.Text(2, "春季新品上市", title: true),
                        TemplateContent.Text(3, "${name}您好，新品已到店"),
                        TemplateContent.Button(4, "去看看", ActionType.OpenUrl, Shop),
                    ],
                },
            ],
            Params = [new TemplateParam("name", "张三")],
            SmsExample = "【星河科技】尊敬的${name}，春季新品已到店。拒收请回复R",
            SmsSignatures = ["星河科技"],
            SmsTemplate = "【星河科技】尊敬的[文本0-10]，春季新品已到店。拒收请回复R",
        }.WithVendors(Vendor.Huawei, Vendor.Oppo);
        await using var scope = Services.As(owner.Principal);
        var templates = scope.ServiceProvider.GetRequiredService<TemplateService>();
        var created = await templates.CreateAsync(
            new NewTemplateForm { Name = document.Name, CardId = document.CardId, Vendors = [Vendor.Huawei, Vendor.Oppo] }, CancellationToken.None);
        TestData.Ok(created);
        tplId = created.Value;
        var draft = await templates.GetDraftAsync(tplId, CancellationToken.None);
        TestData.Ok(draft);
        var saved = await templates.SaveDraftAsync(tplId, document, draft.Value.Version, CancellationToken.None);
        TestData.Ok(saved);
        TestData.Ok(await templates.SubmitAsync(tplId, saved.Value, CancellationToken.None));
    }

    private async Task<Guid> UploadPictureAsync()
    {
        using var image = new Image<Rgba32>(1280, 720, new Rgba32(10, 20, 30));
        using var png = new MemoryStream();
        await image.SaveAsPngAsync(png);
        png.Position = 0;
        var staged = await Services.GetRequiredService<FileStore>().StageAsync("主图.png", png, UploadRule.TwoMegabytes, CancellationToken.None);
        await using var scope = Services.As(owner.Principal);
        var materials = scope.ServiceProvider.GetRequiredService<MaterialService>();
        var id = (await materials.UploadAsync(new MaterialUpload(MaterialKind.Image, null, staged, null), CancellationToken.None)).Value;
        return (await materials.ListAsync(new MaterialQuery(), new Common.PageRequest(), CancellationToken.None)).Value.Items.Single(m => m.Id == id).FileId;
    }

    private async Task<IRenderedComponent<MudHost>> OpenAsync(string kind, long ticket)
    {
        SignIn(reviewer);
        var host = Render<MudHost>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ReviewDialog>("审核", new DialogParameters<ReviewDialog>
        {
            { d => d.Kind, kind }, { d => d.TicketId, ticket }, { d => d.CanDecide, true },
        }));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=approve]")));
        return host;
    }

    private async Task<long> TicketAsync(Vendor vendor)
    {
        await using var db = await Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var template = await db.AimTemplates.Where(t => t.TplId == tplId).Select(t => t.Id).SingleAsync();
        var review = await db.AimTemplateVendors.Where(v => v.Vendor == vendor && v.TemplateId == template).Select(v => v.Id).SingleAsync();
        return await Services.OpenTicketAsync(TemplateReviewSource.KindName, review);
    }

    [Fact]
    public async Task Open_HuaweiTicket_CardAsHuaweiRendersIt_WithThePictureAndNoViolation()
    {
        var host = await OpenAsync(TemplateReviewSource.KindName, await TicketAsync(Vendor.Huawei));

        var preview = Assert.Single(host.FindAll("[data-testid=review-preview] [data-testid=vendor-preview]"));
        Assert.Equal("Huawei", preview.GetAttribute("data-vendor"));
        Assert.Equal("春季新品上市", host.Find("[data-testid=review-preview] [data-testid=preview-Title]").TextContent.Trim());
        Assert.Contains("张三您好", host.Find("[data-testid=review-preview] [data-testid=preview-Body]").TextContent, StringComparison.Ordinal);
        Assert.Contains("尊敬的张三", host.Find("[data-testid=review-preview] [data-testid=fallback-sms]").TextContent, StringComparison.Ordinal);
        Assert.Equal(TemplateMaterials.FileUrl(pictureFile), host.Find("[data-testid=review-preview] .km-card-image img").GetAttribute("src"));
        Assert.Empty(host.FindAll("[data-testid=review-preview] [data-testid=extra-button]"));
        Assert.NotEmpty(host.FindAll("[data-testid=review-preview] [data-testid=no-violations]"));
    }

    [Fact]
    public async Task Open_OppoTicket_SameTemplate_OpposExtraButtonAndItsOpenUrlWarning()
    {
        var host = await OpenAsync(TemplateReviewSource.KindName, await TicketAsync(Vendor.Oppo));

        Assert.Equal("Oppo", host.Find("[data-testid=review-preview] [data-testid=vendor-preview]").GetAttribute("data-vendor"));
        Assert.Equal("立即查看", host.Find("[data-testid=review-preview] [data-testid=extra-button]").TextContent.Trim());
        var violations = host.FindAll("[data-testid=review-preview] [data-testid=violation]");
        Assert.NotEmpty(violations);
        Assert.All(violations, v => Assert.Equal("Warning", v.GetAttribute("data-severity")));
    }

    [Fact]
    public async Task Open_TemplateTicket_SettingsTheReviewerDecidesOnListedBesideThePreview()
    {
        var host = await OpenAsync(TemplateReviewSource.KindName, await TicketAsync(Vendor.Huawei));

        var fields = host.FindAll("[data-testid=review-dialog] .km-review-main tr").Select(r => (r.QuerySelector("th")!.TextContent, r.QuerySelector("td")!.TextContent)).ToList();
        Assert.Contains(("模板名称", "春季新品推广"), fields);
        Assert.Contains(("模板用途", "商用"), fields);
        Assert.Contains(("短信签名", "星河科技"), fields);
        Assert.Contains(("动态参数", "${name} = 张三"), fields);
        Assert.Contains(("兜底短信", "【星河科技】尊敬的[文本0-10]，春季新品已到店。拒收请回复R"), fields);
    }

    [Fact]
    public async Task Open_SignatureTicket_NoPreview()
    {
        var signature = await Services.RegisterSignatureAsync(owner, await Services.ReadyForSignaturesAsync(owner, reviewer));
        var host = await OpenAsync(SignatureReviewSource.KindName, await Services.OpenTicketAsync(SignatureReviewSource.KindName, signature));

        Assert.NotEmpty(host.FindAll("[data-testid=review-dialog] .km-review-main tr"));
        Assert.Empty(host.FindAll("[data-testid=review-preview]"));
        Assert.Empty(host.FindAll("[data-testid=vendor-preview]"));
    }
}
