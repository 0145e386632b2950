using System.Net;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KooMessage.Console.IntegrationTests.Materials;

/// <summary>
/// A material's picture goes out to its account's roles that view the library and to platform reviewers (a template's
/// review shows it), and to nobody else.
/// </summary>
public sealed class MaterialFileTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private Guid fileId;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        await app.Services.CreateUserAsync(ownerA, "viewer-a", Roles.ReadOnlyAccess);
        using var image = new Image<Rgba32>(300, 300, new Rgba32(10, 20, 30));
        using var png = new MemoryStream();
        await image.SaveAsPngAsync(png);
        png.Position = 0;
        var staged = await app.Services.GetRequiredService<FileStore>().StageAsync("主图.png", png, UploadRule.TwoMegabytes, CancellationToken.None);
        await using var scope = app.Services.As(ownerA.Principal);
        var materials = scope.ServiceProvider.GetRequiredService<MaterialService>();
        var id = (await materials.UploadAsync(new MaterialUpload(MaterialKind.Image, null, staged, null), CancellationToken.None)).Value;
        fileId = (await materials.ListAsync(new MaterialQuery(), new Common.PageRequest(), CancellationToken.None)).Value.Items.Single(m => m.Id == id).FileId;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<HttpStatusCode> GetAsync(string user)
    {
        using var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(user, TestData.Password);
        using var response = await client.GetAsync($"/files/{fileId}");
        return response.StatusCode;
    }

    [Theory]
    [InlineData("owner-a", HttpStatusCode.OK)]
    [InlineData("viewer-a", HttpStatusCode.OK)]
    [InlineData("reviewer", HttpStatusCode.OK)]
    [InlineData("owner-b", HttpStatusCode.NotFound)]
    public async Task Get_MaterialPicture_ItsAccountsViewersAndReviewersOnly(string user, HttpStatusCode expected) =>
        Assert.Equal(expected, await GetAsync(user));
}
