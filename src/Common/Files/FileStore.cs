using System.Security.Cryptography;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Common.Files;

/// <summary>
/// Keeps uploaded files under <c>Console:FilesFolder</c>, one folder per account, and their facts in the database.
/// Files go out only through <c>/files/{id}</c>, which asks the tenant filter first.
/// </summary>
public sealed class FileStore(IOptions<ConsoleOptions> options, TimeProvider clock)
{
    private string Root => options.Value.FilesFolder;

    /// <summary>Writes the bytes and adds the row to <paramref name="db"/>; the caller saves, in the same transaction as what refers to it.</summary>
    public async Task<StoredFile> SaveAsync(KooMessageDb db, UserContext owner, Guid accountId, string fileName, string contentType, Stream content, CancellationToken ct)
    {
        var file = new StoredFile
        {
            AccountId = accountId,
            FileName = Path.GetFileName(fileName) is { Length: > 0 and <= StoredFile.FileNameMax } name ? name : "file",
            ContentType = contentType,
            UploadedBy = owner.UserName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        file.StoragePath = Path.Combine(accountId.ToString("N"), file.CreatedAt.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture), file.Id.ToString("N"));
        var path = Path.Combine(Root, file.StoragePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                file.Size += read;
            }

            file.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        db.StoredFiles.Add(file);
        return file;
    }

    /// <summary>
    /// Checks an upload against its field's rule by content and size; a refusal names the field and the file and says
    /// why, in the user's language. Services check every upload before they write any, so a refusal leaves nothing behind.
    /// </summary>
    public static KmError? Check(UploadedFile upload, UploadRule rule, IStringLocalizer l)
    {
        if (upload.Content.LongLength == 0 || upload.Content.LongLength > rule.MaxBytes)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Files.TooLarge", l[rule.FieldKey], upload.FileName, rule.MaxBytes / 1024 / 1024]);
        }

        return rule.Kinds.Contains(FileSignatures.Detect(upload.Content))
            ? null
            : new KmError(ErrorCodes.InvalidParameter, l["Files.WrongType", l[rule.FieldKey], upload.FileName, rule.Accept]);
    }

    /// <summary>Stores an upload that passed <see cref="Check"/>, with the content type its bytes show.</summary>
    public async Task<StoredFile> SaveUploadAsync(KooMessageDb db, UserContext owner, Guid accountId, UploadedFile upload, CancellationToken ct)
    {
        using var content = new MemoryStream(upload.Content, writable: false);
        return await SaveAsync(db, owner, accountId, upload.FileName, FileSignatures.ContentTypeOf(FileSignatures.Detect(upload.Content)), content, ct);
    }

    /// <summary>Stores bytes the console made itself (demo data), with the content type it states.</summary>
    public async Task<StoredFile> SaveBytesAsync(KooMessageDb db, UserContext owner, Guid accountId, string fileName, string contentType, byte[] content, CancellationToken ct)
    {
        using var stream = new MemoryStream(content, writable: false);
        return await SaveAsync(db, owner, accountId, fileName, contentType, stream, ct);
    }

    /// <summary>Removes the bytes of files whose rows were deleted (called after the deleting transaction committed).</summary>
    public void DeleteBytes(IEnumerable<StoredFile> files)
    {
        foreach (var file in files)
        {
            File.Delete(Path.Combine(Root, file.StoragePath));
        }
    }

    public Stream Open(StoredFile file) =>
        new FileStream(Path.Combine(Root, file.StoragePath), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
}
