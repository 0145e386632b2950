using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>A quick app (快应用) on the homepage (OAS UpdatePortalInfo fastapps).</summary>
public sealed record QuickApp(string Name, string Description, string Deeplink, string EngineVersion, Guid LogoImageId);

/// <summary>A hotline (热线) on the homepage: the number and what it is for.</summary>
public sealed record Hotline(string Tel, string Usage);

/// <summary>What a homepage shows: background, summary, quick apps and hotlines.</summary>
public sealed record HomepageContent(Guid BackgroundImageId, string Summary, IReadOnlyList<QuickApp> QuickApps, IReadOnlyList<Hotline> Hotlines);

/// <summary>
/// 主页 (portal) of a service number, reviewed on its own. <see cref="Content"/> is what was last submitted;
/// <see cref="LiveContent"/> what handsets show (null until the first approval): a change in review leaves the live
/// homepage in place, and approving it copies the content over.
/// </summary>
public sealed class ServiceHomepage : ITenantOwned
{
    public const int SummaryMax = 75;
    public const int ChangeReasonMin = 5;
    public const int ChangeReasonMax = 50;
    public const int QuickAppsMax = 10;
    public const int HotlinesMax = 5;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid ServiceNumberId { get; set; }

    public HomepageContent Content { get; set; } = new(Guid.Empty, "", [], []);

    public HomepageContent? LiveContent { get; set; }

    /// <summary>1 未生效 / 2 已生效 (已冻结 is the service number's, shown from it).</summary>
    public ServiceNumberState State { get; set; } = ServiceNumberState.Inactive;

    public ApproveState ApproveState { get; set; } = ApproveState.Reviewing;

    /// <summary>The modification reason (5–50) of the change in review.</summary>
    public string? ChangeReason { get; set; }

    public string? ReviewDesc { get; set; }

    public int Version { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime SubmittedAt { get; set; }

    public DateTime? OnlineAt { get; set; }

    public DateTime? UrgedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class ServiceHomepageConfiguration : IEntityTypeConfiguration<ServiceHomepage>
{
    public void Configure(EntityTypeBuilder<ServiceHomepage> builder)
    {
        builder.ToTable("ServiceHomepages");
        builder.Property(h => h.Content).HasJsonConversion();
        builder.Property(h => h.LiveContent).HasJsonConversion();
        builder.Property(h => h.ChangeReason).HasMaxLength(ServiceHomepage.ChangeReasonMax);
        builder.Property(h => h.ReviewDesc).HasMaxLength(ServiceNumber.ReviewDescMax);
        builder.Property(h => h.SubmittedBy).HasMaxLength(64);
        builder.Property(h => h.Version).IsConcurrencyToken();
        builder.HasIndex(h => h.ServiceNumberId).IsUnique();
        builder.HasOne<ServiceNumber>().WithMany().HasForeignKey(h => h.ServiceNumberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class ServiceHomepageSets
{
    extension(KooMessageDb db)
    {
        public DbSet<ServiceHomepage> ServiceHomepages => db.Set<ServiceHomepage>();
    }
}
