using KooMessage.Console.Common.Files;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Data;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(Account.NameMaxLength).UseCollation("NOCASE");
        builder.HasIndex(a => a.Name).IsUnique();
        builder.Property(a => a.TimeZone).HasMaxLength(64);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.HasIndex(u => u.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(e => e.UserName).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.ObjectType).HasMaxLength(64);
        builder.Property(e => e.ObjectId).HasMaxLength(64);
        builder.Property(e => e.ObjectName).HasMaxLength(256);
        builder.HasIndex(e => new { e.AccountId, e.Id });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.TextKey).HasMaxLength(100);
        builder.Property(n => n.TextArgs).HasMaxLength(1000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
    }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder)
    {
        builder.Property(f => f.FileName).HasMaxLength(StoredFile.FileNameMax);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.StoragePath).HasMaxLength(200);
        builder.Property(f => f.UploadedBy).HasMaxLength(256);
        builder.HasIndex(f => f.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SensitiveWordConfiguration : IEntityTypeConfiguration<SensitiveWord>
{
    public void Configure(EntityTypeBuilder<SensitiveWord> builder)
    {
        builder.Property(w => w.Word).HasMaxLength(SensitiveWord.MaxLength);
        builder.HasIndex(w => w.Word).IsUnique();
        builder.HasData(SensitiveWord.Defaults.Select((word, i) => new SensitiveWord { Id = i + 1, Word = word }));
    }
}

internal sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(EnterpriseRules.NameMax);
        builder.Property(e => e.CreditCode).HasMaxLength(CreditCode.UsccLength);
        builder.Property(e => e.ContactName).HasMaxLength(EnterpriseRules.ContactMax);
        builder.Property(e => e.ContactPhone).HasMaxLength(EnterpriseRules.PhoneMax);
        builder.Property(e => e.ContactEmail).HasMaxLength(EnterpriseRules.EmailMax);
        builder.Property(e => e.EnterpriseType).HasMaxLength(40);
        builder.Property(e => e.Industry).HasMaxLength(40);
        builder.Property(e => e.ReviewReason).HasMaxLength(500);
        builder.Property(e => e.ReviewedBy).HasMaxLength(256);
        builder.Property(e => e.SubmittedBy).HasMaxLength(64);
        builder.HasIndex(e => new { e.AccountId, e.CreditCode }).IsUnique();
        builder.HasIndex(e => e.Status);
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Materials).WithOne().HasForeignKey(m => m.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EnterpriseMaterialConfiguration : IEntityTypeConfiguration<EnterpriseMaterial>
{
    public void Configure(EntityTypeBuilder<EnterpriseMaterial> builder) =>
        builder.HasIndex(m => new { m.EnterpriseId, m.Kind }).IsUnique();
}

internal sealed class SmsAppConfiguration : IEntityTypeConfiguration<SmsApp>
{
    public void Configure(EntityTypeBuilder<SmsApp> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(SmsApp.NameMax);
        builder.Property(a => a.UpLinkAddress).HasMaxLength(SmsApp.UpLinkMax);
        builder.Property(a => a.StatusReason).HasMaxLength(500);
        builder.Property(a => a.SubmittedBy).HasMaxLength(64);
        builder.HasIndex(a => new { a.AccountId, a.Name }).IsUnique();
        builder.HasIndex(a => a.Status);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SignatureConfiguration : IEntityTypeConfiguration<Signature>
{
    public void Configure(EntityTypeBuilder<Signature> builder)
    {
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
