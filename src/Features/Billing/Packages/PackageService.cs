using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing.Packages;

/// <summary>A spec on sale, as the catalog shows it.</summary>
public sealed record SpecOffer(Guid Id, PackageFamily Family, string Name, long Units, long PriceFen, int ValidityMonths);

/// <summary>配置费用: what a purchase costs and when its packages are valid (UTC; shown in the account's time zone).</summary>
public sealed record PackageQuote(long UnitPriceFen, int Quantity, long TotalFen, long Units, DateTime StartsAt, DateTime ExpiresAt);

/// <summary>The order a purchase made, or found when the same key had made it before.</summary>
public sealed record PurchaseDone(Guid OrderId, bool Repeated);

public sealed record WalletView(long BalanceFen, ArrearsState Arrears);

public sealed record MyPackageRow(
    Guid Id, PackageFamily Family, string SpecName, long Units, long Used, DateTime StartsAt, DateTime ExpiresAt, PackageState State, bool AutoRenew, int Version)
{
    public long Left => Units - Used;
}

public sealed record OrderRow(
    Guid Id, DateTime CreatedAt, PackageFamily Family, string SpecName, int Quantity, long UnitPriceFen, long TotalFen, OrderState State, string? FailReason, bool Renewal);

/// <summary>
/// 费用中心 › 套餐包 for an account: the catalog, purchases (FullAccess only, paid through <see cref="IPaymentProvider"/>),
/// its packages with their auto-renew switch, and its orders.
/// </summary>
public sealed class PackageService(
    AccessGuard guard,
    TenantDb dbs,
    IPaymentProvider payments,
    ArrearsGate arrears,
    AuditLog audit,
    IValidator<PurchaseForm> validator,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    private static readonly SortColumns<ResourcePackage> PackageSorts = new SortColumns<ResourcePackage>()
        .Add(nameof(MyPackageRow.StartsAt), p => p.StartsAt).Add(nameof(MyPackageRow.ExpiresAt), p => p.ExpiresAt).Add(nameof(MyPackageRow.Family), p => p.Family);

    private static readonly SortColumns<PackageOrder> OrderSorts = new SortColumns<PackageOrder>()
        .Add(nameof(OrderRow.CreatedAt), o => o.CreatedAt).Add(nameof(OrderRow.TotalFen), o => o.TotalFen);

    public async Task<Result<IReadOnlyList<SpecOffer>>> CatalogAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.PackageView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var specs = await db.PackageSpecs.AsNoTracking().Where(s => s.OnSale)
            .Select(s => new SpecOffer(s.Id, s.Family, s.Name, s.Units, s.PriceFen, s.ValidityMonths)).ToListAsync(ct);
        return specs.OrderBy(s => s.Family).ThenBy(s => s.Units).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<Result<WalletView>> WalletAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.PackageView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var wallet = await db.BillingAccounts.AsNoTracking().Where(b => b.AccountId == auth.Value.AccountId)
            .Select(b => new WalletView(b.BalanceFen, b.Arrears)).SingleOrDefaultAsync(ct);
        return wallet ?? new WalletView(0, ArrearsState.Normal);
    }

    /// <summary>What <paramref name="quantity"/> of <paramref name="spec"/> bought now costs and how long it is valid.</summary>
    public PackageQuote Quote(SpecOffer spec, int quantity, string timeZone) =>
        QuoteAt(spec.PriceFen, spec.Units, spec.ValidityMonths, quantity, clock.GetUtcNow().UtcDateTime, timeZone);

    internal static PackageQuote QuoteAt(long priceFen, long units, int validityMonths, int quantity, DateTime now, string timeZone) =>
        new(priceFen, quantity, checked(priceFen * quantity), checked(units * quantity), now, ExpiryOf(now, validityMonths, timeZone));

    /// <summary>The end of a validity of <paramref name="months"/> from <paramref name="start"/>, counted on the account's calendar.</summary>
    internal static DateTime ExpiryOf(DateTime start, int months, string timeZone) =>
        UserTime.ToUtc(UserTime.ToLocal(start, timeZone).AddMonths(months), timeZone);

    /// <summary>
    /// Buys: one order (Paid) and one package of quantity × the spec's units, paid through the provider, in one
    /// transaction. The same key returns the order it made before, whatever the rest of the form says now.
    /// </summary>
    public async Task<Result<PurchaseDone>> BuyAsync(PurchaseForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.PackageBuy, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var user = auth.Value;
        var accountId = user.AccountId!.Value;
        await using var db = await dbs.ForAsync(user, ct);

        // SQLite's write lock is taken at BEGIN: a second click with the same key waits here, then finds the first's order.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var earlier = await db.PackageOrders.AsNoTracking().Where(o => o.IdempotencyKey == form.IdempotencyKey).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct);
        if (earlier is { } found)
        {
            return new PurchaseDone(found, true);
        }

        if (await arrears.RequireServiceAsync(db, accountId, ct) is { } refused)
        {
            return refused;
        }

        var spec = await db.PackageSpecs.AsNoTracking().SingleOrDefaultAsync(s => s.Id == form.SpecId && s.OnSale, ct);
        if (spec is null)
        {
            return new KmError(ErrorCodes.Conflict, l["Packages.SpecNotOnSale"]).OnField(nameof(PurchaseForm.SpecId));
        }

        var timeZone = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.TimeZone).SingleAsync(ct);
        var quote = QuoteAt(spec.PriceFen, spec.Units, spec.ValidityMonths, form.Quantity, clock.GetUtcNow().UtcDateTime, timeZone);
        var order = NewOrder(accountId, spec, form.Quantity, quote, user.UserName);
        order.IdempotencyKey = form.IdempotencyKey;
        order.AutoRenew = false;
        db.PackageOrders.Add(order);
        if (await db.SaveOrConflictAsync(l["Packages.Conflict"], ct) is { } conflict)
        {
            return conflict;
        }

        if ((await payments.PayAsync(db, order, user.UserName, ct)).Error is { } unpaid)
        {
            return unpaid;
        }

        var package = Deliver(db, order, quote);
        audit.Record(db, user, new AuditChange(
            accountId, AuditActions.Create, PackagesModule.OrderAuditType, order.Id.ToString(), $"{l[$"PackageFamily.{spec.Family}"]} {spec.Name}", null,
            new { order.Family, order.SpecName, order.Quantity, order.UnitPriceFen, order.TotalFen, PackageId = package.Id }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PurchaseDone(order.Id, false);
    }

    /// <summary>A pending order for <paramref name="quantity"/> of <paramref name="spec"/> at <paramref name="quote"/>'s price.</summary>
    internal static PackageOrder NewOrder(Guid accountId, PackageSpec spec, int quantity, PackageQuote quote, string createdBy) => new()
    {
        AccountId = accountId, SpecId = spec.Id, Family = spec.Family, SpecName = spec.Name, UnitsPerPackage = spec.Units, Quantity = quantity,
        UnitPriceFen = quote.UnitPriceFen, TotalFen = quote.TotalFen, State = OrderState.Pending, CreatedAt = quote.StartsAt, CreatedBy = createdBy,
    };

    /// <summary>Marks a paid order and adds its package (all units of the order in one package).</summary>
    internal static ResourcePackage Deliver(KooMessageDb db, PackageOrder order, PackageQuote quote)
    {
        order.State = OrderState.Paid;
        order.PaidAt = quote.StartsAt;
        var package = new ResourcePackage
        {
            AccountId = order.AccountId, OrderId = order.Id, Family = order.Family, SpecName = order.SpecName, Units = quote.Units,
            StartsAt = quote.StartsAt, ExpiresAt = quote.ExpiresAt, AutoRenew = order.AutoRenew,
        };
        db.ResourcePackages.Add(package);
        return package;
    }

    public async Task<Result<PagedResult<MyPackageRow>>> ListPackagesAsync(PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.PackageView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.ResourcePackages.AsNoTracking();
        if (page.Term is { } term)
        {
            query = query.Where(p => p.SpecName.Contains(term));
        }

        var result = await PackageSorts.Apply(query, page, q => q.OrderByDescending(p => p.ExpiresAt > now).ThenBy(p => p.ExpiresAt)).ThenBy(p => p.Id)
            .ToPageAsync(page, ct);
        return new PagedResult<MyPackageRow>(
            result.Items.Select(p => new MyPackageRow(p.Id, p.Family, p.SpecName, p.Units, p.Used, p.StartsAt, p.ExpiresAt, p.StateAt(now), p.AutoRenew, p.Version)).ToList(),
            result.Total);
    }

    public async Task<Result<PagedResult<OrderRow>>> ListOrdersAsync(PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.PackageView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.PackageOrders.AsNoTracking();
        if (page.Term is { } term)
        {
            query = query.Where(o => o.SpecName.Contains(term));
        }

        return await OrderSorts.Apply(query, page, q => q.OrderByDescending(o => o.CreatedAt)).ThenBy(o => o.Id)
            .Select(o => new OrderRow(o.Id, o.CreatedAt, o.Family, o.SpecName, o.Quantity, o.UnitPriceFen, o.TotalFen, o.State, o.FailReason, o.RenewalOf != null))
            .ToPageAsync(page, ct);
    }

    /// <summary>Switches a package's auto-renew, if it is still as the user saw it (<paramref name="version"/>).</summary>
    public async Task<Result> SetAutoRenewAsync(Guid packageId, bool on, int version, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.PackageBuy, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var package = await db.ResourcePackages.SingleOrDefaultAsync(p => p.Id == packageId, ct);
        if (package is null)
        {
            return new KmError(ErrorCodes.NotFound, l["Packages.NotFound"]);
        }

        if (package.Version != version)
        {
            return new KmError(ErrorCodes.Conflict, l["Packages.Conflict"]);
        }

        if (package.RenewedBy is not null || package.StateAt(clock.GetUtcNow().UtcDateTime) == PackageState.Expired)
        {
            return new KmError(ErrorCodes.Conflict, l["Packages.AutoRenewExpired"]);
        }

        var before = new { package.AutoRenew };
        package.AutoRenew = on;
        package.Version++;
        audit.Record(db, auth.Value, new AuditChange(
            package.AccountId, AuditActions.Update, PackagesModule.PackageAuditType, package.Id.ToString(), package.SpecName, before, new { package.AutoRenew }));
        return await db.SaveOrConflictAsync(l["Packages.Conflict"], ct) is { } conflict ? conflict : Result.Ok();
    }
}
