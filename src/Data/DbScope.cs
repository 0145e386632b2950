namespace KooMessage.Console.Data;

/// <summary>
/// Whose rows a context sees, fixed when <see cref="TenantDb"/> creates it: one account (or, for platform staff outside
/// any account, the rows of no account), or every account for a named, logged reason.
/// </summary>
public sealed record DbScope
{
    private DbScope(Guid? accountId, bool isFiltered, string? reason)
    {
        AccountId = accountId;
        IsFiltered = isFiltered;
        Reason = reason;
    }

    public Guid? AccountId { get; }

    public bool IsFiltered { get; }

    /// <summary>Why an unfiltered context was opened (logged).</summary>
    public string? Reason { get; }

    public static DbScope Tenant(Guid? accountId) => new(accountId, true, null);

    public static DbScope AllAccounts(string reason) => new(null, false, reason);
}
