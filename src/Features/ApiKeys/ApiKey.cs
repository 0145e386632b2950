using System.Security.Cryptography;
using System.Text;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.ApiKeys;

/// <summary>
/// An account's API key (API 密钥): what the ingestion endpoint and the later REST API accept in
/// <c>Authorization: Bearer km_{prefix}_{secret}</c>. Only the secret's SHA-256 is stored; the prefix finds the row.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    public const int NameMin = 1;
    public const int NameMax = 30;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The key's public part (16 hexadecimal digits), shown in the list and used to look it up.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the secret part: a 256-bit random secret needs no slow hash.</summary>
    public byte[] SecretHash { get; set; } = [];

    /// <summary>The tenant role the key acts with: never more than its creator held.</summary>
    public string Role { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public string CreatedByName { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>Last accepted use, written at most once a minute per key.</summary>
    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedByName { get; set; }

    public bool IsRevoked => RevokedAt is not null;
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.Ignore(k => k.IsRevoked);
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameMax);
        builder.Property(k => k.Prefix).HasMaxLength(ApiKeySecrets.PrefixLength);
        builder.Property(k => k.SecretHash).HasMaxLength(32);
        builder.Property(k => k.Role).HasMaxLength(32);
        builder.Property(k => k.CreatedBy).HasMaxLength(64);
        builder.Property(k => k.CreatedByName).HasMaxLength(256);
        builder.Property(k => k.RevokedByName).HasMaxLength(256);
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.HasIndex(k => new { k.AccountId, k.CreatedAt });
        builder.HasOne<Account>().WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The key's text: <c>km_</c>, a 16-digit hexadecimal prefix, <c>_</c>, and 43 characters of base64url secret (256 bits).</summary>
public static class ApiKeySecrets
{
    public const string Scheme = "Bearer";
    public const string Start = "km_";
    public const int PrefixLength = 16;
    private const int SecretBytes = 32;

    public static (string Prefix, string Token, byte[] Hash) Create()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return (prefix, $"{Start}{prefix}_{secret}", Hash(secret));
    }

    /// <summary>The prefix and secret of <c>Authorization: Bearer km_…</c>, or null for anything else.</summary>
    public static (string Prefix, string Secret)? Parse(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith($"{Scheme} ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[(Scheme.Length + 1)..].Trim();
        if (!token.StartsWith(Start, StringComparison.Ordinal) || token.Length < Start.Length + PrefixLength + 2 || token[Start.Length + PrefixLength] != '_')
        {
            return null;
        }

        var prefix = token.Substring(Start.Length, PrefixLength);
        var secret = token[(Start.Length + PrefixLength + 1)..];
        return prefix.All(char.IsAsciiHexDigitLower) && secret.Length is > 0 and <= 64 ? (prefix, secret) : null;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class ApiKeySets
{
    extension(KooMessageDb db)
    {
        public DbSet<ApiKey> ApiKeys => db.Set<ApiKey>();
    }
}
