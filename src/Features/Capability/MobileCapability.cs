using KooMessage.Console.Data;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Capability;

/// <summary>Where the platform learned a number's capability.</summary>
public enum CapabilitySource
{
    /// <summary>No row: the platform knows nothing of this number for the vendor.</summary>
    Unknown = 0,

    /// <summary>The platform administrator imported it.</summary>
    Imported = 1,

    /// <summary>A visit of a short link from the vendor's SMS app showed it.</summary>
    Learned = 2,
}

/// <summary>
/// What the platform knows of one number at one vendor. The number is only a keyed hash: HMAC-SHA256, with the
/// platform's secret (<see cref="CapabilityKeys"/>), of SHA1(country code + number) as lower-case hex. A bare SHA1 of
/// a phone number is reversed by trying every number in minutes; the keyed hash is not without the secret.
/// </summary>
public sealed class MobileCapability
{
    public const int KeyLength = 32;

    public long Id { get; set; }

    public byte[] NumberKey { get; set; } = [];

    public Vendor Vendor { get; set; }

    public bool Capable { get; set; }

    public CapabilitySource Source { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>The platform's secret for <see cref="MobileCapability.NumberKey"/>, generated once, stored encrypted by data protection.</summary>
public sealed class CapabilitySecret
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public string ProtectedKey { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

internal sealed class MobileCapabilityConfiguration : IEntityTypeConfiguration<MobileCapability>, IEntityTypeConfiguration<CapabilitySecret>
{
    public void Configure(EntityTypeBuilder<MobileCapability> builder)
    {
        builder.ToTable("MobileCapabilities");
        builder.Property(c => c.NumberKey).HasMaxLength(MobileCapability.KeyLength);
        builder.Property(c => c.Vendor).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(c => new { c.NumberKey, c.Vendor }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<CapabilitySecret> builder)
    {
        builder.ToTable("CapabilitySecrets");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.ProtectedKey).HasMaxLength(512);
    }
}

public static class CapabilitySets
{
    extension(KooMessageDb db)
    {
        public DbSet<MobileCapability> MobileCapabilities => db.Set<MobileCapability>();

        public DbSet<CapabilitySecret> CapabilitySecrets => db.Set<CapabilitySecret>();
    }
}
