using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Templates;

/// <summary>audit_state of a template, as ListAimTemplates reports it.</summary>
public enum TemplateAuditState
{
    NotSubmitted = 0,
    InReview = 1,
    Approved = 2,
    Failed = 3,
}

public enum TemplateVersionState
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>A vendor's state for one submitted version, as KooMessage's status callback numbers it.</summary>
public enum VendorActivationState
{
    /// <summary>0 禁用: the vendor's reviewer rejected the version.</summary>
    Rejected = 0,

    /// <summary>1 启用: activated, the vendor renders the card.</summary>
    Activated = 1,

    /// <summary>2 未启用: waiting for the vendor's review.</summary>
    Pending = 2,
}

/// <summary>
/// One of the account's smart-message templates (我的模板). Its content lives in versions: <see cref="DraftVersionId"/>
/// is the one being edited, in review or last rejected; <see cref="ApprovedVersionId"/> the one links and sends use,
/// which stays usable while a newer version is edited or reviewed.
/// </summary>
public sealed class AimTemplate : ITenantOwned
{
    public const int TplIdLength = 9;
    public const int NameMax = 17;
    public const int AuditDescMax = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    /// <summary>tpl_id: nine digits, unique across the platform (public templates included).</summary>
    public string TplId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Normalized name for search (SQLite's LIKE ignores only ASCII case).</summary>
    public string SearchName { get; set; } = "";

    /// <summary>card_id: the layout.</summary>
    public string CardId { get; set; } = "";

    /// <summary>Target vendors as <c>,HUAWEI,OPPO,</c>, so a vendor filter is one LIKE on the row.</summary>
    public string Vendors { get; set; } = ",";

    public TemplateUse Use { get; set; } = TemplateUse.Commercial;

    /// <summary>tpl_state: 1 启用 / 0 禁用.</summary>
    public bool Enabled { get; set; } = true;

    public TemplateAuditState AuditState { get; set; }

    /// <summary>audit_desc: why the last review failed, vendor by vendor.</summary>
    public string? AuditDesc { get; set; }

    public Guid? DraftVersionId { get; set; }

    public Guid? ApprovedVersionId { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Raised by every write, in the same statement: what the user saw decides whether their write applies.</summary>
    public int Version { get; set; }

    public static string VendorList(IEnumerable<Vendor> vendors) => "," + string.Concat(vendors.Distinct().Order().Select(v => VendorNames.Wire(v) + ","));

    public static IReadOnlyList<Vendor> ParseVendors(string vendors) =>
        [.. vendors.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(VendorNames.Parse).OfType<Vendor>()];
}

/// <summary>One version of a template: the whole document in KooMessage's body shape. Once submitted it never changes.</summary>
public sealed class AimTemplateVersion : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid TemplateId { get; set; }

    /// <summary>1, 2, … within the template.</summary>
    public int Number { get; set; }

    public string Document { get; set; } = "";

    public TemplateVersionState State { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? SubmittedAt { get; set; }

    /// <summary>The submitting user's id, whom the decisions notify.</summary>
    public string? SubmittedBy { get; set; }

    /// <summary>The unguessable part of the version's public H5 page address (/h5/{token}); see <see cref="H5.H5Token"/>.</summary>
    public string PublicToken { get; set; } = H5.H5Token.New();
}

/// <summary>
/// A vendor's review of one submitted version (factory_info): the review queue's item, one ticket each on the vendor's desk.
/// </summary>
public sealed class AimTemplateVendor : ITenantOwned
{
    public const int ReasonMax = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid TemplateId { get; set; }

    public Guid VersionId { get; set; }

    public Vendor Vendor { get; set; }

    public VendorActivationState State { get; set; } = VendorActivationState.Pending;

    public string? Reason { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }
}

/// <summary>
/// 公共模板: a starter the platform provides to every account, read-only to tenants (they copy it into 我的模板). It has
/// no account, so it is not tenant-owned and no tenant service writes it; the rows come with the migrations.
/// </summary>
public sealed class AimPublicTemplate
{
    public string TplId { get; set; } = "";

    public string Name { get; set; } = "";

    public string SearchName { get; set; } = "";

    public string CardId { get; set; } = "";

    public string Vendors { get; set; } = ",";

    public TemplateUse Use { get; set; } = TemplateUse.Commercial;

    public string Document { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>Vendors as KooMessage names them (factory_type) and as the review desks are keyed.</summary>
public static class VendorNames
{
    public static string Wire(Vendor vendor) => vendor.ToString().ToUpperInvariant();

    public static Vendor? Parse(string? name) =>
        Enum.GetValues<Vendor>().Cast<Vendor?>().FirstOrDefault(v => string.Equals(Wire(v!.Value), name, StringComparison.OrdinalIgnoreCase));
}

internal sealed class AimTemplateConfiguration : IEntityTypeConfiguration<AimTemplate>, IEntityTypeConfiguration<AimTemplateVersion>,
    IEntityTypeConfiguration<AimTemplateVendor>, IEntityTypeConfiguration<AimPublicTemplate>
{
    public void Configure(EntityTypeBuilder<AimTemplate> builder)
    {
        builder.ToTable("AimTemplates");
        builder.Property(t => t.TplId).HasMaxLength(AimTemplate.TplIdLength);
        builder.HasIndex(t => t.TplId).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.SearchName).HasMaxLength(100);
        builder.Property(t => t.CardId).HasMaxLength(64);
        builder.Property(t => t.Vendors).HasMaxLength(64);
        builder.Property(t => t.AuditDesc).HasMaxLength(AimTemplate.AuditDescMax);
        builder.Property(t => t.CreatedBy).HasMaxLength(256);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.AccountId, t.UpdatedAt });
    }

    public void Configure(EntityTypeBuilder<AimTemplateVersion> builder)
    {
        builder.ToTable("AimTemplateVersions");
        builder.HasOne<AimTemplate>().WithMany().HasForeignKey(v => v.TemplateId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.TemplateId, v.Number }).IsUnique();
        builder.Property(v => v.CreatedBy).HasMaxLength(256);
        builder.Property(v => v.SubmittedBy).HasMaxLength(256);
        builder.Property(v => v.PublicToken).HasMaxLength(H5.H5Token.Length);
        builder.HasIndex(v => v.PublicToken).IsUnique();
    }

    public void Configure(EntityTypeBuilder<AimTemplateVendor> builder)
    {
        builder.ToTable("AimTemplateVendors");
        builder.HasOne<AimTemplate>().WithMany().HasForeignKey(v => v.TemplateId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AimTemplateVersion>().WithMany().HasForeignKey(v => v.VersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.VersionId, v.Vendor }).IsUnique();
        builder.Property(v => v.Vendor).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Reason).HasMaxLength(AimTemplateVendor.ReasonMax);
        builder.Property(v => v.DecidedBy).HasMaxLength(256);
    }

    public void Configure(EntityTypeBuilder<AimPublicTemplate> builder)
    {
        builder.ToTable("AimPublicTemplates");
        builder.HasKey(t => t.TplId);
        builder.Property(t => t.TplId).HasMaxLength(AimTemplate.TplIdLength);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.SearchName).HasMaxLength(100);
        builder.Property(t => t.CardId).HasMaxLength(64);
        builder.Property(t => t.Vendors).HasMaxLength(64);
        builder.HasData(TemplateStarters.Rows);
    }
}

public static class TemplateSets
{
    extension(KooMessageDb db)
    {
        public DbSet<AimTemplate> AimTemplates => db.Set<AimTemplate>();

        public DbSet<AimTemplateVersion> AimTemplateVersions => db.Set<AimTemplateVersion>();

        public DbSet<AimTemplateVendor> AimTemplateVendors => db.Set<AimTemplateVendor>();

        public DbSet<AimPublicTemplate> AimPublicTemplates => db.Set<AimPublicTemplate>();
    }
}
