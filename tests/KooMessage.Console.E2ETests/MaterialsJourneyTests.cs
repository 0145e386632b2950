using KooMessage.Console.Common.Security;
using KooMessage.Console.Tests;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.E2ETests;

/// <summary>A designer fills the 素材库: a picture in a template ratio goes in, one in another shape is refused at its picker, an unused one is deleted.</summary>
public sealed class MaterialsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("km-materials-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Png(string name, int width, int height)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}-{name}");
        using var image = new Image<Rgba32>(width, height, new Rgba32(30, 90, 168));
        image.SaveAsPng(path);
        return path;
    }

    [Fact]
    public async Task Designer_UploadsAPicture_SeesItsRatio_DeletesIt()
    {
        var admin = await browser.App.Services.CreateAdministratorAsync();
        var owner = await browser.App.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        await browser.App.Services.CreateUserAsync(owner, "designer", Roles.Development);
        var page = await browser.NewPageAsync();
        await page.SignInAsync("designer", TestData.Password);
        await page.GotoAsync("/aim/materials");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("list-empty")).ToBeVisibleAsync();

        await page.GetByTestId("upload-material").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        // Through the picker's own button, as a user does: the chooser opens only once the upload field is live.
        var chooser = await page.RunAndWaitForFileChooserAsync(() => dialog.GetByTestId("material-file").GetByRole(AriaRole.Button).First.ClickAsync());
        await chooser.SetFilesAsync(Png("横幅.png", 800, 600));
        await Assertions.Expect(dialog.GetByTestId("material-file").GetByTestId("picked-file")).ToHaveCountAsync(1);
        await dialog.GetByTestId("save").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("material-file-error")).ToContainTextAsync("800×600");
        await page.ScreenshotAsync("40-material-wrong-ratio");

        await dialog.GetByTestId("material-file").ChooseFilesAsync(Png("横幅.png", 1280, 720));
        await Assertions.Expect(dialog.GetByTestId("material-file-error")).ToHaveCountAsync(0);
        await dialog.GetByTestId("material-name-input").FillAsync("新品横幅");
        await dialog.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("materials-grid")).ToContainTextAsync("新品横幅");
        await Assertions.Expect(page.GetByTestId("material-pixels")).ToHaveTextAsync("16:9 · 1280 × 720");
        await page.ScreenshotAsync("41-materials");

        await page.GetByTestId("delete-material").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("list-empty")).ToBeVisibleAsync();
    }
}
