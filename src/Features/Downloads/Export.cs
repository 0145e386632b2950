using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Downloads;

/// <summary>
/// A file in the download center: what a user asked to export (source, filter, columns, name), in which language and
/// time zone, and, once its job wrote it, the file. Its state and progress are its job's (same id).
/// </summary>
public sealed class Export : ITenantOwned
{
    public const int FileNameMax = 100;

    /// <summary>The job's id too.</summary>
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>The <see cref="Common.Exports.IExportSource.Key"/> of the list it came from.</summary>
    public string Source { get; set; } = "";

    /// <summary>The name it downloads under, with its <c>.xlsx</c>.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The list's filter as the source reads it (JSON).</summary>
    public string Parameters { get; set; } = "{}";

    /// <summary>The filter in the requester's words (JSON array of [label, value]).</summary>
    public string Conditions { get; set; } = "[]";

    /// <summary>The chosen columns' keys (JSON array), in the source's order.</summary>
    public string Fields { get; set; } = "[]";

    /// <summary>The requester's UI culture: headers and texts are written in it.</summary>
    public string Culture { get; set; } = "zh-CN";

    public string TimeZone { get; set; } = "";

    public string RequestedById { get; set; } = "";

    public string RequestedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When the expiry job removes the file and this row.</summary>
    public DateTime ExpiresAt { get; set; }

    public Guid? FileId { get; set; }

    public long? Size { get; set; }

    public long? Rows { get; set; }
}

internal sealed class ExportConfiguration : IEntityTypeConfiguration<Export>
{
    public void Configure(EntityTypeBuilder<Export> builder)
    {
        builder.ToTable("Exports");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Source).HasMaxLength(64);
        builder.Property(e => e.FileName).HasMaxLength(Export.FileNameMax + 5);
        builder.Property(e => e.Culture).HasMaxLength(16);
        builder.Property(e => e.TimeZone).HasMaxLength(64);
        builder.Property(e => e.RequestedById).HasMaxLength(450);
        builder.Property(e => e.RequestedBy).HasMaxLength(256);
        builder.HasIndex(e => new { e.AccountId, e.CreatedAt });
        builder.HasIndex(e => e.ExpiresAt);
        builder.HasIndex(e => e.FileId);
    }
}

public static class ExportSets
{
    extension(KooMessageDb db)
    {
        public DbSet<Export> Exports => db.Set<Export>();
    }
}

/// <summary>The <c>Exports</c> section of appsettings.json.</summary>
public sealed class ExportOptions
{
    public const string Section = "Exports";

    /// <summary>How long a finished export stays in the download center.</summary>
    public int RetentionDays { get; set; } = 7;
}
