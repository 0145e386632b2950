using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Platform;

internal sealed class SensitiveWordConfiguration : IEntityTypeConfiguration<SensitiveWord>
{
    public void Configure(EntityTypeBuilder<SensitiveWord> builder)
    {
        builder.ToTable("SensitiveWords");
        builder.Property(w => w.Word).HasMaxLength(SensitiveWord.MaxLength);
        builder.HasIndex(w => w.Word).IsUnique();
        builder.HasData(SensitiveWord.Defaults.Select((word, i) => new SensitiveWord { Id = i + 1, Word = word }));
    }
}

internal sealed class PlatformSettingsConfiguration : IEntityTypeConfiguration<PlatformSettings>
{
    public void Configure(EntityTypeBuilder<PlatformSettings> builder) => builder.ToTable("PlatformSettings");
}

internal sealed class SetupStateConfiguration : IEntityTypeConfiguration<SetupState>
{
    public void Configure(EntityTypeBuilder<SetupState> builder)
    {
        builder.ToTable("SetupState");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.AdministratorId).HasMaxLength(64);
    }
}
