using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Common.Files;

/// <summary>A file an account uploaded: its bytes live under the files folder, its facts here.</summary>
public sealed class StoredFile : ITenantOwned
{
    public const int FileNameMax = 255;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "application/octet-stream";

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Where the bytes are, relative to the files folder.</summary>
    public string StoragePath { get; set; } = "";

    public string UploadedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

/// <summary>What a page shows of a stored file: its name, and a link to <c>/files/{Id}</c>.</summary>
public sealed record FileView(Guid Id, string FileName, string ContentType)
{
    public string Url => $"/files/{Id}";
}

public static class FileSets
{
    extension(KooMessageDb db)
    {
        public DbSet<StoredFile> StoredFiles => db.Set<StoredFile>();
    }
}
