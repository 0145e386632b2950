using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing.Bills;

/// <summary>A page of 流水账单 and the filtered range's totals.</summary>
public sealed record BillFlowPage(PagedResult<BillFlowRow> Rows, BillFlowTotals Totals);

/// <summary>A page of 明细账单 and the filtered range's totals.</summary>
public sealed record BillDetailPage(PagedResult<BillDetailRow> Rows, BillDetailTotals Totals);

/// <summary>An active package as the bills page shows it: what is left, when it expires, and its burn-down.</summary>
public sealed record PackageStanding(Guid Id, PackageFamily Family, string SpecName, long Units, long Used, DateTime ExpiresAt, bool AutoRenew, PackageBurnDown Forecast);

/// <summary>费用中心's summary on the bills page: the wallet, its thresholds, the alerts standing, active packages and the monthly China Mobile share.</summary>
public sealed record BillingSummary(
    long BalanceFen, ArrearsState Arrears, AlertSettingsForm Settings, IReadOnlyList<BillingAlert> Alerts, IReadOnlyList<PackageStanding> Packages,
    IReadOnlyList<MonthlyNetworkShare> Shares, bool CanChangeSettings);

/// <summary>The alert thresholds as the settings dialog edits them, with the wallet version the user saw.</summary>
public sealed class AlertSettingsForm
{
    public const int PercentMax = 100;
    public const int DaysMax = 365;

    public int RemainingPercent { get; set; }

    public int ExpiryDays { get; set; }

    /// <summary>The balance threshold in yuan as typed (0 or empty: only arrears alert).</summary>
    public string? Balance { get; set; }

    public int Version { get; set; }
}

public sealed class AlertSettingsFormValidator : AbstractValidator<AlertSettingsForm>
{
    public AlertSettingsFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.RemainingPercent).InclusiveBetween(0, AlertSettingsForm.PercentMax)
            .WithMessage(_ => l["BillingAlerts.BadPercent"]);
        RuleFor(x => x.ExpiryDays).InclusiveBetween(0, AlertSettingsForm.DaysMax)
            .WithMessage(_ => l["BillingAlerts.BadDays"]);
        RuleFor(x => x.Balance).Must(v => string.IsNullOrWhiteSpace(v) || (Money.TryParseYuan(v, out var fen) && fen >= 0))
            .WithMessage(_ => l["BillingAlerts.BadBalance"]);
    }
}

/// <summary>
/// 费用中心 › 账单: the account's flow and detail bills (only its own: the tenant filter), its alerts, packages'
/// burn-down and three-network share; the alert thresholds are changed by who may buy packages (FullAccess).
/// </summary>
public sealed class BillService(AccessGuard guard, TenantDb dbs, AuditLog audit, IValidator<AlertSettingsForm> validator, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const string AuditType = "billing_alerts";

    /// <summary>Months of three-network share the page shows.</summary>
    public const int ShareMonths = 6;

    public async Task<Result<BillFlowPage>> FlowAsync(BillQuery query, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.BillView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (Check(query) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var rows = await BillQueries.Flow(db, query).OrderByDescending(r => r.UsageAt).ThenByDescending(r => r.Id).ToPageAsync(page, ct);
        return new BillFlowPage(rows, await BillQueries.FlowTotalsAsync(db, query, ct));
    }

    public async Task<Result<BillDetailPage>> DetailsAsync(BillQuery query, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.BillView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (Check(query) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var rows = await BillQueries.Details(db, query).ToPageAsync(page, ct);
        return new BillDetailPage(rows, await BillQueries.DetailTotalsAsync(db, query, ct));
    }

    /// <summary>A window whose end is not after its start is refused at the end field.</summary>
    public KmError? Check(BillQuery query) =>
        query is { From: { } from, To: { } to } && to <= from
            ? new KmError(ErrorCodes.InvalidParameter, l["Bills.BadWindow"]).OnField(nameof(BillQuery.To))
            : null;

    public async Task<Result<BillingSummary>> SummaryAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.BillView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        var accountId = user.AccountId ?? Guid.Empty;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.ForAsync(user, ct);
        var wallet = await db.BillingAccounts.AsNoTracking().SingleOrDefaultAsync(b => b.AccountId == accountId, ct) ?? new BillingAccount { AccountId = accountId };
        var packages = await db.ResourcePackages.AsNoTracking().Where(p => p.ExpiresAt > now && p.Used < p.Units && p.StartsAt <= now)
            .OrderBy(p => p.ExpiresAt).ToListAsync(ct);
        var forecasts = await PackageForecast.ForAsync(db, [.. packages.Select(p => p.Id)], now, ct);
        var shares = await NetworkShare.MonthsAsync(db, now, user.TimeZone, ShareMonths, ct);
        return new BillingSummary(
            wallet.BalanceFen, wallet.Arrears, FormOf(wallet), BillingAlerts.Of(wallet, packages, now),
            [.. packages.Select(p => new PackageStanding(p.Id, p.Family, p.SpecName, p.Units, p.Used, p.ExpiresAt, p.AutoRenew, forecasts[p.Id]))],
            shares, user.Can(Permission.PackageBuy));
    }

    /// <summary>The alerts standing for the signed-in user's account (the app bar's and the overview's), empty for whoever may not see bills.</summary>
    public async Task<IReadOnlyList<BillingAlert>> AlertsAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.BillView, ct);
        if (auth.Error is not null || auth.Value.AccountId is not { } accountId)
        {
            return [];
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await BillingAlerts.ForAsync(db, accountId, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Saves the thresholds over the wallet version the user saw (FullAccess, read from the database now).</summary>
    public async Task<Result<AlertSettingsForm>> SaveSettingsAsync(AlertSettingsForm form, CancellationToken ct)
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
        var accountId = user.AccountId ?? Guid.Empty;
        await using var db = await dbs.ForAsync(user, ct);
        var wallet = await Ledger.WalletAsync(db, accountId, ct);
        if (wallet.Version != form.Version)
        {
            return new KmError(ErrorCodes.Conflict, l["BillingAlerts.Changed"]);
        }

        var before = FormOf(wallet);
        var balanceFen = Money.TryParseYuan(form.Balance, out var typed) ? typed : 0;
        wallet.AlertRemainingPercent = form.RemainingPercent;
        wallet.AlertExpiryDays = form.ExpiryDays;
        wallet.AlertBalanceFen = balanceFen;
        wallet.Version++;
        audit.Record(db, user, new AuditChange(null, AuditActions.Update, AuditType, accountId.ToString(), null,
            new { before.RemainingPercent, before.ExpiryDays, before.Balance }, new { form.RemainingPercent, form.ExpiryDays, Balance = Money.Format(balanceFen) }));
        if (await db.SaveOrConflictAsync(l["BillingAlerts.Changed"], ct) is { } conflict)
        {
            return conflict;
        }

        return FormOf(wallet);
    }

    private static AlertSettingsForm FormOf(BillingAccount wallet) => new()
    {
        RemainingPercent = wallet.AlertRemainingPercent, ExpiryDays = wallet.AlertExpiryDays, Version = wallet.Version,
        Balance = (wallet.AlertBalanceFen / (decimal)Money.FenPerYuan).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
    };
}
