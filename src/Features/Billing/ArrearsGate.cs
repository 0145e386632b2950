using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing;

/// <summary>
/// What retention (保留期) refuses: a new send, a new link, a purchase other than a top-up. Every such write asks
/// <see cref="RequireServiceAsync"/> in the transaction that writes; reads, and links already sent, keep working.
/// </summary>
public sealed class ArrearsGate(IStringLocalizer<SharedResource> l)
{
    public const string ErrorCode = "KMC.00000402";

    /// <summary>Null when the context's account may use the service now; otherwise the error to show (with the balance owed).</summary>
    public async Task<KmError?> RequireServiceAsync(KooMessageDb db, Guid accountId, CancellationToken ct)
    {
        var wallet = await db.BillingAccounts.AsNoTracking().Where(b => b.AccountId == accountId)
            .Select(b => new { b.Arrears, b.BalanceFen }).SingleOrDefaultAsync(ct);
        return wallet is { Arrears: ArrearsState.Retention }
            ? new KmError(ErrorCode, l["Billing.Arrears.Refused", Money.Format(-wallet.BalanceFen)])
            : null;
    }
}
