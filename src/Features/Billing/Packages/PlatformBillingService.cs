using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing.Packages;

/// <summary>An account's wallet as 计费管理 lists it (init properties: the list sorts on them in SQL).</summary>
public sealed record BillingAccountRow
{
    public Guid AccountId { get; init; }

    public string Name { get; init; } = "";

    public long BalanceFen { get; init; }

    public ArrearsState Arrears { get; init; }

    public DateTime? ArrearsSince { get; init; }

    public int ActivePackages { get; init; }

    public int Version { get; init; }
}

public sealed record SpecRow(Guid Id, PackageFamily Family, string Name, long Units, long PriceFen, int ValidityMonths, bool OnSale, int Version, DateTime CreatedAt);

public sealed record UnitPriceRow(Guid Id, BillingItem Item, long Price, DateTime EffectiveFrom, string CreatedBy, bool InForce);

/// <summary>One month of revenue (platform calendar): package purchases and on-demand settlements, in fen.</summary>
public sealed record RevenueRow(string Month, long PurchasesFen, long SettlementsFen)
{
    public long TotalFen => PurchasesFen + SettlementsFen;
}

/// <summary>
/// 计费管理 for platform administrators: every account's balance, arrears and active packages; top-ups and manual
/// adjustments (through the ledger, audited, on the wallet version seen); the catalog's specs and unit prices; revenue.
/// </summary>
public sealed class PlatformBillingService(
    AccessGuard guard,
    TenantDb dbs,
    Ledger ledger,
    AuditLog audit,
    IValidator<WalletPostingForm> postingValidator,
    IValidator<SpecForm> specValidator,
    IValidator<UnitPriceForm> priceValidator,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public const int RevenueMonths = 12;

    private static readonly SortColumns<BillingAccountRow> AccountSorts = new SortColumns<BillingAccountRow>()
        .Add(nameof(BillingAccountRow.Name), a => a.Name).Add(nameof(BillingAccountRow.BalanceFen), a => a.BalanceFen).Add(nameof(BillingAccountRow.Arrears), a => a.Arrears);

    public async Task<Result<PagedResult<BillingAccountRow>>> ListAccountsAsync(PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "list account balances", ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var packages = db.ResourcePackages;
        var query = from a in db.Accounts.AsNoTracking()
                    join w in db.BillingAccounts.AsNoTracking() on a.Id equals w.AccountId into wallets
                    from w in wallets.DefaultIfEmpty()
                    select new BillingAccountRow
                    {
                        AccountId = a.Id, Name = a.Name, BalanceFen = w == null ? 0 : w.BalanceFen, Arrears = w == null ? ArrearsState.Normal : w.Arrears,
                        ArrearsSince = w == null ? null : w.ArrearsSince, ActivePackages = packages.Count(p => p.AccountId == a.Id && p.ExpiresAt > now && p.Used < p.Units),
                        Version = w == null ? 0 : w.Version,
                    };
        if (page.Term is { } term)
        {
            query = query.Where(a => a.Name.Contains(term));
        }

        return await AccountSorts.Apply(query, page, q => q.OrderBy(a => a.Name)).ThenBy(a => a.AccountId).ToPageAsync(page, ct);
    }

    /// <summary>A top-up or manual adjustment: one ledger entry and one audit entry, if the wallet is as the administrator saw it.</summary>
    public async Task<Result> PostAsync(Guid accountId, WalletPostingForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await postingValidator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var fen = Money.TryParseYuan(form.Amount, out var parsed) ? parsed : 0;
        var reason = TextNormalizer.Visible(form.Reason).Trim() is { Length: > 0 } text ? text : null;
        await using var db = await dbs.ForPlatformAsync(auth.Value, "post to an account's balance", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Name).SingleOrDefaultAsync(ct);
        if (account is null)
        {
            return new KmError(ErrorCodes.NotFound, l["Errors.AccountNotFound"]);
        }

        var seen = await db.BillingAccounts.AsNoTracking().Where(b => b.AccountId == accountId)
            .Select(b => new { b.BalanceFen, b.Arrears, b.Version }).SingleOrDefaultAsync(ct) ?? new { BalanceFen = 0L, Arrears = ArrearsState.Normal, Version = 0 };
        if (seen.Version != form.ExpectedVersion)
        {
            return new KmError(ErrorCodes.Conflict, l["PlatformBilling.WalletChanged"]);
        }

        var before = new { seen.BalanceFen, seen.Arrears };
        var (kind, amount) = form.Kind switch
        {
            WalletPostingKind.TopUp => (LedgerKind.TopUp, fen),
            WalletPostingKind.Credit => (LedgerKind.Adjustment, fen),
            _ => (LedgerKind.Adjustment, -fen),
        };
        var entry = await ledger.PostAsync(db, accountId, new LedgerPosting(kind, amount, auth.Value.UserName) { Reason = reason }, ct);
        var wallet = await Ledger.WalletAsync(db, accountId, ct);
        audit.Record(db, auth.Value, new AuditChange(
            accountId, AuditActions.Update, PackagesModule.WalletAuditType, accountId.ToString(), account, before,
            new { wallet.BalanceFen, wallet.Arrears, Kind = kind, AmountFen = amount, Reason = reason, LedgerEntryId = entry.Id }));
        if (await db.SaveOrConflictAsync(l["PlatformBilling.WalletChanged"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    public async Task<Result<IReadOnlyList<SpecRow>>> ListSpecsAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "read the package catalog", ct);
        var rows = await db.PackageSpecs.AsNoTracking()
            .Select(s => new SpecRow(s.Id, s.Family, s.Name, s.Units, s.PriceFen, s.ValidityMonths, s.OnSale, s.Version, s.CreatedAt)).ToListAsync(ct);
        return rows.OrderBy(s => s.Family).ThenBy(s => s.Units).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Adds a spec, or edits a spec's name, price and validity (an order copies what it bought, so sold packages never change).</summary>
    public async Task<Result<Guid>> SaveSpecAsync(SpecForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await specValidator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var priceFen = Money.TryParseYuan(form.Price, out var parsed) ? parsed : 0;
        var name = TextNormalizer.Name(form.Name);
        await using var db = await dbs.ForPlatformAsync(auth.Value, "edit the package catalog", ct);
        PackageSpec spec;
        object? before = null;
        if (form.Id is { } id)
        {
            var found = await db.PackageSpecs.SingleOrDefaultAsync(s => s.Id == id, ct);
            if (found is null)
            {
                return new KmError(ErrorCodes.NotFound, l["PlatformBilling.SpecNotFound"]);
            }

            spec = found;
            if (spec.Version != form.Version)
            {
                return new KmError(ErrorCodes.Conflict, l["PlatformBilling.SpecChanged"]);
            }

            before = new { spec.Name, spec.PriceFen, spec.ValidityMonths };
            spec.Version++;
        }
        else
        {
            spec = new PackageSpec { Family = form.Family, Units = form.Units, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.PackageSpecs.Add(spec);
        }

        spec.Name = name;
        spec.PriceFen = priceFen;
        spec.ValidityMonths = form.ValidityMonths;
        audit.Record(db, auth.Value, new AuditChange(
            null, before is null ? AuditActions.Create : AuditActions.Update, PackagesModule.SpecAuditType, spec.Id.ToString(), $"{l[$"PackageFamily.{spec.Family}"]} {name}",
            before, new { spec.Family, spec.Name, spec.Units, spec.PriceFen, spec.ValidityMonths }));
        return await db.SaveOrConflictAsync(l["PlatformBilling.SpecDuplicate", name], ct, nameof(SpecForm.Name)) is { } conflict ? conflict : spec.Id;
    }

    /// <summary>Withdraws a spec from sale or puts it back; packages already sold keep running.</summary>
    public async Task<Result> SetOnSaleAsync(Guid specId, bool onSale, int version, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, onSale ? "put a spec on sale" : "withdraw a spec from sale", ct);
        var spec = await db.PackageSpecs.SingleOrDefaultAsync(s => s.Id == specId, ct);
        if (spec is null)
        {
            return new KmError(ErrorCodes.NotFound, l["PlatformBilling.SpecNotFound"]);
        }

        if (spec.Version != version)
        {
            return new KmError(ErrorCodes.Conflict, l["PlatformBilling.SpecChanged"]);
        }

        var before = new { spec.OnSale };
        spec.OnSale = onSale;
        spec.Version++;
        audit.Record(db, auth.Value, new AuditChange(
            null, onSale ? AuditActions.Enable : AuditActions.Disable, PackagesModule.SpecAuditType, spec.Id.ToString(), $"{l[$"PackageFamily.{spec.Family}"]} {spec.Name}",
            before, new { spec.OnSale }));
        return await db.SaveOrConflictAsync(l["PlatformBilling.SpecChanged"], ct) is { } conflict ? conflict : Result.Ok();
    }

    /// <summary>Every item's prices, newest first; the row in force now is marked.</summary>
    public async Task<Result<IReadOnlyList<UnitPriceRow>>> ListUnitPricesAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "read unit prices", ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var prices = await db.UnitPrices.AsNoTracking().ToListAsync(ct);
        var inForce = prices.Where(p => p.EffectiveFrom <= now).GroupBy(p => p.Item)
            .Select(g => g.MaxBy(p => p.EffectiveFrom)!.Id).ToHashSet();
        return prices.OrderBy(p => p.Item).ThenByDescending(p => p.EffectiveFrom)
            .Select(p => new UnitPriceRow(p.Id, p.Item, p.Price, p.EffectiveFrom, p.CreatedBy, inForce.Contains(p.Id))).ToList();
    }

    /// <summary>Adds a price for an item from the start of a future day (platform calendar): what was priced stays priced.</summary>
    public async Task<Result> AddUnitPriceAsync(UnitPriceForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await priceValidator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var price = UnitPrices.TryParse(form.Price, out var parsed) ? parsed : 0;
        var from = UserTime.ToUtc(form.EffectiveFrom!.Value.Date, auth.Value.TimeZone);
        var now = clock.GetUtcNow().UtcDateTime;
        if (from <= now)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["PlatformBilling.EffectiveFromFuture"]).OnField(nameof(UnitPriceForm.EffectiveFrom));
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "add a unit price", ct);
        var row = new UnitPrice { Item = form.Item, Price = price, EffectiveFrom = from, CreatedBy = auth.Value.UserName, CreatedAt = now };
        db.UnitPrices.Add(row);
        audit.Record(db, auth.Value, new AuditChange(
            null, AuditActions.Create, PackagesModule.UnitPriceAuditType, row.Id.ToString(), l[$"BillingItem.{form.Item}"], null,
            new { row.Item, row.Price, row.EffectiveFrom }));
        return await db.SaveOrConflictAsync(l["PlatformBilling.PriceDuplicate"], ct, nameof(UnitPriceForm.EffectiveFrom)) is { } conflict ? conflict : Result.Ok();
    }

    /// <summary>Revenue of the last <see cref="RevenueMonths"/> months on the platform's calendar, newest first.</summary>
    public async Task<Result<IReadOnlyList<RevenueRow>>> RevenueAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.AccountManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "sum revenue per month", ct);
        var zone = auth.Value.TimeZone;
        var local = UserTime.ToLocal(clock.GetUtcNow().UtcDateTime, zone);
        var firstMonth = new DateTime(local.Year, local.Month, 1).AddMonths(1 - RevenueMonths);
        var from = UserTime.ToUtc(firstMonth, zone);
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.At >= from && (e.Kind == LedgerKind.Purchase || e.Kind == LedgerKind.Settlement))
            .Select(e => new { e.At, e.Kind, e.AmountFen }).ToListAsync(ct);
        var byMonth = entries.GroupBy(e => UserTime.ToLocal(e.At, zone).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (
                Purchases: -g.Where(e => e.Kind == LedgerKind.Purchase).Sum(e => e.AmountFen),
                Settlements: -g.Where(e => e.Kind == LedgerKind.Settlement).Sum(e => e.AmountFen)));
        return Enumerable.Range(0, RevenueMonths).Select(i => firstMonth.AddMonths(RevenueMonths - 1 - i).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .Select(m => byMonth.TryGetValue(m, out var sums) ? new RevenueRow(m, sums.Purchases, sums.Settlements) : new RevenueRow(m, 0, 0)).ToList();
    }
}
