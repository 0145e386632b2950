using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>file_type of an image resource (OAS UploadMedia).</summary>
public enum ServiceImageType
{
    /// <summary>PUB_LOGO: a service number's logo.</summary>
    PubLogo = 1,

    /// <summary>BG_IMAGE: a homepage's background.</summary>
    BgImage = 2,

    /// <summary>FASTAPP_LOGO: a quick app's logo on the homepage.</summary>
    FastAppLogo = 3,

    /// <summary>OTHER: authorization letters, business licences.</summary>
    Other = 4,
}

/// <summary>
/// 图片资源: a picture the account uploaded for its service numbers, with the facts read from the file itself (format,
/// bytes, pixels). Its id is resource_id; its <see cref="Url"/> resource_url. Service numbers and homepages refer to it.
/// </summary>
public sealed class ServiceImage : ITenantOwned
{
    public const int FileNameMax = 255;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public ServiceImageType Type { get; set; }

    public Guid FileId { get; set; }

    public string FileName { get; set; } = "";

    /// <summary>The format the bytes show (jpeg, png, bmp), never the name's extension.</summary>
    public string Format { get; set; } = "";

    public long Size { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>resource_url: served through the authorized file endpoint.</summary>
    public string Url => UrlOf(FileId);

    public static string UrlOf(Guid fileId) => $"/files/{fileId}";
}

internal sealed class ServiceImageConfiguration : IEntityTypeConfiguration<ServiceImage>
{
    public void Configure(EntityTypeBuilder<ServiceImage> builder)
    {
        builder.ToTable("ServiceImages");
        builder.Property(i => i.FileName).HasMaxLength(ServiceImage.FileNameMax);
        builder.Property(i => i.Format).HasMaxLength(16);
        builder.Property(i => i.CreatedBy).HasMaxLength(256);
        builder.Ignore(i => i.Url);
        builder.HasIndex(i => new { i.AccountId, i.Type, i.CreatedAt });
        builder.HasIndex(i => i.FileId).IsUnique();
    }
}

public static class ServiceImageSets
{
    extension(KooMessageDb db)
    {
        public DbSet<ServiceImage> ServiceImages => db.Set<ServiceImage>();
    }
}
