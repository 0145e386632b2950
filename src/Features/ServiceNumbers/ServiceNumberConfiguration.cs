using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.ServiceNumbers;

internal sealed class ServiceNumberConfiguration : IEntityTypeConfiguration<ServiceNumber>
{
    public void Configure(EntityTypeBuilder<ServiceNumber> builder)
    {
        builder.ToTable("ServiceNumbers");
        builder.Property(s => s.Name).HasMaxLength(ServiceNumber.NameMax);
        builder.Property(s => s.Remark).HasMaxLength(ServiceNumber.RemarkMax);
        builder.Property(s => s.Abstract).HasMaxLength(ServiceNumber.AbstractMax);
        builder.Property(s => s.ChangeReason).HasMaxLength(ServiceNumber.ChangeReasonMax);
        builder.Property(s => s.ReviewDesc).HasMaxLength(ServiceNumber.ReviewDescMax);
        builder.Property(s => s.SubmittedBy).HasMaxLength(64);
        builder.Property(s => s.Version).IsConcurrencyToken();

        // A name is one account's (the service checks other accounts); within it a repeat needs another remark.
        builder.HasIndex(s => new { s.Name, s.Remark }).IsUnique();
        builder.HasIndex(s => new { s.AccountId, s.State });
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
