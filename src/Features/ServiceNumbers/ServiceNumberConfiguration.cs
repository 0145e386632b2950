using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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
        builder.Property(s => s.AuthorizationImageIds).HasJsonConversion();
        builder.Property(s => s.Signatures).HasJsonConversion();
        builder.Property(s => s.PendingProfile).HasJsonConversion();
        builder.Ignore(s => s.LiveProfile);
        builder.Ignore(s => s.LatestProfile);

        // A name is one account's (the service checks other accounts); within it a repeat needs another remark.
        builder.HasIndex(s => new { s.Name, s.Remark }).IsUnique();
        builder.HasIndex(s => new { s.AccountId, s.State });
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A value kept as one JSON text column (lists of a service number or homepage), compared by its JSON.</summary>
internal static class JsonColumns
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.General);

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
    {
        property.HasConversion(
            v => System.Text.Json.JsonSerializer.Serialize(v, Options),
            v => System.Text.Json.JsonSerializer.Deserialize<T>(v, Options)!,
            new ValueComparer<T>(
                (a, b) => System.Text.Json.JsonSerializer.Serialize(a, Options) == System.Text.Json.JsonSerializer.Serialize(b, Options),
                v => System.Text.Json.JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                v => System.Text.Json.JsonSerializer.Deserialize<T>(System.Text.Json.JsonSerializer.Serialize(v, Options), Options)!));
        return property;
    }
}
