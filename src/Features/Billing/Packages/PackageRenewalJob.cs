using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing.Packages;

/// <summary>
/// Hourly: every expired package with auto-renew on and no renewal yet gets one renewal order, at its spec's price now,
/// paid through the provider. The order's RenewalOf is unique and the package records it, so a rerun (or a run that
/// died part way) never renews a package twice. A renewal that cannot be paid (balance short, spec withdrawn, account
/// in retention) is kept as a Failed order with its reason, and the account's owners are told.
/// </summary>
public sealed class PackageRenewalJob(
    TenantDb dbs, IPaymentProvider payments, ArrearsGate arrears, NotificationService notifications, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : IJobHandler
{
    public const string KindName = "packages.renew";
    public const string Payer = "auto-renew";

    public static readonly RecurringJob Schedule = new(KindName, TimeSpan.FromHours(1));

    private const int Batch = 100;

    public string Kind => KindName;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        long renewed = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.ForSystemAsync("renew expired packages with auto-renew on", ct);
        while (true)
        {
            var due = await db.ResourcePackages.AsNoTracking()
                .Where(p => p.AutoRenew && p.RenewedBy == null && p.ExpiresAt <= now)
                .OrderBy(p => p.ExpiresAt).Select(p => p.Id).Take(Batch).ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }

            foreach (var id in due)
            {
                await RenewAsync(db, id, now, ct);
                db.ChangeTracker.Clear();
                renewed++;
            }
        }

        return new JobResult(Rows: renewed);
    }

    private async Task RenewAsync(KooMessageDb db, Guid packageId, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var package = await db.ResourcePackages.SingleAsync(p => p.Id == packageId, ct);
        if (!package.AutoRenew || package.RenewedBy is not null)
        {
            return;
        }

        var original = await db.PackageOrders.AsNoTracking().SingleAsync(o => o.Id == package.OrderId, ct);
        var spec = await db.PackageSpecs.AsNoTracking().SingleOrDefaultAsync(s => s.Id == original.SpecId, ct);
        var timeZone = await db.Accounts.Where(a => a.Id == package.AccountId).Select(a => a.TimeZone).SingleAsync(ct);
        var quote = PackageService.QuoteAt(spec?.PriceFen ?? original.UnitPriceFen, spec?.Units ?? original.UnitsPerPackage, spec?.ValidityMonths ?? 12, original.Quantity, now, timeZone);
        var order = PackageService.NewOrder(package.AccountId, spec ?? new PackageSpec { Id = original.SpecId, Family = original.Family, Name = original.SpecName, Units = original.UnitsPerPackage },
            original.Quantity, quote, Payer);
        order.IdempotencyKey = $"renew:{package.Id:N}";
        order.RenewalOf = package.Id;
        order.AutoRenew = true;
        db.PackageOrders.Add(order);
        await db.SaveChangesAsync(ct);

        var failure = spec is not { OnSale: true } ? l["Packages.Renewal.Withdrawn"].Value
            : await arrears.RequireServiceAsync(db, package.AccountId, ct) is { } refused ? refused.Message
            : (await payments.PayAsync(db, order, Payer, ct)).Error?.Message;
        if (failure is null)
        {
            PackageService.Deliver(db, order, quote);
        }
        else
        {
            order.State = OrderState.Failed;
            order.FailReason = failure.Length > PackageOrder.FailReasonMax ? failure[..PackageOrder.FailReasonMax] : failure;
        }

        package.RenewedBy = order.Id;
        package.Version++;
        var name = $"{l[$"PackageFamily.{order.Family}"]} {order.SpecName}";
        foreach (var owner in await OwnersAsync(db, package.AccountId, ct))
        {
            notifications.Add(db, package.AccountId, owner, failure is null ? "Notify.PackageRenewed" : "Notify.PackageRenewalFailed",
                failure is null ? [name, Money.Format(order.TotalFen)] : [name, failure], PackagesModule.Route);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static Task<List<string>> OwnersAsync(KooMessageDb db, Guid accountId, CancellationToken ct) =>
        (from u in db.Users
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where u.AccountId == accountId && r.Name == Roles.FullAccess && !u.IsDisabled
         select u.Id).ToListAsync(ct);
}
