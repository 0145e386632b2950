using System.Data.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace KooMessage.Console.Data;

/// <summary>
/// The only way to a <see cref="KooMessageDb"/>: one short-lived context per operation, its scope fixed at creation.
/// Tenant users get their account's rows; platform staff cross accounts only through <see cref="ForPlatformAsync"/>
/// and the system itself (start-up, jobs claiming any account's work, names unique across accounts) only through
/// <see cref="ForSystemAsync"/>; both name their reason, which is logged.
/// </summary>
public sealed partial class TenantDb(DbConnectionSettings settings, ILogger<TenantDb> logger)
{
    private readonly DbContextOptions<KooMessageDb> options = Options(b => Configure(b, settings.ConnectionString));

    public Task<KooMessageDb> ForAsync(UserContext user, CancellationToken ct) =>
        Task.FromResult(new KooMessageDb(options, DbScope.Tenant(user.AccountId)));

    /// <summary>Background work acting for one account (a job, a sweep of its rows).</summary>
    public Task<KooMessageDb> ForAccountAsync(Guid accountId, string reason, CancellationToken ct)
    {
        LogAccountAccess(accountId, reason);
        return Task.FromResult(new KooMessageDb(options, DbScope.Tenant(accountId)));
    }

    public Task<KooMessageDb> ForPlatformAsync(UserContext user, string reason, CancellationToken ct) =>
        Task.FromResult(new KooMessageDb(options, PlatformScope(user, reason)));

    /// <summary>
    /// The system's own bypass, for the few paths that must cross accounts with nobody signed in: start-up and
    /// migrations, setup, sign-up, demo data, platform-owned tables read by every account. A test lists its callers.
    /// </summary>
    public Task<KooMessageDb> ForSystemAsync(string reason, CancellationToken ct)
    {
        LogSystemAccess(reason);
        return Task.FromResult(new KooMessageDb(options, DbScope.AllAccounts(reason)));
    }

    /// <summary>
    /// A context on an open connection and transaction of Identity's store, so that a user, the account it opens and
    /// the audit entry commit together; <paramref name="scope"/> says whose rows it sees.
    /// </summary>
    internal async Task<KooMessageDb> JoinAsync(DbConnection connection, DbTransaction transaction, DbScope scope, CancellationToken ct)
    {
        if (scope.Reason is { } reason)
        {
            LogSystemAccess(reason);
        }

        return await JoinedAsync(connection, transaction, scope, ct);
    }

    /// <summary>
    /// <see cref="JoinAsync"/> for platform staff crossing accounts: the same check and log as <see cref="ForPlatformAsync"/>.
    /// </summary>
    internal Task<KooMessageDb> JoinForPlatformAsync(DbConnection connection, DbTransaction transaction, UserContext user, string reason, CancellationToken ct) =>
        JoinedAsync(connection, transaction, PlatformScope(user, reason), ct);

    /// <summary>Every account, for platform staff only; who crossed and why is logged.</summary>
    private DbScope PlatformScope(UserContext user, string reason)
    {
        if (!user.IsPlatformStaff)
        {
            throw new InvalidOperationException($"User {user.UserId} is not platform staff and cannot cross tenants.");
        }

        LogPlatformAccess(user.UserName, user.UserId, reason);
        return DbScope.AllAccounts(reason);
    }

    private static async Task<KooMessageDb> JoinedAsync(DbConnection connection, DbTransaction transaction, DbScope scope, CancellationToken ct)
    {
        var db = new KooMessageDb(Options(b => Tune(b.UseSqlite(connection))), scope);
        await db.Database.UseTransactionAsync(transaction, ct);
        return db;
    }

    /// <summary>The console's store settings (the tenant model key, the file store's commit hook, the busy timeout), shared with Identity's context.</summary>
    internal static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connectionString) =>
        Tune(builder.UseSqlite(connectionString));

    private static DbContextOptionsBuilder Tune(DbContextOptionsBuilder builder) =>
        builder.ReplaceService<IModelCacheKeyFactory, TenantModelCacheKeyFactory>().AddInterceptors(FileCommits.Interceptor, SqlitePragmas.Interceptor);

    private static DbContextOptions<KooMessageDb> Options(Action<DbContextOptionsBuilder> configure)
    {
        var builder = new DbContextOptionsBuilder<KooMessageDb>();
        configure(builder);
        return builder.Options;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Platform access by {UserName} ({UserId}): {Reason}")]
    private partial void LogPlatformAccess(string userName, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Work for account {AccountId}: {Reason}")]
    private partial void LogAccountAccess(Guid accountId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "System access: {Reason}")]
    private partial void LogSystemAccess(string reason);
}

/// <summary>The resolved connection string of the console's SQLite store.</summary>
public sealed record DbConnectionSettings(string ConnectionString);
