using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Billing;

/// <summary>A movement to post: its kind, signed amount in fen, who posts it and what it refers to.</summary>
public sealed record LedgerPosting(LedgerKind Kind, long AmountFen, string CreatedBy)
{
    public string? Reason { get; init; }

    public Guid? OrderId { get; init; }

    public Guid? ChargeId { get; init; }
}

/// <summary>
/// The one way an account's balance moves: the balance changes and its ledger entry is appended in the caller's
/// transaction, so the balance is always the sum of the entries. Crossing zero moves the arrears state: below zero
/// starts the grace period (宽限期); back at or above zero ends arrears, whatever stage it had reached.
/// </summary>
public sealed class Ledger(TimeProvider clock)
{
    /// <summary>Posts <paramref name="posting"/> for <paramref name="accountId"/> inside <paramref name="db"/>'s open transaction; returns the entry.</summary>
    public async Task<LedgerEntry> PostAsync(KooMessageDb db, Guid accountId, LedgerPosting posting, CancellationToken ct) =>
        (await PostAllAsync(db, accountId, [(clock.GetUtcNow().UtcDateTime, posting)], ct))[0];

    /// <summary>
    /// Posts each of <paramref name="postings"/> at its own time, in their order, with one save: balances and arrears
    /// move as if they were posted one by one (the demo's year of history).
    /// </summary>
    public static async Task<IReadOnlyList<LedgerEntry>> PostAllAsync(
        KooMessageDb db, Guid accountId, IReadOnlyList<(DateTime At, LedgerPosting Posting)> postings, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A ledger posting belongs in the transaction that makes its cause.");
        }

        var wallet = await WalletAsync(db, accountId, ct);
        var entries = new List<LedgerEntry>(postings.Count);
        foreach (var (at, posting) in postings)
        {
            wallet.BalanceFen = checked(wallet.BalanceFen + posting.AmountFen);
            if (wallet.BalanceFen < 0 && wallet.Arrears == ArrearsState.Normal)
            {
                wallet.Arrears = ArrearsState.Grace;
                wallet.ArrearsSince = at;
            }
            else if (wallet.BalanceFen >= 0 && wallet.Arrears != ArrearsState.Normal)
            {
                wallet.Arrears = ArrearsState.Normal;
                wallet.ArrearsSince = null;
            }

            wallet.Version++;
            var entry = new LedgerEntry
            {
                AccountId = accountId, At = at, Kind = posting.Kind, AmountFen = posting.AmountFen, BalanceAfterFen = wallet.BalanceFen,
                Reason = posting.Reason, OrderId = posting.OrderId, ChargeId = posting.ChargeId, CreatedBy = posting.CreatedBy,
            };
            db.LedgerEntries.Add(entry);
            entries.Add(entry);
        }

        await db.SaveChangesAsync(ct);
        return entries;
    }

    /// <summary>The account's wallet, made (balance 0, default alerts) on first use; tracked by <paramref name="db"/>.</summary>
    public static async Task<BillingAccount> WalletAsync(KooMessageDb db, Guid accountId, CancellationToken ct)
    {
        var wallet = await db.BillingAccounts.SingleOrDefaultAsync(b => b.AccountId == accountId, ct);
        if (wallet is null)
        {
            wallet = new BillingAccount { AccountId = accountId };
            db.BillingAccounts.Add(wallet);
        }

        return wallet;
    }
}

/// <summary>Moves accounts whose grace period has run out into retention (保留期); run by the hourly billing job.</summary>
public sealed class ArrearsClock(TimeProvider clock, IOptions<BillingOptions> options)
{
    /// <summary>Accounts in grace since before now − grace period go to retention; returns how many moved.</summary>
    public Task<int> RetainOverdueAsync(KooMessageDb db, CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - options.Value.GracePeriod;
        return db.BillingAccounts.Where(b => b.Arrears == ArrearsState.Grace && b.ArrearsSince <= before && b.BalanceFen < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Arrears, ArrearsState.Retention).SetProperty(b => b.Version, b => b.Version + 1), ct);
    }
}
