using KooMessage.Console.Data;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.E2ETests;

/// <summary>A designer moves a demo template with its picture into another account: 导出 JSON there, 导入 here, and the draft appears.</summary>
public sealed class TemplateTransferJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("km-transfer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The demo template 双十二预热图文 shows a 16:9 picture of the demo account's 素材库.</summary>
    private async Task<string> DemoTemplateWithAPictureAsync(TestUser demoOwner)
    {
        await using var scope = browser.App.Services.As(demoOwner.Principal);
        using var image = new Image<Rgba32>(1280, 720, new Rgba32(30, 90, 168));
        using var png = new MemoryStream();
        await image.SaveAsPngAsync(png);
        png.Position = 0;
        var staged = await scope.ServiceProvider.GetRequiredService<Common.Files.FileStore>().StageAsync("双十二主图.png", png, 4 * 1024 * 1024, CancellationToken.None);
        var materials = scope.ServiceProvider.GetRequiredService<MaterialService>();
        var id = (await materials.UploadAsync(new MaterialUpload(MaterialKind.Image, null, staged, null), CancellationToken.None)).Value;
        var picture = (await materials.ListAsync(new MaterialQuery(), new Common.PageRequest(), CancellationToken.None)).Value.Items.Single(m => m.Id == id);
        var templates = scope.ServiceProvider.GetRequiredService<TemplateService>();
        var row = (await templates.ListAsync(new TemplateQuery(), new Common.PageRequest(Search: "双十二预热图文"), CancellationToken.None)).Value.Items.Single();
        var draft = (await templates.GetDraftAsync(row.TplId, CancellationToken.None)).Value;
        var image0 = draft.Document.Pages[0].Contents[0] with { Src = picture.FileUrl };
        TestData.Ok(await templates.SaveDraftAsync(row.TplId, draft.Document.WithContent(0, 0, image0), draft.Version, CancellationToken.None));
        return row.TplId;
    }

    [Fact]
    public async Task Designer_ExportsADemoTemplate_ImportsItIntoAnotherAccount_SeesTheNewDraftAndItsPicture()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        IReadOnlyList<(string UserName, string Password)> demoUsers;
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            demoUsers = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        var demoOwner = demoUsers.Single(u => u.UserName == DemoSeeder.Users[0].UserName);
        var tplId = await DemoTemplateWithAPictureAsync(await TestData.UserAsync(browser.App.Services, demoOwner.UserName));
        await browser.App.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        var page = await browser.NewPageAsync();

        await page.SignInAsync(demoOwner.UserName, demoOwner.Password);
        await page.GotoAsync("/aim/templates");
        await page.WaitForCircuitAsync();
        var source = page.GetByTestId("templates-grid").Locator("tr", new() { HasText = "双十二预热图文" });
        await source.GetByTestId("more").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-json").ClickAsync());
        var file = Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(file);
        Assert.Equal($"双十二预热图文-{tplId}.json", download.SuggestedFilename);

        await page.SignOutAsync();
        await page.SignInAsync("owner-b", TestData.Password);
        await page.GotoAsync("/aim/templates");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("list-empty")).ToBeVisibleAsync();
        await page.GetByTestId("import-template").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        // Through the picker's own button, as a user does: the chooser opens only once the upload field is live.
        var chooser = await page.RunAndWaitForFileChooserAsync(() => dialog.GetByTestId("template-file").GetByRole(AriaRole.Button).ClickAsync());
        await chooser.SetFilesAsync(file);
        await Assertions.Expect(dialog.GetByTestId("template-file").GetByTestId("picked-file")).ToHaveTextAsync(download.SuggestedFilename);
        await page.ScreenshotAsync("60-template-import-dialog");
        await dialog.GetByTestId("save").ClickAsync();

        var imported = page.GetByTestId("templates-grid").Locator("tr", new() { HasText = "双十二预热图文" });
        await Assertions.Expect(imported).ToHaveCountAsync(1);
        await Assertions.Expect(imported.GetByTestId("audit-state")).ToHaveTextAsync("未提交");
        await Assertions.Expect(imported.GetByTestId("template-id")).Not.ToHaveTextAsync(tplId);
        await page.ScreenshotAsync("61-template-imported");

        await page.GotoAsync("/aim/materials");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("materials-grid")).ToContainTextAsync("双十二主图");
        await Assertions.Expect(page.GetByTestId("materials-grid")).ToContainTextAsync("双十二预热图文");
    }
}
