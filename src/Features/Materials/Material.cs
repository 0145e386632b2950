using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Materials;

public enum MaterialKind
{
    Image,
    Video,
}

/// <summary>The picture ratios KooMessage's templates use (UploadAimTemplateMaterial's image_rate).</summary>
public enum ImageRatio
{
    OneToOne,
    SixteenToNine,
    ThreeToOne,
    FortyEightToSixtyFive,
    TwentyOneToNine,
    ThreeToFour,
}

/// <summary>
/// A picture or a video of the account's 素材库, for templates to use. Its pixel size and ratio are read from the file,
/// never taken from the request; a video carries a cover picture.
/// </summary>
public sealed class Material : ITenantOwned
{
    public const int NameMax = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public MaterialKind Kind { get; set; }

    public string Name { get; set; } = "";

    public Guid FileId { get; set; }

    public long Size { get; set; }

    /// <summary>The picture's (or, for a video, its cover's) pixels.</summary>
    public int Width { get; set; }

    public int Height { get; set; }

    public ImageRatio? Ratio { get; set; }

    public Guid? CoverFileId { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

internal sealed class MaterialConfiguration : IEntityTypeConfiguration<Material>
{
    public void Configure(EntityTypeBuilder<Material> builder)
    {
        builder.ToTable("Materials");
        builder.Property(m => m.Name).HasMaxLength(Material.NameMax);
        builder.Property(m => m.CreatedBy).HasMaxLength(256);
        builder.HasIndex(m => new { m.AccountId, m.Kind, m.CreatedAt });
        builder.HasIndex(m => m.FileId);
        builder.HasIndex(m => m.CoverFileId);
    }
}

public static class MaterialSets
{
    extension(KooMessageDb db)
    {
        public DbSet<Material> Materials => db.Set<Material>();
    }
}
