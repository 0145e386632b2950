using KooMessage.Console.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Data;

/// <summary>
/// Opens one short-lived context per operation, scoped to the caller's account. Platform staff cross tenants only
/// through <see cref="ForPlatformAsync"/>, which names the reason and is logged; what they change is audited as usual.
/// </summary>
public sealed partial class TenantDb(IDbContextFactory<KooMessageDb> factory, ILogger<TenantDb> logger)
{
    public async Task<KooMessageDb> ForAsync(UserContext user, CancellationToken ct)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.ScopeTo(user.AccountId);
        return db;
    }

    public async Task<KooMessageDb> ForPlatformAsync(UserContext user, string reason, CancellationToken ct)
    {
        if (!user.IsPlatformStaff)
        {
            throw new InvalidOperationException($"User {user.UserId} is not platform staff and cannot cross tenants.");
        }

        LogPlatformAccess(user.UserName, user.UserId, reason);
        var db = await factory.CreateDbContextAsync(ct);
        db.Unscope();
        return db;
    }

    /// <summary>For the system itself (start-up, seeding, sign-up before anyone is signed in).</summary>
    public async Task<KooMessageDb> ForSystemAsync(CancellationToken ct)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.Unscope();
        return db;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Platform access by {UserName} ({UserId}): {Reason}")]
    private partial void LogPlatformAccess(string userName, string userId, string reason);
}
