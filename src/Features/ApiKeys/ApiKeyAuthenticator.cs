using System.Collections.Concurrent;
using System.Security.Cryptography;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ApiKeys;

/// <summary>Who called with a key: the account, the key and the role it acts with.</summary>
public sealed record ApiCaller(Guid KeyId, Guid AccountId, string Role, bool AccountFrozen)
{
    public bool Can(Permission permission) => PermissionRules.Allows(Role, permission);
}

/// <summary>
/// Reads <c>Authorization: Bearer km_…</c>: the key is looked up by its prefix on every request (so a revoked key is
/// refused at once), its secret compared by hash in constant time, and its last use written at most once a minute.
/// A key acts for its creator: it is refused while the creator is disabled, gone from the account, or no longer holds
/// every permission of the key's role (read from the database on every request, as for a signed-in user).
/// </summary>
public sealed class ApiKeyAuthenticator(TenantDb dbs, IPrincipalStateReader states, TimeProvider clock)
{
    /// <summary>Whether a key of <paramref name="role"/> may act for a creator in <paramref name="creator"/>'s state (null: gone).</summary>
    public static bool CreatorAllows(PrincipalState? creator, string role) =>
        creator is { IsDisabled: false } && PermissionRules.Covers(creator.Roles, role);

    /// <summary>The creator of a key of <paramref name="accountId"/>, as the database has them now (null: gone).</summary>
    public static Task<PrincipalState?> CreatorAsync(IPrincipalStateReader states, string createdBy, Guid accountId, CancellationToken ct) =>
        states.ReadAsync(new UserContext(createdBy, "", accountId, null, []), ct);

    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, DateTime> touched = new();

    /// <summary>The caller, or null when the header is missing, malformed, unknown, wrong or revoked (all answered alike).</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        if (ApiKeySecrets.Parse(authorization) is not var (prefix, secret))
        {
            return null;
        }

        // The account is what the key says: found across accounts by the key's prefix, before anyone is known.
        await using var db = await dbs.ForSystemAsync("API key sign-in: find the key by its prefix", ct);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Prefix == prefix)
            .Select(k => new { k.Id, k.AccountId, k.Role, k.SecretHash, k.RevokedAt, k.CreatedBy })
            .SingleOrDefaultAsync(ct);
        if (key is null || !CryptographicOperations.FixedTimeEquals(key.SecretHash, ApiKeySecrets.Hash(secret)) || key.RevokedAt is not null)
        {
            return null;
        }

        var creator = await CreatorAsync(states, key.CreatedBy, key.AccountId, ct);
        if (!CreatorAllows(creator, key.Role))
        {
            return null;
        }

        await TouchAsync(db, key.Id, ct);
        return new ApiCaller(key.Id, key.AccountId, key.Role, creator!.AccountFrozen);
    }

    private async Task TouchAsync(KooMessageDb db, Guid keyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (touched.TryGetValue(keyId, out var last) && now - last < TouchInterval)
        {
            return;
        }

        touched[keyId] = now;
        var stale = now - TouchInterval;
        await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
    }
}
