using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Signatures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.SmsTemplates;

internal sealed class SmsTemplateConfiguration : IEntityTypeConfiguration<SmsTemplate>
{
    public void Configure(EntityTypeBuilder<SmsTemplate> builder)
    {
        builder.ToTable("SmsTemplates");
        builder.Property(t => t.Name).HasMaxLength(SmsTemplate.NameMax);
        builder.Property(t => t.Content).HasMaxLength(SmsTemplate.ContentMax);
        builder.Property(t => t.Description).HasMaxLength(SmsTemplate.DescMax);
        builder.Property(t => t.ReviewDesc).HasMaxLength(SmsTemplate.ReviewDescMax);
        builder.Property(t => t.SubmittedBy).HasMaxLength(64);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.OwnsMany(t => t.Variables, v =>
        {
            v.ToJson();
            v.Property(x => x.Type).HasConversion<string>();
        });
        builder.HasIndex(t => new { t.AccountId, t.Name }).IsUnique();
        builder.HasIndex(t => t.Status);
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);

        // Deleting a signature deletes its SMS templates (OAS DeleteAimMsgSignature).
        builder.HasOne<Signature>().WithMany().HasForeignKey(t => t.SignatureId).OnDelete(DeleteBehavior.Cascade);
    }
}
