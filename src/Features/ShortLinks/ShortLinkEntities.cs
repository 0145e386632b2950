using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.ShortLinks;

public enum ShortLinkType
{
    /// <summary>群发: one link, many resolves (2–10,000,000).</summary>
    Group = 0,

    /// <summary>个性化: one link per customer, one resolve.</summary>
    Individual = 1,
}

public enum CodeGeneration
{
    /// <summary>标准: a random base62 code.</summary>
    Standard = 1,

    /// <summary>自定义: the customer's own code, 3–10 letters or digits.</summary>
    Custom = 2,
}

public enum DomainStatus
{
    Enabled = 0,
    Disabled = 1,
}

/// <summary>
/// 域名管理: a host name the platform administrator registered for short links, optionally with one or two path levels
/// (<c>km2g.cn/a1/b2</c>). The console's own host under <see cref="ShortLinkOptions.Prefix"/> is the default domain and has no row.
/// </summary>
public sealed class ShortDomain
{
    public const int HostMax = 100;
    public const int PathMax = 41;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Lower-case host name, e.g. <c>km2g.cn</c>.</summary>
    public string Host { get; set; } = "";

    /// <summary>Zero, one or two path levels without slashes at the ends: "", <c>a1</c> or <c>a1/b2</c>.</summary>
    public string Path { get; set; } = "";

    public DomainStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }

    /// <summary>What the links show: <c>km2g.cn/a1/b2</c>.</summary>
    public string Display => Path.Length == 0 ? Host : $"{Host}/{Path}";
}

/// <summary>A resolve task (解析任务): one template's approved version pinned at creation, its links' common limits.</summary>
public sealed class ResolveTask : ITenantOwned
{
    public const int NameMax = 30;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public string Name { get; set; } = "";

    public string TplId { get; set; } = "";

    public string TplName { get; set; } = "";

    /// <summary>The template's approved version when the task was created: the links open this version's page whatever is approved later.</summary>
    public Guid VersionId { get; set; }

    public ShortLinkType Type { get; set; }

    /// <summary>The platform domain, or null for the console's own host under the prefix.</summary>
    public Guid? DomainId { get; set; }

    public CodeGeneration Generation { get; set; } = CodeGeneration.Standard;

    public DateTime ExpiresAt { get; set; }

    public int MaxResolves { get; set; }

    /// <summary>The SMS signatures the links may be sent with, separated by new lines.</summary>
    public string Signatures { get; set; } = "";

    public string? CustomUrl { get; set; }

    public bool Enabled { get; set; } = true;

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>One short link (aim_code) of a task. The code is unique per domain and case-sensitive.</summary>
public sealed class ShortLink : ITenantOwned
{
    public const int CustFlagMax = 64;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid TaskId { get; set; }

    /// <summary>The domain's id as text, or <see cref="ShortLinkOptions.DefaultDomainKey"/>: one unique index covers both (SQLite treats NULLs as distinct).</summary>
    public string DomainKey { get; set; } = ShortLinkOptions.DefaultDomainKey;

    public string Code { get; set; } = "";

    public string CustFlag { get; set; } = "";

    /// <summary>The link's dynamic parameter values (name → value), JSON; they never travel in the URL.</summary>
    public string Values { get; set; } = "{}";

    /// <summary>For an individual link whose customer flag is a mobile: the SHA1 of country code + number, to learn capability from visits.</summary>
    public string? NumberHash { get; set; }

    public int MaxResolves { get; set; }

    public int Resolved { get; set; }

    public DateTime? FirstResolvedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// A link's count as the event writer stored it with a batch of resolves, not yet written to its <see cref="ShortLink"/>
/// (see <see cref="ResolveCounters"/>): appended rows, folded into the links and removed while the console runs, and at
/// its start after a crash.
/// </summary>
public sealed class ResolveCountEntry
{
    public long Id { get; set; }

    public Guid LinkId { get; set; }

    public int Resolved { get; set; }

    public DateTime? FirstResolvedAt { get; set; }
}

internal sealed class ShortLinkConfiguration : IEntityTypeConfiguration<ShortDomain>, IEntityTypeConfiguration<ResolveTask>, IEntityTypeConfiguration<ShortLink>,
    IEntityTypeConfiguration<ResolveCountEntry>
{
    public void Configure(EntityTypeBuilder<ShortDomain> builder)
    {
        builder.ToTable("ShortDomains");
        builder.Ignore(d => d.Display);
        builder.Property(d => d.Host).HasMaxLength(ShortDomain.HostMax).UseCollation("NOCASE");
        builder.Property(d => d.Path).HasMaxLength(ShortDomain.PathMax).UseCollation("BINARY");
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasIndex(d => new { d.Host, d.Path }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ResolveTask> builder)
    {
        builder.ToTable("ResolveTasks");
        builder.Property(t => t.Name).HasMaxLength(ResolveTask.NameMax);
        builder.Property(t => t.TplId).HasMaxLength(9);
        builder.Property(t => t.TplName).HasMaxLength(64);
        builder.Property(t => t.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Generation).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Signatures).HasMaxLength(100);
        builder.Property(t => t.CustomUrl).HasMaxLength(ResolveTaskRules.CustomUrlMax);
        builder.Property(t => t.CreatedBy).HasMaxLength(256);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.AccountId, t.CreatedAt });
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ShortDomain>().WithMany().HasForeignKey(t => t.DomainId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ShortLink> builder)
    {
        builder.ToTable("ShortLinks");
        builder.Property(l => l.DomainKey).HasMaxLength(36);

        // Codes are case-sensitive: aBc and abc are two links. BINARY is SQLite's default; said here so no one changes it.
        builder.Property(l => l.Code).HasMaxLength(ResolveTaskRules.CustomCodeMax).UseCollation("BINARY");
        builder.Property(l => l.CustFlag).HasMaxLength(ShortLink.CustFlagMax);
        builder.Property(l => l.NumberHash).HasMaxLength(40);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasIndex(l => new { l.DomainKey, l.Code }).IsUnique();
        builder.HasIndex(l => new { l.AccountId, l.TaskId });
        builder.HasOne<ResolveTask>().WithMany().HasForeignKey(l => l.TaskId).OnDelete(DeleteBehavior.Cascade);
    }

    /// <summary>
    /// No index, no foreign key and no AUTOINCREMENT (its sequence table would be written with every batch; SQLite gives
    /// the rowid): rows are only appended and read all at once (a deleted link's rows match nothing).
    /// </summary>
    public void Configure(EntityTypeBuilder<ResolveCountEntry> builder)
    {
        builder.ToTable(ResolveCounters.JournalTable);
        builder.Property(e => e.Id).ValueGeneratedNever();
    }
}

public static class ShortLinkSets
{
    extension(KooMessageDb db)
    {
        public DbSet<ShortDomain> ShortDomains => db.Set<ShortDomain>();

        public DbSet<ResolveTask> ResolveTasks => db.Set<ResolveTask>();

        public DbSet<ShortLink> ShortLinks => db.Set<ShortLink>();
    }
}
