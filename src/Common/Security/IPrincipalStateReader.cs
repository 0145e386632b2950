namespace KooMessage.Console.Common.Security;

/// <summary>A signed-in user as the database has them now: roles, disabled or not, and whether their account is frozen.</summary>
public sealed record PrincipalState(bool IsDisabled, IReadOnlyList<string> Roles, bool AccountFrozen);

/// <summary>Reads <see cref="PrincipalState"/> with a few indexed reads; <see cref="AccessGuard"/> asks it before every action.</summary>
public interface IPrincipalStateReader
{
    /// <summary>Null when the user no longer exists (or is not in the account the sign-in named).</summary>
    Task<PrincipalState?> ReadAsync(UserContext user, CancellationToken ct);
}
