using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.ServiceNumbers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.ChannelNumbers;

internal sealed class ChannelNumberConfiguration : IEntityTypeConfiguration<ChannelNumber>
{
    public void Configure(EntityTypeBuilder<ChannelNumber> builder)
    {
        builder.ToTable("ChannelNumbers");
        builder.Property(c => c.Number).HasMaxLength(ChannelNumber.NumberMax);
        builder.Property(c => c.Signatures).HasMaxLength((ChannelNumber.SignatureMax + 1) * ChannelNumber.SignaturesMax);
        builder.Property(c => c.ReviewDesc).HasMaxLength(ChannelNumber.ReviewDescMax);
        builder.Property(c => c.SubmittedBy).HasMaxLength(64);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.SignatureList);
        builder.HasIndex(c => new { c.AccountId, c.Number }).IsUnique();
        builder.HasIndex(c => c.ApproveState);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Proofs).WithOne().HasForeignKey(f => f.ChannelNumberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChannelNumberFileConfiguration : IEntityTypeConfiguration<ChannelNumberFile>
{
    public void Configure(EntityTypeBuilder<ChannelNumberFile> builder) => builder.ToTable("ChannelNumberFiles");
}

internal sealed class ChannelBindingConfiguration : IEntityTypeConfiguration<ChannelBinding>
{
    public void Configure(EntityTypeBuilder<ChannelBinding> builder)
    {
        builder.ToTable("ChannelBindings");
        builder.Property(b => b.Region).HasMaxLength(ChannelBinding.RegionMax);
        builder.Property(b => b.Signatures).HasMaxLength((ChannelNumber.SignatureMax + 1) * ChannelNumber.SignaturesMax);
        builder.Property(b => b.MerchantName).HasMaxLength(ChannelBinding.MerchantMax);
        builder.Property(b => b.CreatedBy).HasMaxLength(256);
        builder.Ignore(b => b.SignatureList);
        builder.HasIndex(b => new { b.AccountId, b.ChannelNumberId });

        // A bound port cannot be deleted (the service refuses first; the key refuses a write that skipped it). A service
        // number that goes takes its bindings with it.
        builder.HasOne<ChannelNumber>().WithMany().HasForeignKey(b => b.ChannelNumberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ServiceNumber>().WithMany().HasForeignKey(b => b.ServiceNumberId).OnDelete(DeleteBehavior.Cascade);
    }
}
