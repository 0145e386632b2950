using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.SmsApps;

internal sealed class SmsAppConfiguration : IEntityTypeConfiguration<SmsApp>
{
    public void Configure(EntityTypeBuilder<SmsApp> builder)
    {
        builder.ToTable("SmsApps");
        builder.Property(a => a.Name).HasMaxLength(SmsApp.NameMax);
        builder.Property(a => a.UpLinkAddress).HasMaxLength(SmsApp.UpLinkMax);
        builder.Property(a => a.StatusReason).HasMaxLength(500);
        builder.Property(a => a.SubmittedBy).HasMaxLength(64);
        builder.HasIndex(a => new { a.AccountId, a.Name }).IsUnique();
        builder.HasIndex(a => a.Status);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
