using System.Security.Cryptography;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.UnitTests.Files;

/// <summary>An upload's way through the store: staged, checked, added in a transaction, promoted only when it commits.</summary>
public sealed class FileStoreTests : IAsyncLifetime
{
    private TestConsole app = default!;

    private UserContext Owner { get; set; } = default!;

    private Guid AccountId => Owner.AccountId!.Value;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        Owner = UserContext.From((await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner")).Principal);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private FileStore Store => app.Services.GetRequiredService<FileStore>();

    private IStringLocalizer L => app.Services.GetRequiredService<IStringLocalizer<Resources.SharedResource>>();

    private Task<KooMessageDb> DbAsync() => app.Services.GetRequiredService<TenantDb>().ForAccountAsync(AccountId, "test", CancellationToken.None);

    [Fact]
    public async Task Stage_Png_OwnerOnlyFileInStagingWithKindSizeAndHash()
    {
        using var upload = await app.Services.StageAsync("../营业执照.png", DemoFiles.Png);

        Assert.Equal("营业执照.png", upload.FileName);
        Assert.Equal(FileKind.Png, upload.Kind);
        Assert.Equal(DemoFiles.Png.Length, upload.Size);
        Assert.Equal(Path.Combine(app.Services.FilesFolder(), FileStore.StagingFolderName, upload.Id.ToString("N")), upload.StagedPath);
        Assert.Equal(DemoFiles.Png, await File.ReadAllBytesAsync(upload.StagedPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(upload.StagedPath));
            Assert.Equal(PrivateFolder.OwnerOnly, File.GetUnixFileMode(Path.GetDirectoryName(upload.StagedPath)!));
        }

        Assert.Null(FileStore.Check(upload, UploadRule.LicenseImage, L));
    }

    [Fact]
    public async Task Stage_LongerThanTheLimit_CutThereNothingKeptAndRefused()
    {
        var large = new byte[UploadRule.TwoMegabytes + 4096];
        "%PDF-1.4"u8.CopyTo(large);
        using var stream = new MemoryStream(large);

        using var upload = await Store.StageAsync("big.pdf", stream, UploadRule.TwoMegabytes, CancellationToken.None);

        Assert.Equal(UploadRule.TwoMegabytes + 1, upload.Size);
        Assert.Equal(UploadRule.TwoMegabytes + 1, stream.Position);
        Assert.Empty(app.Services.StagedPaths());
        Assert.Contains("big.pdf", FileStore.Check(upload, UploadRule.Pdf, L)?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_OutsideATransaction_Throws()
    {
        using var upload = await app.Services.StageAsync("营业执照.png", DemoFiles.Png);
        await using var db = await DbAsync();

        Assert.Throws<InvalidOperationException>(() => Store.Add(db, Owner, AccountId, upload));
    }

    [Fact]
    public async Task Add_TransactionCommits_PromotedIntoTheStoreAndNoLongerAvailable()
    {
        var upload = await app.Services.StageAsync("营业执照.png", DemoFiles.Png);
        await using var db = await DbAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var row = Store.Add(db, Owner, AccountId, upload);
        await db.SaveChangesAsync();
        Assert.Empty(app.Services.StoredPaths());

        await tx.CommitAsync();
        upload.Dispose();

        Assert.Equal([row.StoragePath], app.Services.StoredPaths());
        Assert.Empty(app.Services.StagedPaths());
        Assert.Equal((upload.Id, "image/png", DemoFiles.Png.Length), (row.Id, row.ContentType, (int)row.Size));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(DemoFiles.Png)), row.Sha256);
        await using var stored = Store.Open(row);
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.Equal(DemoFiles.Png, copy.ToArray());
        Assert.Equal(ErrorCodes.InvalidParameter, FileStore.Check(upload, UploadRule.LicenseImage, L)?.Code);
    }

    [Fact]
    public async Task Add_TransactionNeverCommits_NothingPromotedAndDisposingDeletesTheStagedFile()
    {
        var upload = await app.Services.StageAsync("营业执照.png", DemoFiles.Png);
        await using (var db = await DbAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            Store.Add(db, Owner, AccountId, upload);
            await db.SaveChangesAsync();
        }

        Assert.True(upload.IsAvailable);
        upload.Dispose();

        Assert.Empty(app.Services.StoredPaths());
        Assert.Empty(app.Services.StagedPaths());
        await using var check = await DbAsync();
        Assert.False(await check.StoredFiles.AnyAsync());
    }

    [Fact]
    public async Task Dispose_WhileItsTransactionIsOpen_TheCommitStillPromotes()
    {
        var upload = await app.Services.StageAsync("营业执照.png", DemoFiles.Png);
        await using var db = await DbAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var row = Store.Add(db, Owner, AccountId, upload);
        await db.SaveChangesAsync();

        upload.Dispose();
        await tx.CommitAsync();

        Assert.Equal([row.StoragePath], app.Services.StoredPaths());
        Assert.Empty(app.Services.StagedPaths());
    }

    [Fact]
    public async Task Dispose_WhileItsTransactionIsOpenThenRolledBack_StagedFileDeleted()
    {
        var upload = await app.Services.StageAsync("营业执照.png", DemoFiles.Png);
        await using var db = await DbAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        Store.Add(db, Owner, AccountId, upload);
        await db.SaveChangesAsync();

        upload.Dispose();
        Assert.NotEmpty(app.Services.StagedPaths());
        await tx.RollbackAsync();

        Assert.Empty(app.Services.StagedPaths());
        Assert.Empty(app.Services.StoredPaths());
    }

    [Fact]
    public async Task SeedDemo_FilesAddedInTheTransactionIdentityShares_PromotedWhenItCommits()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        var rows = await db.StoredFiles.Select(f => f.StoragePath).ToListAsync();
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Order(), app.Services.StoredPaths());
        Assert.Empty(app.Services.StagedPaths());
    }

    [Fact]
    public async Task Remove_TransactionCommits_BytesDeletedOnlyThen()
    {
        var upload = await app.Services.StageAsync("营业执照.png", DemoFiles.Png);
        await using var db = await DbAsync();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            Store.Add(db, Owner, AccountId, upload);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await Store.RemoveAsync(db, [upload.Id], CancellationToken.None);
            await db.SaveChangesAsync();
            Assert.NotEmpty(app.Services.StoredPaths());
            await tx.CommitAsync();
        }

        Assert.Empty(app.Services.StoredPaths());
        Assert.False(await db.StoredFiles.AnyAsync());
    }
}
