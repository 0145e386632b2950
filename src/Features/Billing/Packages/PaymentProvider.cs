using KooMessage.Console.Common;
using KooMessage.Console.Data;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing.Packages;

/// <summary>
/// How a package order is paid. A provider pays <see cref="PackageOrder.TotalFen"/> inside the caller's open transaction
/// (the order, its packages and the payment commit together or not at all) and never sees card data: the console holds
/// none. It answers Ok, or the error to show (and to keep as a failed renewal's reason).
/// </summary>
public interface IPaymentProvider
{
    Task<Result> PayAsync(KooMessageDb db, PackageOrder order, string payer, CancellationToken ct);
}

/// <summary>
/// The built-in provider: draws on the account's prepaid balance (topped up by the platform) through the ledger. A
/// balance that cannot pay the whole order refuses it, naming the shortfall; a purchase never takes the balance below zero.
/// </summary>
public sealed class BalancePaymentProvider(Ledger ledger, IStringLocalizer<SharedResource> l) : IPaymentProvider
{
    public const string ShortfallCode = "KMC.00000402";

    public async Task<Result> PayAsync(KooMessageDb db, PackageOrder order, string payer, CancellationToken ct)
    {
        // Read untracked: the ledger makes the wallet on first use, in its own posting.
        var balance = await db.BillingAccounts.AsNoTracking().Where(b => b.AccountId == order.AccountId).Select(b => b.BalanceFen).SingleOrDefaultAsync(ct);
        if (balance < order.TotalFen)
        {
            var shortfall = order.TotalFen - Math.Max(0, balance);
            return new KmError(ShortfallCode, l["Packages.Shortfall", Money.Format(order.TotalFen), Money.Format(balance), Money.Format(shortfall)]);
        }

        await ledger.PostAsync(db, order.AccountId, new LedgerPosting(LedgerKind.Purchase, -order.TotalFen, payer) { OrderId = order.Id }, ct);
        return Result.Ok();
    }
}
