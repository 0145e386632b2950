using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.SmsApps;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Signatures;

internal sealed class SignatureConfiguration : IEntityTypeConfiguration<Signature>
{
    public void Configure(EntityTypeBuilder<Signature> builder)
    {
        builder.ToTable("Signatures");
        builder.Property(s => s.Name).HasMaxLength(Signature.NameMax);
        builder.Property(s => s.SourceTitleContent).HasMaxLength(Signature.SourceTitleMax);
        builder.Property(s => s.ApplyDesc).HasMaxLength(Signature.ApplyDescMax);
        builder.Property(s => s.ReviewDesc).HasMaxLength(Signature.ReviewDescMax);
        builder.Property(s => s.ChannelNumber).HasMaxLength(Signature.ChannelNumberMax);
        builder.Property(s => s.SubmittedBy).HasMaxLength(64);
        builder.HasIndex(s => new { s.AccountId, s.Name, s.Type }).IsUnique();
        builder.HasIndex(s => s.Status);
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SmsApp>().WithMany().HasForeignKey(s => s.AppId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Files).WithOne().HasForeignKey(f => f.SignatureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignatureFileConfiguration : IEntityTypeConfiguration<SignatureFile>
{
    public void Configure(EntityTypeBuilder<SignatureFile> builder) => builder.ToTable("SignatureFiles");
}
