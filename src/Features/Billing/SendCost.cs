using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Billing;

/// <summary>Units of one item a send will use.</summary>
public sealed record CostUse(BillingItem Item, long Units);

/// <summary>Units a send would draw from one package.</summary>
public sealed record PackageDraw(Guid PackageId, PackageFamily Family, string SpecName, DateTime ExpiresAt, long Units);

/// <summary>Units of one item that would go on demand, at today's price.</summary>
public sealed record OnDemandDraw(BillingItem Item, long Units, long UnitPrice, long AmountFen);

/// <summary>
/// What a send would cost before it starts: the uses, what the packages cover (earliest expiry first), what goes on
/// demand at today's price, and whether the balance covers it after the on-demand usage not yet settled.
/// </summary>
public sealed record CostEstimate(IReadOnlyList<CostUse> Uses, IReadOnlyList<PackageDraw> FromPackages, IReadOnlyList<OnDemandDraw> OnDemand, long BalanceFen, long UnsettledFen)
{
    public long OnDemandFen => OnDemand.Sum(o => o.AmountFen);

    /// <summary>How much the balance lacks to pay the on-demand part (0 when covered).</summary>
    public long ShortfallFen => Math.Max(0, OnDemandFen + UnsettledFen - BalanceFen);

    public bool Covered => ShortfallFen == 0;
}

/// <summary>
/// The send cost estimate and the refusal of a send that the balance and packages cannot cover: the send page shows
/// <see cref="SendTaskPlanner.EstimateAsync"/>; creating a task and starting or resuming one refuse with <see cref="Refusal"/>.
/// </summary>
public sealed class SendCost(IOptions<BillingOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>The estimate of <paramref name="uses"/> for <paramref name="accountId"/> now.</summary>
    public async Task<CostEstimate> EstimateAsync(KooMessageDb db, Guid accountId, IReadOnlyList<CostUse> uses, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var packages = await db.ResourcePackages.AsNoTracking()
            .Where(p => p.AccountId == accountId && p.Used < p.Units && p.StartsAt <= now && p.ExpiresAt > now).ToListAsync(ct);
        var deduction = new Deduction(packages.Select(p => new PackageLeft(p.Id, p.AccountId, p.Family, p.Units, p.Used, p.StartsAt, p.ExpiresAt)));
        var prices = new PriceBook(await db.UnitPrices.AsNoTracking().ToListAsync(ct));
        var onDemand = new List<OnDemandDraw>();
        foreach (var use in uses.Where(u => u.Units > 0))
        {
            var parts = deduction.Draw(accountId, use.Item, now, use.Units);
            if (parts.SingleOrDefault(p => p.PackageId is null) is { } rest)
            {
                var price = prices.At(use.Item, now) ?? 0;
                onDemand.Add(new OnDemandDraw(use.Item, rest.Quantity, price, Money.ChargeFen(rest.Quantity, price)));
            }
        }

        var names = packages.ToDictionary(p => p.Id);
        var fromPackages = deduction.Drawn.Select(p => new PackageDraw(p.Id, p.Family, names[p.Id].SpecName, p.ExpiresAt, p.Drawn)).OrderBy(p => p.ExpiresAt).ToList();
        var balance = await db.BillingAccounts.AsNoTracking().Where(b => b.AccountId == accountId).Select(b => (long?)b.BalanceFen).SingleOrDefaultAsync(ct) ?? 0;
        var unsettled = await db.UsageRecords.AsNoTracking().Where(u => u.AccountId == accountId && u.ChargeId == null && u.Mode == UsageMode.OnDemand)
            .SumAsync(u => u.Quantity * u.UnitPrice, ct);
        return new CostEstimate(uses, fromPackages, onDemand, balance, Money.ChargeFen(1, unsettled));
    }

    /// <summary>The error that refuses a send the estimate says cannot be paid, naming the shortfall; null when covered.</summary>
    public KmError? Refusal(CostEstimate estimate) =>
        estimate.Covered || !options.Value.RefuseUncovered ? null : new KmError(ErrorCodes.InvalidParameter, l["Billing.Shortfall", Money.Format(estimate.ShortfallFen), Money.Format(estimate.OnDemandFen), Money.Format(estimate.BalanceFen)]);

    /// <summary>
    /// The uses of a page send: each of the dry run's <paramref name="lengths"/> with the signature's name and
    /// <paramref name="link"/> added, as the messages will be composed; card segments by the signature's type for the
    /// numbers a vendor renders, plain SMS for the rest when they fall back to it (<paramref name="plainFallback"/>).
    /// </summary>
    public async Task<IReadOnlyList<CostUse>> PlanUsesAsync(
        KooMessageDb db, Guid? signatureId, Guid? smsTemplateId, string link, IReadOnlyList<SmsLengthCount> lengths, bool plainFallback, CancellationToken ct)
    {
        var signature = await db.Signatures.AsNoTracking().Where(s => s.Id == signatureId).Select(s => new { s.Name, s.Type }).SingleOrDefaultAsync(ct);
        var sms = await db.SmsTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == smsTemplateId, ct);
        var added = (signature?.Name.Length ?? 0) + (sms is null ? 0 : SendTaskRules.LinkSlots(sms.Content, sms.Variables) * link.Length);
        long Segments(Func<SmsLengthCount, int> rows) => lengths.Sum(c => (long)rows(c) * SmsComposer.Segments(c.Length + added));
        var card = signature?.Type == SignatureType.Promotion ? BillingItem.SendMarketing : BillingItem.SendNotify;
        return [new CostUse(card, Segments(c => c.Renderable)), new CostUse(BillingItem.PlainSms, plainFallback ? Segments(c => c.Unrenderable) : 0)];
    }

    /// <summary>The uses of what a task still has queued (a start or a resume): its messages' segments, plain ones as plain SMS.</summary>
    public async Task<IReadOnlyList<CostUse>> QueuedUsesAsync(KooMessageDb db, SendTask task, CancellationToken ct)
    {
        var queued = await db.SendMessages.AsNoTracking().Where(m => m.TaskId == task.Id && m.State == SendMessageState.Queued)
            .GroupBy(m => m.Plain).Select(g => new { Plain = g.Key, Segments = g.Sum(m => (long)m.Segments) }).ToListAsync(ct);
        var type = await db.Signatures.AsNoTracking().Where(s => s.Id == task.SignatureId).Select(s => (SignatureType?)s.Type).SingleOrDefaultAsync(ct);
        var basic = task.TemplateVersionId is null;
        var card = type == SignatureType.Promotion ? BillingItem.SendMarketing : BillingItem.SendNotify;
        return queued.GroupBy(q => q.Plain || basic ? BillingItem.PlainSms : card).Select(g => new CostUse(g.Key, g.Sum(q => q.Segments))).ToList();
    }
}
