using System.Security.Cryptography;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Files;

/// <summary>The start-up sweep: the files folder ends up agreeing with the StoredFiles rows, whatever a stop left behind.</summary>
public sealed class FileSweepTests : IAsyncLifetime
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

    private static async Task<FileSweepReport> SweepAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        return await services.GetRequiredService<FileSweep>().RunAsync(db, CancellationToken.None);
    }

    private async Task<StoredFile> StoreAsync()
    {
        using var upload = await app.Services.StageAsync("营业执照.png", DemoFiles.Png);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForAccountAsync(AccountId, "test", CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync();
        var row = app.Services.GetRequiredService<FileStore>().Add(db, Owner, AccountId, upload);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return row;
    }

    [Fact]
    public async Task Sweep_StoredBytesNoRowRefersTo_DeletedAndEverythingElseKept()
    {
        var kept = await StoreAsync();
        var orphan = Path.Combine(AccountId.ToString("N"), "202601", Guid.NewGuid().ToString("N"));
        var notOurs = Path.Combine(AccountId.ToString("N"), "README.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(app.Services.FilesFolder(), orphan))!);
        await File.WriteAllBytesAsync(Path.Combine(app.Services.FilesFolder(), orphan), DemoFiles.Png);
        await File.WriteAllTextAsync(Path.Combine(app.Services.FilesFolder(), notOurs), "not a stored file");

        var report = await SweepAsync(app.Services);

        Assert.Equal(1, report.OrphansDeleted);
        Assert.Equal(new[] { kept.StoragePath, notOurs }.Order(), app.Services.StoredPaths());
    }

    [Fact]
    public async Task Sweep_StagedFilesNoRowClaims_StaleOnesDeletedRecentOnesKept()
    {
        var stale = await app.Services.StageAsync("旧.png", DemoFiles.Png);
        var recent = await app.Services.StageAsync("新.png", DemoFiles.Png);
        File.SetLastWriteTimeUtc(stale.StagedPath, DateTime.UtcNow.AddMinutes(-61));

        var report = await SweepAsync(app.Services);

        Assert.Equal(1, report.StaleStagedDeleted);
        Assert.Equal([recent.StagedPath], app.Services.StagedPaths());
        Assert.False(stale.IsAvailable);
    }

    [Fact]
    public async Task Sweep_RowWhoseBytesAreMissing_ReportedAndRowKept()
    {
        var row = await StoreAsync();
        File.Delete(Path.Combine(app.Services.FilesFolder(), row.StoragePath));

        var report = await SweepAsync(app.Services);

        Assert.Equal([row.Id], report.Missing);
        await using var db = await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.True(await db.StoredFiles.AnyAsync(f => f.Id == row.Id));
    }

    /// <summary>
    /// kill -9 between a commit and its promotion: a filing's licence is replaced, the transaction commits, and the
    /// process "dies" before the new licence leaves staging and before the old one's bytes are deleted. The next start
    /// finishes the promotion and sweeps the old bytes: the filing serves its new licence, complete, and nothing is orphaned.
    /// </summary>
    [Fact]
    public async Task Restart_KilledAfterCommitBeforePromotion_PromotionFinishedAndNoOrphanLeft()
    {
        await using var first = await TestConsole.StartAsync();
        var admin = await first.Services.CreateAdministratorAsync();
        var owner = await first.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
        Guid filing;
        await using (var scope = first.Services.As(owner.Principal))
        {
            var saved = await scope.ServiceProvider.GetRequiredService<EnterpriseService>()
                .SaveAsync(null, FilingData.Form(), await first.Services.CompleteUploadsAsync(), submit: false, CancellationToken.None);
            filing = saved.Value;
        }

        byte[] newLicense = [.. DemoFiles.Png, .. "新执照"u8];
        var upload = await first.Services.StageAsync("新执照.png", newLicense);
        first.Services.GetRequiredService<FileStore>().AfterCommitBeforePromote = _ => throw new ProcessKilledException();
        await using (var scope = first.Services.As(owner.Principal))
        {
            var replacing = new FilingUploads(upload, new Dictionary<MaterialKind, UploadedFile>());
            await Assert.ThrowsAsync<ProcessKilledException>(() =>
                scope.ServiceProvider.GetRequiredService<EnterpriseService>().SaveAsync(filing, FilingData.Form(), replacing, submit: false, CancellationToken.None));
        }

        Assert.Equal([upload.StagedPath], first.Services.StagedPaths());

        await using var restarted = await first.RestartAsync();

        await using var db = await restarted.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);
        Assert.Equal(upload.Id, await db.Enterprises.Where(e => e.Id == filing).Select(e => e.LicenseFileId).SingleAsync());
        var rows = await db.StoredFiles.ToListAsync();
        Assert.Equal(rows.Select(r => r.StoragePath).Order(), restarted.Services.StoredPaths());
        Assert.Empty(restarted.Services.StagedPaths());
        var license = rows.Single(r => r.Id == upload.Id);
        await using (var stream = restarted.Services.GetRequiredService<FileStore>().Open(license))
        {
            using var served = new MemoryStream();
            await stream.CopyToAsync(served);
            Assert.Equal(newLicense, served.ToArray());
            Assert.Equal(license.Sha256, Convert.ToHexStringLower(SHA256.HashData(served.ToArray())));
        }

        await using var ownerScope = restarted.Services.As(owner.Principal);
        var detail = await ownerScope.ServiceProvider.GetRequiredService<EnterpriseService>().GetAsync(filing, CancellationToken.None);
        Assert.Equal(upload.Id, detail.Value.License?.Id);
    }

    private sealed class ProcessKilledException : Exception;
}
