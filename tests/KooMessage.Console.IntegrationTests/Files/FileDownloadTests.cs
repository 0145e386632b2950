using System.Net;
using System.Text;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Files;

/// <summary>Files go out to platform staff, and to users of their own account whose role views the module that refers to them.</summary>
public sealed class FileDownloadTests : IAsyncLifetime
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% test\n");

    private readonly ConsoleFactory app = new();
    private StoredFile file = default!;
    private StoredFile unclaimed = default!;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        await app.Services.CreateUserAsync(ownerA, "dev-a", Common.Security.Roles.Development);
        await app.Services.CreateUserAsync(ownerA, "viewer-a", Common.Security.Roles.ReadOnlyAccess);
        var filing = await app.Services.SubmitFilingAsync(ownerA);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            file = await SaveAsync(db, ownerA, "../../营业执照.pdf");
            unclaimed = await SaveAsync(db, ownerA, "无主.pdf");
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        // The PDF becomes the filing's licence: the filing module claims it.
        await db.Set<Enterprise>().Where(e => e.Id == filing).ExecuteUpdateAsync(u => u.SetProperty(e => e.LicenseFileId, file.Id));
    }

    private Task<StoredFile> SaveAsync(KooMessageDb db, TestUser owner, string name) =>
        app.Services.GetRequiredService<FileStore>().SaveBytesAsync(
            db, Common.Security.UserContext.From(owner.Principal), owner.AccountId!.Value, name, "application/pdf", Pdf, CancellationToken.None);

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(user, TestData.Password);
        return client;
    }

    [Fact]
    public void Save_File_KeepsNameWithoutPathAndHashesContent()
    {
        Assert.Equal("营业执照.pdf", file.FileName);
        Assert.Equal(Pdf.Length, file.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), file.Sha256);
        Assert.DoesNotContain("..", file.StoragePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OwnAccount_ServesInlinePdf()
    {
        using var client = await SignedInAsync("owner-a");

        using var response = await client.GetAsync($"/files/{file.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal(Pdf, await response.Content.ReadAsByteArrayAsync());
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task Get_Download_AttachmentWithName()
    {
        using var client = await SignedInAsync("owner-a");

        using var response = await client.GetAsync($"/files/{file.Id}?download=true");

        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("营业执照.pdf", response.Content.Headers.ContentDisposition.FileNameStar);
    }

    [Fact]
    public async Task Get_OtherAccount_NotFound()
    {
        using var client = await SignedInAsync("owner-b");

        using var response = await client.GetAsync($"/files/{file.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_FilingLicence_RoleThatViewsFilings_Served()
    {
        using var client = await SignedInAsync("viewer-a");

        using var response = await client.GetAsync($"/files/{file.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_FilingLicence_DevelopmentUserWhoMayNotViewFilings_NotFound()
    {
        using var client = await SignedInAsync("dev-a");

        using var response = await client.GetAsync($"/files/{file.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_FileNoModuleRefersTo_NotFoundEvenForItsAccount()
    {
        using var client = await SignedInAsync("owner-a");

        using var response = await client.GetAsync($"/files/{unclaimed.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_PlatformAdmin_Served()
    {
        using var client = await SignedInAsync("admin");

        using var response = await client.GetAsync($"/files/{file.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_Anonymous_LeadsToSignIn()
    {
        using var client = app.CreateBrowserlikeClient();

        using var response = await client.GetAsync($"/files/{file.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
