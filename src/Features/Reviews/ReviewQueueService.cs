using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Reviews;

public sealed record ReviewQuery(string? Kind = null, string? AccountName = null, int? MinWorkingHours = null);

public sealed record ReviewRow(ReviewItem Item, string AccountName, TimeSpan WorkingAge);

/// <summary>审核中心: one queue over every <see cref="IReviewSource"/>; urged items first, then the longest waiting.</summary>
public sealed class ReviewQueueService(
    IEnumerable<IReviewSource> sources,
    AccessGuard guard,
    TenantDb dbs,
    AuditLog audit,
    NotificationService notifications,
    WorkingHoursClock workingHours,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public const int ReasonMax = 500;

    public IReadOnlyList<string> Kinds { get; } = sources.Select(s => s.Kind).ToList();

    public async Task<Result<PagedResult<ReviewRow>>> ListAsync(ReviewQuery query, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ReviewView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "read the review queue", ct);
        var items = new List<ReviewItem>();
        foreach (var source in sources.Where(s => query.Kind is null || s.Kind == query.Kind))
        {
            items.AddRange(await source.PendingAsync(db, ct));
        }

        var accountIds = items.Select(i => i.AccountId).Distinct().ToList();
        var names = await db.Accounts.Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = items
            .Select(i => new ReviewRow(i, names.GetValueOrDefault(i.AccountId, ""), workingHours.Between(ReviewDesks.Platform, i.SubmittedAt, now)))
            .Where(r => string.IsNullOrWhiteSpace(query.AccountName) || r.AccountName.Contains(query.AccountName.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(r => query.MinWorkingHours is not { } hours || r.WorkingAge >= TimeSpan.FromHours(hours))
            .OrderBy(r => r.Item.UrgedAt is null)
            .ThenBy(r => r.Item.SubmittedAt)
            .ToList();
        return new PagedResult<ReviewRow>(rows.Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize).ToList(), rows.Count);
    }

    public async Task<Result<ReviewDetail>> GetAsync(string kind, Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ReviewView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (Source(kind) is not { } source)
        {
            return NotFound();
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, $"open review item {kind} {id}", ct);
        var detail = await source.DetailAsync(db, id, ct);
        return detail is null ? NotFound() : detail;
    }

    /// <summary>Approves, or rejects with a required reason; the decision is audited and the submitter notified, in one transaction.</summary>
    public async Task<Result> DecideAsync(string kind, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ReviewDecide, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var reason = decision.Reason?.Trim();
        if (!decision.Approve && string.IsNullOrEmpty(reason))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Reviews.ReasonRequired"]);
        }

        if (reason is { Length: > ReasonMax })
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.MaxLength", l["Field.ReviewDesc"], ReasonMax]);
        }

        if (Source(kind) is not { } source)
        {
            return NotFound();
        }

        var reviewer = auth.Value;
        await using var db = await dbs.ForPlatformAsync(reviewer, $"decide review item {kind} {id}", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var outcome = await source.DecideAsync(db, reviewer, id, decision with { Reason = reason }, ct);
        if (outcome.Error is { } failed)
        {
            return failed;
        }

        var o = outcome.Value;
        audit.Record(db, reviewer, new AuditChange(o.AccountId, decision.Approve ? AuditActions.Approve : AuditActions.Reject, o.ObjectType, id.ToString(), o.ObjectName, o.Before, o.After));
        if (o.SubmittedBy is { } submitter)
        {
            notifications.Add(db, o.AccountId, submitter, o.NotifyKey, [o.ObjectName, reason ?? ""], o.Link);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    private IReviewSource? Source(string kind) => sources.FirstOrDefault(s => s.Kind == kind);

    private KmError NotFound() => new(ErrorCodes.NotFound, l["Reviews.NotFound"]);
}
