using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Capability;

/// <summary>Turns SHA1(country code + number) into the keyed hash the table stores.</summary>
public sealed class NumberKeys(byte[] secret)
{
    /// <summary>HMAC-SHA256 of the lower-case SHA1 hex.</summary>
    public byte[] Of(string sha1Hex) => HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(sha1Hex.ToLowerInvariant()));
}

/// <summary>
/// The platform's secret for the capability table: 32 random bytes made on first use and kept in the database
/// encrypted by the console's data-protection keys (in the private data folder), so neither a copy of the database nor
/// of the folder alone gives it. Losing the data-protection keys loses the secret: the table must then be imported again.
/// </summary>
public sealed class CapabilityKeys(TenantDb dbs, IDataProtectionProvider protection, TimeProvider clock) : IDisposable
{
    private const int SecretLength = 32;
    private readonly IDataProtector protector = protection.CreateProtector("KooMessage.Console.Capability.NumberKey");
    private readonly SemaphoreSlim gate = new(1, 1);
    private NumberKeys? keys;

    public async Task<NumberKeys> GetAsync(CancellationToken ct)
    {
        if (keys is { } known)
        {
            return known;
        }

        await gate.WaitAsync(ct);
        try
        {
            return keys ??= new NumberKeys(await LoadOrCreateAsync(ct));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The keys through <paramref name="db"/>, for a caller inside its own write transaction (demo seeding), which a
    /// second connection would wait on. A secret made here is not remembered until it is read back committed.
    /// </summary>
    public async Task<NumberKeys> GetAsync(KooMessageDb db, CancellationToken ct)
    {
        if (keys is { } known)
        {
            return known;
        }

        if (await db.CapabilitySecrets.AsNoTracking().SingleOrDefaultAsync(ct) is { } stored)
        {
            return new NumberKeys(protector.Unprotect(Convert.FromBase64String(stored.ProtectedKey)));
        }

        var secret = RandomNumberGenerator.GetBytes(SecretLength);
        db.CapabilitySecrets.Add(NewRow(secret));
        await db.SaveChangesAsync(ct);
        return new NumberKeys(secret);
    }

    public void Dispose() => gate.Dispose();

    private CapabilitySecret NewRow(byte[] secret) =>
        new() { ProtectedKey = Convert.ToBase64String(protector.Protect(secret)), CreatedAt = clock.GetUtcNow().UtcDateTime };

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync("read the platform's capability secret", ct);
        if (await db.CapabilitySecrets.AsNoTracking().SingleOrDefaultAsync(ct) is { } stored)
        {
            return protector.Unprotect(Convert.FromBase64String(stored.ProtectedKey));
        }

        var secret = RandomNumberGenerator.GetBytes(SecretLength);
        db.CapabilitySecrets.Add(NewRow(secret));
        try
        {
            await db.SaveChangesAsync(ct);
            return secret;
        }
        catch (DbUpdateException)
        {
            // Another process made it first: theirs is the one.
            await using var again = await dbs.ForSystemAsync("read the platform's capability secret made meanwhile", ct);
            var theirs = await again.CapabilitySecrets.AsNoTracking().SingleAsync(ct);
            return protector.Unprotect(Convert.FromBase64String(theirs.ProtectedKey));
        }
    }
}

/// <summary>One capability fact to write: a keyed number hash, a vendor and whether the vendor renders smart messages there.</summary>
public sealed record CapabilityFact(byte[] NumberKey, Vendor Vendor, bool Capable);

/// <summary>
/// What other modules call to tell the platform that a number can show smart messages at a vendor. The short-link
/// resolve host calls <see cref="RecordAsync(string, Vendor, CancellationToken)"/> (or the batch overload from its
/// writer) when a visit's user agent shows the vendor's SMS app: the number's hash is then marked capable for that
/// vendor, with the source "learned from visits". Only the keyed hash is written; the SHA1 given is not kept.
/// </summary>
public sealed class CapabilityLearning(CapabilityTable table, CapabilityKeys keys)
{
    /// <summary>Marks SHA1(country code + number) (40 hex digits, either case; see <see cref="MobileNumbers.Sha1Of"/>) capable at <paramref name="vendor"/>.</summary>
    public Task RecordAsync(string sha1OfCountryCodeAndNumber, Vendor vendor, CancellationToken ct) =>
        RecordAsync([(sha1OfCountryCodeAndNumber, vendor)], ct);

    /// <summary>The batch form, for a writer that drains visits in batches.</summary>
    public async Task RecordAsync(IReadOnlyCollection<(string Sha1, Vendor Vendor)> visits, CancellationToken ct)
    {
        var bad = visits.FirstOrDefault(v => MobileNumbers.Parse(v.Sha1, EncryptionAlg.Sha1).Problem is not null);
        if (bad.Sha1 is not null)
        {
            throw new ArgumentException("Every number must be the 40 hex digits of SHA1(country code + number).", nameof(visits));
        }

        if (visits.Count == 0)
        {
            return;
        }

        var hasher = await keys.GetAsync(ct);
        await table.WriteAsync([.. visits.Select(v => new CapabilityFact(hasher.Of(v.Sha1), v.Vendor, true))], CapabilitySource.Learned, ct);
    }
}

/// <summary>
/// Writes facts to the platform's table (no account owns it) as one upsert per batch: a fact replaces what the table
/// said of the same number and vendor, so writing the same facts twice (a rerun import) changes nothing more.
/// </summary>
public sealed class CapabilityTable(TenantDb dbs, TimeProvider clock)
{
    public const int BatchSize = 500;

    public async Task WriteAsync(IReadOnlyList<CapabilityFact> facts, CapabilitySource source, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.ForSystemAsync($"write {facts.Count} capability facts ({source})", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var batch in facts.Chunk(BatchSize))
        {
            var sql = new StringBuilder("INSERT INTO \"MobileCapabilities\" (\"NumberKey\", \"Vendor\", \"Capable\", \"Source\", \"UpdatedAt\") VALUES ");
            var parameters = new List<object> { new SqliteParameter("$source", (int)source), new SqliteParameter("$now", now) };
            for (var i = 0; i < batch.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"($k{i}, $v{i}, $c{i}, $source, $now)");
                parameters.Add(new SqliteParameter($"$k{i}", batch[i].NumberKey));
                parameters.Add(new SqliteParameter($"$v{i}", batch[i].Vendor.ToString()));
                parameters.Add(new SqliteParameter($"$c{i}", batch[i].Capable));
            }

            sql.Append(" ON CONFLICT(\"NumberKey\", \"Vendor\") DO UPDATE SET \"Capable\" = excluded.\"Capable\", \"Source\" = excluded.\"Source\", \"UpdatedAt\" = excluded.\"UpdatedAt\"");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        }

        await tx.CommitAsync(ct);
    }
}
