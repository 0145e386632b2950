using KooMessage.Console.Common.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Accounts;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("Accounts");
        builder.Property(a => a.Name).HasMaxLength(Account.NameMaxLength).UseCollation("NOCASE");
        builder.HasIndex(a => a.Name).IsUnique();
        builder.Property(a => a.TimeZone).HasMaxLength(64);

        // Files live in Common, which knows no feature: the account side declares that each file belongs to one.
        builder.HasMany<StoredFile>().WithOne().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
