using System.Security.Cryptography;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Common.Files;

/// <summary>
/// Keeps uploaded files under <c>Console:FilesFolder</c>, one folder per account and month, and their facts in the
/// database; files go out only through <c>/files/{id}</c>, which asks the tenant filter first. A file travels in three
/// steps, so that a crash at any point leaves nothing the database does not account for:
/// <list type="number">
/// <item><see cref="StageAsync"/> streams it to <c>.staging/&lt;id&gt;</c> (owner-only), counting, hashing and telling
/// its kind by its first bytes; nobody holds a whole file in memory.</item>
/// <item>A service checks every upload of its form (<see cref="Check"/>), then <see cref="Add"/>s their rows inside its
/// transaction.</item>
/// <item>When that transaction commits, <see cref="FileCommits"/> promotes the staged files into the store by a rename
/// on the same file system (atomic) and deletes the bytes of rows it removed; a rollback promotes nothing.</item>
/// </list>
/// A stop between the commit and the rename leaves a row and a staged file of the same id: start-up's
/// <see cref="FileSweep"/> finishes the rename, and removes bytes no row refers to and staged files nobody claimed.
/// </summary>
public sealed partial class FileStore(IOptions<ConsoleOptions> options, TimeProvider clock, ILogger<FileStore> logger)
{
    public const string StagingFolderName = ".staging";

    private const int BufferSize = 81920;

    private string Root => options.Value.FilesFolder;

    internal string StagingFolder => Path.Combine(Root, StagingFolderName);

    /// <summary>Tests stop here to play a process killed after a commit and before its files were promoted.</summary>
    internal Action<StoredFile>? AfterCommitBeforePromote { get; set; }

    /// <summary>
    /// Streams <paramref name="content"/> to a new staged file, reading at most one byte more than
    /// <paramref name="maxBytes"/>: a longer upload is cut there, its bytes deleted, and the handle's size tells
    /// <see cref="Check"/> it was too large. The bytes reach the disk before the handle is returned.
    /// </summary>
    public async Task<UploadedFile> StageAsync(string fileName, Stream content, long maxBytes, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var path = StagedPathOf(id);
        PrivateFolder.Create(StagingFolder);
        var header = new byte[16];
        var headerLength = 0;
        long size = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using var target = new FileStream(path, OwnerOnlyFile(FileMode.CreateNew));
            var buffer = new byte[BufferSize];
            int read;
            while (size <= maxBytes && (read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes + 1 - size)), ct)) > 0)
            {
                var toHeader = Math.Min(read, header.Length - headerLength);
                buffer.AsSpan(0, toHeader).CopyTo(header.AsSpan(headerLength));
                headerLength += toHeader;
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                size += read;
            }

            target.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        if (size > maxBytes)
        {
            File.Delete(path);
        }

        var name = Path.GetFileName(fileName) is { Length: > 0 and <= StoredFile.FileNameMax } given ? given : "file";
        return new UploadedFile(id, name, path, size, FileSignatures.Detect(header.AsSpan(0, headerLength)), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>
    /// Checks a staged upload against its field's rule by content and size, and that it is still staged; a refusal
    /// names the field (<paramref name="field"/>, or the rule's) and the file and says why, in the user's language.
    /// Services check every upload of a form before they add any, so a refused form stores nothing.
    /// </summary>
    public static KmError? Check(UploadedFile upload, UploadRule rule, IStringLocalizer l, string? field = null)
    {
        var fieldName = field ?? l[rule.FieldKey].Value;
        if (upload.Size == 0 || upload.Size > rule.MaxBytes)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Files.TooLarge", fieldName, upload.FileName, FileSizes.Text(rule.MaxBytes)]);
        }

        if (!rule.Kinds.Contains(upload.Kind))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Files.WrongType", fieldName, upload.FileName, rule.Accept]);
        }

        return upload.IsAvailable ? null : new KmError(ErrorCodes.InvalidParameter, l["Files.Expired", fieldName, upload.FileName]);
    }

    /// <summary>
    /// Adds the row of an upload that passed <see cref="Check"/>, with the content type its bytes show, to
    /// <paramref name="db"/>'s open transaction; the bytes move into the store when that transaction commits.
    /// </summary>
    public StoredFile Add(KooMessageDb db, UserContext owner, Guid accountId, UploadedFile upload) =>
        Add(db, owner.UserName, accountId, upload, FileSignatures.ContentTypeOf(upload.Kind));

    /// <summary>Stores bytes the console made itself (demo data), with the content type it states, as <see cref="Add"/> does.</summary>
    public async Task<StoredFile> SaveBytesAsync(KooMessageDb db, UserContext owner, Guid accountId, string fileName, string contentType, byte[] content, CancellationToken ct)
    {
        using var stream = new MemoryStream(content, writable: false);
        var staged = await StageAsync(fileName, stream, content.LongLength, ct);
        return Add(db, owner.UserName, accountId, staged, contentType);
    }

    /// <summary>
    /// Stages a file the console writes itself (an export) under a chosen id, replacing whatever an earlier, interrupted
    /// run of the same work left there, so a rerun never leaves two files. Stored like an upload with <see cref="AddGenerated"/>.
    /// </summary>
    public async Task<UploadedFile> StageGeneratedAsync(Guid id, string fileName, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        PrivateFolder.Create(StagingFolder);
        var path = StagedPathOf(id);
        try
        {
            await using (var target = new FileStream(path, OwnerOnlyFile(FileMode.Create)))
            {
                await write(target, ct);
                target.Flush(flushToDisk: true);
            }

            await using var written = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
            var header = new byte[16];
            var headerLength = await written.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
            written.Position = 0;
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(written, ct));
            return new UploadedFile(id, fileName, path, written.Length, FileSignatures.Detect(header.AsSpan(0, headerLength)), hash);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Adds the row of a file the console staged itself (<see cref="StageGeneratedAsync"/>), as <see cref="Add"/> does for uploads.</summary>
    public StoredFile AddGenerated(KooMessageDb db, string createdBy, Guid accountId, UploadedFile file, string contentType) =>
        Add(db, createdBy, accountId, file, contentType);

    /// <summary>Removes the rows of <paramref name="ids"/> in <paramref name="db"/>'s open transaction; their bytes are deleted once it commits.</summary>
    public async Task RemoveAsync(KooMessageDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var (_, work) = FileCommits.For(db);
        if (ids.Count == 0)
        {
            return;
        }

        var rows = await db.StoredFiles.Where(f => ids.Contains(f.Id)).ToListAsync(ct);
        db.StoredFiles.RemoveRange(rows);
        foreach (var row in rows)
        {
            work.Delete(this, row.StoragePath);
        }
    }

    public Stream Open(StoredFile file) =>
        new FileStream(PathOf(file.StoragePath), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);

    internal string PathOf(string storagePath) => Path.Combine(Root, storagePath);

    internal string StagedPathOf(Guid id) => Path.Combine(StagingFolder, id.ToString("N"));

    /// <summary>Moves the staged bytes of a committed row into the store; true when they are there afterwards.</summary>
    internal bool FinishPromotion(Guid id, string storagePath)
    {
        var staged = StagedPathOf(id);
        var target = PathOf(storagePath);
        if (File.Exists(staged))
        {
            PrivateFolder.Create(Path.GetDirectoryName(target)!);
            File.Move(staged, target, overwrite: true);
        }

        return File.Exists(target);
    }

    /// <summary>Called once the row's transaction committed. A failure is logged, not thrown: the row is durable and start-up finishes the move.</summary>
    internal void PromoteCommitted(StoredFile row)
    {
        AfterCommitBeforePromote?.Invoke(row);
        try
        {
            FinishPromotion(row.Id, row.StoragePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogPromotionFailed(e, row.Id);
        }
    }

    /// <summary>Called once the transaction that removed the row committed; bytes left by a failure are swept at start-up.</summary>
    internal void DeleteCommitted(string storagePath)
    {
        try
        {
            File.Delete(PathOf(storagePath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(e, storagePath);
        }
    }

    private StoredFile Add(KooMessageDb db, string uploadedBy, Guid accountId, UploadedFile upload, string contentType)
    {
        var (transaction, work) = FileCommits.For(db);
        upload.Claim(transaction);
        var createdAt = clock.GetUtcNow().UtcDateTime;
        var file = new StoredFile
        {
            Id = upload.Id,
            AccountId = accountId,
            FileName = upload.FileName,
            ContentType = contentType,
            Size = upload.Size,
            Sha256 = upload.Sha256,
            UploadedBy = uploadedBy,
            CreatedAt = createdAt,
            StoragePath = Path.Combine(accountId.ToString("N"), createdAt.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture), upload.Id.ToString("N")),
        };
        db.StoredFiles.Add(file);
        work.Promote(this, upload, file);
        return file;
    }

    private static FileStreamOptions OwnerOnlyFile(FileMode mode)
    {
        var file = new FileStreamOptions
        {
            Mode = mode, Access = FileAccess.Write, Share = FileShare.None, BufferSize = BufferSize, Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return file;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "File {FileId} committed but could not be moved into the store; the next start finishes the move")]
    private partial void LogPromotionFailed(Exception exception, Guid fileId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bytes of removed file {StoragePath} could not be deleted; the next start sweeps them")]
    private partial void LogDeleteFailed(Exception exception, string storagePath);
}
