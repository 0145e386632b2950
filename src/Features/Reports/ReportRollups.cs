using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Reports;

/// <summary>
/// One account's day (in the account's time zone) of its card SMS (智能信息报表, OAS ListAimSendReports). Kept by the
/// rollup job from the event store; report pages read rollups, never raw events.
/// </summary>
public sealed class AccountDayRollup : ITenantOwned
{
    public Guid AccountId { get; set; }

    public DateOnly Day { get; set; }

    /// <summary>submission: numbers submitted in send tasks.</summary>
    public long Submissions { get; set; }

    /// <summary>send: messages handed to the gateway.</summary>
    public long Sends { get; set; }

    /// <summary>send_success: messages the carrier reported delivered.</summary>
    public long SendSuccess { get; set; }

    /// <summary>support_resolve: numbers whose phones could render the card.</summary>
    public long SupportResolve { get; set; }

    /// <summary>resolve_success: successful resolves.</summary>
    public long ResolveSuccess { get; set; }
}

/// <summary>
/// One day × template × vendor (模板报表 and the funnel, OAS ListAimTemplateReports). <see cref="Vendor"/> is empty
/// where the event did not say. UVs are distinct visitors within the day.
/// </summary>
public sealed class TemplateDayRollup : ITenantOwned
{
    public const int TemplateIdMax = 64;
    public const int VendorMax = 16;

    public Guid AccountId { get; set; }

    public DateOnly Day { get; set; }

    public string TemplateId { get; set; } = "";

    public string Vendor { get; set; } = "";

    public long Sends { get; set; }

    public long Resolves { get; set; }

    public long ExposurePv { get; set; }

    public long ExposureUv { get; set; }

    public long ClickPv { get; set; }

    public long ClickUv { get; set; }
}

/// <summary>One day × service number × menu item (服务号点击数据报表): billed clicks apart from free ones.</summary>
public sealed class MenuDayRollup : ITenantOwned
{
    public const int SubjectMax = 64;

    public Guid AccountId { get; set; }

    public DateOnly Day { get; set; }

    public string ServiceNumber { get; set; } = "";

    public string MenuItem { get; set; } = "";

    public long BilledPv { get; set; }

    public long FreePv { get; set; }

    public long Uv { get; set; }
}

internal sealed class ReportRollupConfiguration :
    IEntityTypeConfiguration<AccountDayRollup>, IEntityTypeConfiguration<TemplateDayRollup>, IEntityTypeConfiguration<MenuDayRollup>
{
    public void Configure(EntityTypeBuilder<AccountDayRollup> builder)
    {
        builder.ToTable("AccountDayRollups");
        builder.HasKey(r => new { r.AccountId, r.Day });
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<TemplateDayRollup> builder)
    {
        builder.ToTable("TemplateDayRollups");
        builder.HasKey(r => new { r.AccountId, r.Day, r.TemplateId, r.Vendor });
        builder.Property(r => r.TemplateId).HasMaxLength(TemplateDayRollup.TemplateIdMax);
        builder.Property(r => r.Vendor).HasMaxLength(TemplateDayRollup.VendorMax);
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<MenuDayRollup> builder)
    {
        builder.ToTable("MenuDayRollups");
        builder.HasKey(r => new { r.AccountId, r.Day, r.ServiceNumber, r.MenuItem });
        builder.Property(r => r.ServiceNumber).HasMaxLength(MenuDayRollup.SubjectMax);
        builder.Property(r => r.MenuItem).HasMaxLength(MenuDayRollup.SubjectMax);
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class ReportRollupSets
{
    extension(KooMessageDb db)
    {
        public DbSet<AccountDayRollup> AccountDayRollups => db.Set<AccountDayRollup>();

        public DbSet<TemplateDayRollup> TemplateDayRollups => db.Set<TemplateDayRollup>();

        public DbSet<MenuDayRollup> MenuDayRollups => db.Set<MenuDayRollup>();
    }
}
