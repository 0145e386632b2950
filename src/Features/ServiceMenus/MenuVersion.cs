using System.Text.Json;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.ServiceNumbers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>
/// One version of a service number's menu. The live (approved) version stays in force until another is approved; a
/// service number has at most one version in the works (draft, in review or rejected), which starts as a copy of the
/// live one. What the reference calls approve_state is <see cref="State"/> here, with the draft and retired steps added.
/// </summary>
public sealed class MenuVersion : ITenantOwned
{
    public const int ReviewDescMax = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid ServiceNumberId { get; set; }

    /// <summary>1, 2, … per service number, in the order the versions were started.</summary>
    public int Number { get; set; }

    public MenuVersionState State { get; set; } = MenuVersionState.Draft;

    /// <summary>The menu as JSON (<see cref="MenuDraft"/>).</summary>
    public string MenuJson { get; set; } = "{}";

    /// <summary>change_reason (1–1000), required for a submission while a version is live.</summary>
    public string? ChangeReason { get; set; }

    public string? ReviewDesc { get; set; }

    /// <summary>Raised by every write; a write names the version it was decided on and is refused when another came first.</summary>
    public int Version { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime? SubmittedAt { get; set; }

    /// <summary>催审: when the submitter last urged the review.</summary>
    public DateTime? UrgedAt { get; set; }

    /// <summary>When it went live (online_time).</summary>
    public DateTime? OnlineAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public MenuDraft Menu() => JsonSerializer.Deserialize<MenuDraft>(MenuJson, Json) ?? new MenuDraft();

    public static string Serialize(MenuDraft menu) => JsonSerializer.Serialize(menu, Json);

    /// <summary>The states a service number has at most one version in.</summary>
    public static readonly MenuVersionState[] Working = [MenuVersionState.Draft, MenuVersionState.Reviewing, MenuVersionState.Rejected];
}

/// <summary>A menu version's step: 草稿 → 审核中 → 已生效 (the one live) → 已失效 (replaced), or 审核中 → 驳回 (editable again).</summary>
public enum MenuVersionState
{
    Draft = 0,
    Reviewing = 1,
    Live = 2,
    Rejected = 3,
    Retired = 4,
}

internal sealed class MenuVersionConfiguration : IEntityTypeConfiguration<MenuVersion>
{
    public void Configure(EntityTypeBuilder<MenuVersion> builder)
    {
        builder.ToTable("MenuVersions");
        builder.Property(v => v.ChangeReason).HasMaxLength(MenuRules.ChangeReasonMax);
        builder.Property(v => v.ReviewDesc).HasMaxLength(MenuVersion.ReviewDescMax);
        builder.Property(v => v.SubmittedBy).HasMaxLength(64);
        builder.Property(v => v.Version).IsConcurrencyToken();
        builder.HasIndex(v => new { v.ServiceNumberId, v.Number }).IsUnique();

        // One version in the works and one live per service number: two tabs starting a draft at once, or two approvals, conflict here.
        builder.HasIndex(v => v.ServiceNumberId, "IX_MenuVersions_Working").IsUnique().HasFilter($"\"State\" IN ({(int)MenuVersionState.Draft}, {(int)MenuVersionState.Reviewing}, {(int)MenuVersionState.Rejected})");
        builder.HasIndex(v => v.ServiceNumberId, "IX_MenuVersions_Live").IsUnique().HasFilter($"\"State\" = {(int)MenuVersionState.Live}");
        builder.HasIndex(v => new { v.AccountId, v.State });
        builder.HasOne<Account>().WithMany().HasForeignKey(v => v.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ServiceNumber>().WithMany().HasForeignKey(v => v.ServiceNumberId).OnDelete(DeleteBehavior.Cascade);
    }
}
