using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Enterprises;

internal sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> builder)
    {
        builder.ToTable("Enterprises");
        builder.Property(e => e.Name).HasMaxLength(EnterpriseRules.NameMax);
        builder.Property(e => e.CreditCode).HasMaxLength(CreditCode.UsccLength);
        builder.Property(e => e.ContactName).HasMaxLength(EnterpriseRules.ContactMax);
        builder.Property(e => e.ContactPhone).HasMaxLength(EnterpriseRules.PhoneMax);
        builder.Property(e => e.ContactEmail).HasMaxLength(EnterpriseRules.EmailMax);
        builder.Property(e => e.EnterpriseType).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.Industry).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.ReviewReason).HasMaxLength(500);
        builder.Property(e => e.ReviewedBy).HasMaxLength(256);
        builder.Property(e => e.SubmittedBy).HasMaxLength(64);
        // A code is filed once per account; drafts without a code yet (empty) do not collide.
        builder.HasIndex(e => new { e.AccountId, e.CreditCode }).IsUnique().HasFilter("\"CreditCode\" <> ''");
        builder.HasIndex(e => e.Status);
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Materials).WithOne().HasForeignKey(m => m.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EnterpriseMaterialConfiguration : IEntityTypeConfiguration<EnterpriseMaterial>
{
    public void Configure(EntityTypeBuilder<EnterpriseMaterial> builder)
    {
        builder.ToTable("EnterpriseMaterials");
        builder.HasIndex(m => new { m.EnterpriseId, m.Kind }).IsUnique();
    }
}
