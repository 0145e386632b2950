using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Common.Files;

/// <summary>What one sweep did: promotions it finished, staged and stored files it deleted, and rows whose bytes are missing.</summary>
public sealed record FileSweepReport(int Promoted, int StaleStagedDeleted, int OrphansDeleted, IReadOnlyList<Guid> Missing);

/// <summary>
/// Makes the files folder agree with the StoredFiles table; it runs at start-up, through a context that sees every
/// account (the jobs issue makes it recurring).
/// <list type="number">
/// <item>Staged files: one a committed row claims (it carries the row's id) is promoted, as the commit would have done
/// had the process lived; one no row claims is deleted once older than <c>Console:StagingMaxAgeMinutes</c> (a younger
/// one may belong to a form still open).</item>
/// <item>Stored bytes no row refers to (left by a stop after a deleting commit) are deleted. Only names the store gives
/// (32 hex digits) are touched, so a files folder set to a folder with other files in it loses nothing else.</item>
/// <item>Rows whose bytes are missing are logged, never deleted: a row records what a user submitted.</item>
/// </list>
/// </summary>
public sealed partial class FileSweep(FileStore store, IOptions<ConsoleOptions> options, TimeProvider clock, ILogger<FileSweep> logger)
{
    private const int Batch = 500;

    public async Task<FileSweepReport> RunAsync(KooMessageDb db, CancellationToken ct)
    {
        var (promoted, stale) = await SweepStagingAsync(db, ct);
        var orphans = await SweepStoreAsync(db, ct);
        var missing = new List<Guid>();
        await foreach (var row in db.StoredFiles.AsNoTracking().Select(f => new { f.Id, f.StoragePath }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!File.Exists(store.PathOf(row.StoragePath)))
            {
                LogMissing(row.Id, row.StoragePath);
                missing.Add(row.Id);
            }
        }

        if (promoted + stale + orphans + missing.Count > 0)
        {
            LogSwept(promoted, stale, orphans, missing.Count);
        }

        return new FileSweepReport(promoted, stale, orphans, missing);
    }

    private async Task<(int Promoted, int Stale)> SweepStagingAsync(KooMessageDb db, CancellationToken ct)
    {
        if (!Directory.Exists(store.StagingFolder))
        {
            return (0, 0);
        }

        var promoted = 0;
        var stale = 0;
        var oldest = clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(options.Value.StagingMaxAgeMinutes);
        foreach (var chunk in Directory.EnumerateFiles(store.StagingFolder).Select(path => (Path: path, Id: IdOf(path))).Chunk(Batch))
        {
            var ids = chunk.Where(f => f.Id is not null).Select(f => f.Id!.Value).ToList();
            var rows = await db.StoredFiles.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.StoragePath, ct);
            foreach (var (path, id) in chunk)
            {
                if (id is { } fileId && rows.TryGetValue(fileId, out var storagePath))
                {
                    try
                    {
                        store.FinishPromotion(fileId, storagePath);
                        LogPromoted(fileId);
                        promoted++;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        LogPromotionFailed(e, fileId);
                    }
                }
                else if (File.GetLastWriteTimeUtc(path) < oldest)
                {
                    File.Delete(path);
                    stale++;
                }
            }
        }

        return (promoted, stale);
    }

    private async Task<int> SweepStoreAsync(KooMessageDb db, CancellationToken ct)
    {
        var root = options.Value.FilesFolder;
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var stored = Directory.EnumerateDirectories(root)
            .Where(d => Path.GetFileName(d) != FileStore.StagingFolderName)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Select(path => (Path: path, Id: IdOf(path)))
            .Where(f => f.Id is not null);
        var orphans = 0;
        foreach (var chunk in stored.Chunk(Batch))
        {
            var ids = chunk.Select(f => f.Id!.Value).ToList();
            var rows = await db.StoredFiles.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.StoragePath, ct);
            foreach (var (path, id) in chunk)
            {
                if (!rows.TryGetValue(id!.Value, out var storagePath) || Path.GetFullPath(store.PathOf(storagePath)) != Path.GetFullPath(path))
                {
                    File.Delete(path);
                    orphans++;
                }
            }
        }

        return orphans;
    }

    private static Guid? IdOf(string path) => Guid.TryParseExact(Path.GetFileName(path), "N", out var id) ? id : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished the promotion of file {FileId}: the process stopped after its row committed")]
    private partial void LogPromoted(Guid fileId);

    [LoggerMessage(Level = LogLevel.Error, Message = "File {FileId} committed but its staged bytes could not be moved into the store")]
    private partial void LogPromotionFailed(Exception exception, Guid fileId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File {FileId} has a row but no bytes at {StoragePath}; the row is kept")]
    private partial void LogMissing(Guid fileId, string storagePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "File sweep: {Promoted} promotions finished, {Stale} stale staged files and {Orphans} files without a row deleted, {Missing} rows without bytes")]
    private partial void LogSwept(int promoted, int stale, int orphans, int missing);
}
