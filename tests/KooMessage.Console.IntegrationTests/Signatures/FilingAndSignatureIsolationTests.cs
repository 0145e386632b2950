using System.Net;
using System.Text;
using ClosedXML.Excel;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.IntegrationTests.Signatures;

/// <summary>Two accounts with filings and signatures in the running app: neither reaches the other's, by service or by URL.</summary>
public sealed class FilingAndSignatureIsolationTests : IAsyncLifetime
{
    private readonly ConsoleFactory app = new();
    private TestUser ownerA = default!;
    private TestUser ownerB = default!;
    private Guid filingA;
    private Guid signatureA;

    public async Task InitializeAsync()
    {
        var admin = await app.Services.CreateAdministratorAsync();
        var reviewer = await app.Services.CreateUserAsync(admin, "reviewer", Roles.Reviewer);
        ownerA = await app.Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        ownerB = await app.Services.CreateAccountAsync(admin, "乙公司", "owner-b");
        var appA = await app.Services.ReadyForSignaturesAsync(ownerA, reviewer);
        var appB = await app.Services.ReadyForSignaturesAsync(ownerB, reviewer);
        signatureA = await app.Services.RegisterSignatureAsync(ownerA, appA, "甲签名");
        await app.Services.RegisterSignatureAsync(ownerB, appB, "乙签名");
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        filingA = await db.Enterprises.Where(e => e.AccountId == ownerA.AccountId).Select(e => e.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(TestUser user)
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(user.UserName, TestData.Password);
        return client;
    }

    [Fact]
    public async Task OwnerB_ReadOrChangeAccountA_NotFound()
    {
        await using var scope = app.Services.As(ownerB.Principal);
        var filings = scope.ServiceProvider.GetRequiredService<EnterpriseService>();
        var signatures = scope.ServiceProvider.GetRequiredService<SignatureService>();

        var read = await filings.GetAsync(filingA, CancellationToken.None);
        var write = await filings.SaveAsync(filingA, FilingData.Form("劫持"), FilingUploads.None, submit: false, CancellationToken.None);
        var signature = await signatures.GetAsync(signatureA, CancellationToken.None);
        var urge = await signatures.UrgeAsync(signatureA, CancellationToken.None);
        var delete = await signatures.DeleteAsync(signatureA, CancellationToken.None);
        var listed = await signatures.ListAsync(new SignatureQuery(), new PageRequest(), CancellationToken.None);

        Assert.All(new Result[] { read, write, signature, urge, delete }, r => Assert.Equal(ErrorCodes.NotFound, r.Error?.Code));
        Assert.Equal(["乙签名"], listed.Value.Items.Select(s => s.Name));
    }

    [Fact]
    public async Task Download_AccountAFile_OnlyAccountAAndStaff()
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var license = await db.Enterprises.Where(e => e.Id == filingA).Select(e => e.LicenseFileId).SingleAsync();
        using var a = await SignedInAsync(ownerA);
        using var b = await SignedInAsync(ownerB);
        using var reviewer = app.CreateBrowserlikeClient();
        await reviewer.SignInAsync("reviewer", TestData.Password);

        using var own = await a.GetAsync($"/files/{license}");
        using var other = await b.GetAsync($"/files/{license}");
        using var staff = await reviewer.GetAsync($"/files/{license}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("image/png", own.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Contains("frame-ancestors 'self'", string.Join("", own.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ExecutableNamedPng_RefusedAndNotStored()
    {
        var executable = Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0This program cannot be run in DOS mode.");
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var filesBefore = await db.StoredFiles.CountAsync();
        await using var scope = app.Services.As(ownerA.Principal);
        var appId = await db.SmsApps.Where(x => x.AccountId == ownerA.AccountId).Select(x => x.Id).SingleAsync();

        var signature = await scope.ServiceProvider.GetRequiredService<SignatureService>().SaveAsync(
            null, FilingData.Signature(appId, "伪装文件"), new SignatureUploads([await app.Services.StageAsync("营业执照.png", executable)], null), CancellationToken.None);
        var filing = await scope.ServiceProvider.GetRequiredService<EnterpriseService>().SaveAsync(
            null, FilingData.Form("伪装企业", "91110000802100433B"), new FilingUploads(await app.Services.StageAsync("licence.png", executable), new Dictionary<MaterialKind, UploadedFile>()), submit: false, CancellationToken.None);

        Assert.Equal(ErrorCodes.InvalidParameter, signature.Error?.Code);
        Assert.Equal(ErrorCodes.InvalidParameter, filing.Error?.Code);
        Assert.Equal(filesBefore, await db.StoredFiles.CountAsync());
        Assert.False(await db.Signatures.AnyAsync(s => s.Name == "伪装文件"));
        Assert.False(await db.Enterprises.AnyAsync(e => e.Name == "伪装企业"));
    }

    [Fact]
    public async Task Upload_PdfOverTwoMegabytes_Refused()
    {
        var large = new byte[(2 * 1024 * 1024) + 1];
        "%PDF-1.4"u8.CopyTo(large);
        await using var scope = app.Services.As(ownerA.Principal);
        var uploads = new FilingUploads(
            await app.Services.StageAsync("licence.png", DemoFiles.Png),
            new Dictionary<MaterialKind, UploadedFile> { [MaterialKind.AimMaterialCommitment] = await app.Services.StageAsync("big.pdf", large) });

        var filing = await scope.ServiceProvider.GetRequiredService<EnterpriseService>().SaveAsync(null, FilingData.Form("大文件", "91110000802100433B"), uploads, submit: false, CancellationToken.None);

        Assert.Equal(ErrorCodes.InvalidParameter, filing.Error?.Code);
    }

    [Fact]
    public async Task Delete_SignatureOverHttpApp_CascadesFilesAndBytes()
    {
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var fileId = await db.SignatureFiles.Where(f => f.SignatureId == signatureA).Select(f => f.FileId).SingleAsync();
        using var a = await SignedInAsync(ownerA);
        using var before = await a.GetAsync($"/files/{fileId}");
        await using (var scope = app.Services.As(ownerA.Principal))
        {
            TestData.Ok(await scope.ServiceProvider.GetRequiredService<SignatureService>().DeleteAsync(signatureA, CancellationToken.None));
        }

        using var after = await a.GetAsync($"/files/{fileId}");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.False(await db.Signatures.AnyAsync(s => s.Id == signatureA));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataFolder, "files", ownerA.AccountId!.Value.ToString("N")), fileId.ToString("N"), SearchOption.AllDirectories));
    }

    /// <summary>Queues an export through the service; the app's own job runner writes it.</summary>
    private async Task<Guid> ExportAsync(TestUser user, SignatureQuery query, string? search = null)
    {
        await using var scope = app.Services.As(user.Principal);
        var source = new SignatureExportSource();
        var id = (await scope.ServiceProvider.GetRequiredService<ExportService>().RequestAsync(
            new ExportRequest(source.Key, SignatureExportSource.Parameters(query, search), source.Fields.Select(f => f.Key).ToList(), "export"), CancellationToken.None)).Value;
        var job = await app.Services.WaitForEndAsync(id);
        Assert.Equal(JobState.Succeeded, job.State);
        return job.ResultFileId!.Value;
    }

    [Fact]
    public async Task Export_OverHttp_OnlyOwnSignaturesAndOnlyForTheOwnAccount()
    {
        var fileB = await ExportAsync(ownerB, new SignatureQuery());
        using var a = await SignedInAsync(ownerA);
        using var b = await SignedInAsync(ownerB);

        using var own = await b.GetAsync($"/files/{fileB}?download=true");
        using var other = await a.GetAsync($"/files/{fileB}?download=true");
        using var book = new XLWorkbook(await own.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("export.xlsx", own.Content.Headers.ContentDisposition?.FileNameStar ?? own.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("乙签名", book.Worksheet(1).Cell(2, 1).GetString());
        Assert.True(book.Worksheet(1).Cell(3, 1).IsEmpty());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Export_FilteredByStatus_OnlyMatchingRows()
    {
        var pending = await ExportAsync(ownerA, new SignatureQuery(SignatureStatus.PendingReview), "甲");
        var passed = await ExportAsync(ownerA, new SignatureQuery(SignatureStatus.ReviewPassed));
        using var a = await SignedInAsync(ownerA);

        using var pendingBook = new XLWorkbook(await a.GetStreamAsync($"/files/{pending}?download=true"));
        using var passedBook = new XLWorkbook(await a.GetStreamAsync($"/files/{passed}?download=true"));

        Assert.Equal("甲签名", pendingBook.Worksheet(1).Cell(2, 1).GetString());
        Assert.True(passedBook.Worksheet(1).Cell(2, 1).IsEmpty());
    }

    [Fact]
    public async Task Export_Anonymous_LeadsToSignIn()
    {
        var file = await ExportAsync(ownerA, new SignatureQuery());
        using var client = app.CreateBrowserlikeClient();

        using var response = await client.GetAsync($"/files/{file}?download=true");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
