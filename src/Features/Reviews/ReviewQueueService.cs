using System.Linq.Expressions;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Reviews;

public sealed record ReviewQuery(string? Kind = null, string? AccountName = null, int? MinWorkingHours = null);

/// <summary>One open ticket as the queue shows it; the waiting time is counted on the ticket's desk calendar.</summary>
public sealed record ReviewRow(
    long TicketId, string Kind, Guid ItemId, string Title, string StateKey, string AccountName, DateTime SubmittedAt, DateTime? UrgedAt, TimeSpan WorkingAge);

/// <summary>
/// 审核中心: the open <see cref="ReviewTicket"/>s of every kind, filtered, sorted (urged first, then the longest waiting)
/// and paged in SQL; working hours are counted for the rows of the page only. Decisions go to the ticket's
/// <see cref="IReviewSource"/>.
/// </summary>
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
    public const int ReasonMax = ReviewTicket.ReasonMax;

    public IReadOnlyList<string> Kinds { get; } = sources.Select(s => s.Kind).ToList();

    public async Task<Result<PagedResult<ReviewRow>>> ListAsync(ReviewQuery query, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ReviewView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "read the review queue", ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var waiting = Query(db, query, now);
        var total = await waiting.CountAsync(ct);
        var rows = await waiting
            .Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize)
            .Select(t => new
            {
                t.Id, t.Kind, t.ItemId, t.Desk, t.Title, t.StateKey, t.SubmittedAt, t.UrgedAt,
                AccountName = db.Set<Account>().Where(a => a.Id == t.AccountId).Select(a => a.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new PagedResult<ReviewRow>(
            rows.Select(r => new ReviewRow(r.Id, r.Kind, r.ItemId, r.Title, r.StateKey, r.AccountName ?? "", r.SubmittedAt, r.UrgedAt,
                workingHours.Between(r.Desk, r.SubmittedAt, now))).ToList(),
            total);
    }

    /// <summary>The queue's open tickets with its filters, in its order (an index scan: see ReviewTicketConfiguration).</summary>
    public IQueryable<ReviewTicket> Query(KooMessageDb db, ReviewQuery query, DateTime nowUtc)
    {
        var waiting = db.ReviewTickets.AsNoTracking().Where(t => t.State == ReviewTicketState.Open);
        if (query.Kind is { } kind)
        {
            waiting = waiting.Where(t => t.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(query.AccountName))
        {
            var pattern = $"%{EscapeLike(TextNormalizer.Name(query.AccountName))}%";
            waiting = waiting.Where(t => db.Set<Account>().Any(a => a.Id == t.AccountId && EF.Functions.Like(a.Name, pattern, "\\")));
        }

        if (query.MinWorkingHours is { } hours)
        {
            waiting = waiting.Where(WaitedAtLeast(TimeSpan.FromHours(hours), nowUtc));
        }

        return waiting.OrderByDescending(t => t.IsUrged).ThenBy(t => t.SubmittedAt).ThenBy(t => t.Id);
    }

    /// <summary>The item of an open ticket, as its source shows it, with the decisions made on it before (newest first).</summary>
    public async Task<Result<ReviewDetail>> GetAsync(long ticketId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ReviewView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, $"open review ticket {ticketId}", ct);
        var ticket = await db.ReviewTickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null || Source(ticket.Kind) is not { } source)
        {
            return NotFound();
        }

        if (ticket.State != ReviewTicketState.Open)
        {
            return NotWaiting();
        }

        var detail = await source.DetailAsync(db, ticket.ItemId, ct);
        if (detail is null)
        {
            return NotFound();
        }

        var history = await db.ReviewTickets.AsNoTracking()
            .Where(t => t.Kind == ticket.Kind && t.ItemId == ticket.ItemId && t.State == ReviewTicketState.Decided)
            .OrderByDescending(t => t.DecidedAt).ThenByDescending(t => t.Id)
            .Select(t => new PastDecision(t.StateKey, t.DecidedBy ?? "", t.DecidedAt!.Value, t.Approved, t.Reason))
            .ToListAsync(ct);
        return detail with { History = history };
    }

    /// <summary>
    /// Approves, or rejects with a required reason, what the reviewer was shown: the ticket is closed only while open and
    /// the item changed only while in the shown state, so of two reviewers deciding at once exactly one succeeds; the
    /// other gets a conflict and nothing of theirs is written. Audit entry and notification go in the same transaction.
    /// </summary>
    public async Task<Result> DecideAsync(long ticketId, ReviewDecision decision, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ReviewDecide, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var reason = decision.Reason?.Trim();
        if (!decision.Approve && string.IsNullOrEmpty(reason))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Reviews.ReasonRequired"]).OnField(nameof(ReviewDecision.Reason));
        }

        if (reason is { Length: > ReasonMax })
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.MaxLength", l["Field.ReviewDesc"], ReasonMax]).OnField(nameof(ReviewDecision.Reason));
        }

        var reviewer = auth.Value;
        await using var db = await dbs.ForPlatformAsync(reviewer, $"decide review ticket {ticketId}", ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ticket = await db.ReviewTickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => new { t.Kind, t.ItemId }).SingleOrDefaultAsync(ct);
        if (ticket is null || Source(ticket.Kind) is not { } source)
        {
            return NotFound();
        }

        if (!await ReviewTickets.DecideAsync(db, ticketId, reviewer.UserName, clock.GetUtcNow().UtcDateTime, decision.Approve, string.IsNullOrEmpty(reason) ? null : reason, ct))
        {
            return NotWaiting();
        }

        var outcome = await source.DecideAsync(db, reviewer, ticket.ItemId, decision with { Reason = reason }, ct);
        if (outcome.Error is { } failed)
        {
            return failed;
        }

        var o = outcome.Value;
        audit.Record(db, reviewer, new AuditChange(o.AccountId, decision.Approve ? AuditActions.Approve : AuditActions.Reject, o.ObjectType, ticket.ItemId.ToString(), o.ObjectName, o.Before, o.After));
        if (o.SubmittedBy is { } submitter)
        {
            notifications.Add(db, o.AccountId, submitter, o.NotifyKey, [o.ObjectName, reason ?? ""], o.Link);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>
    /// "Waited at least <paramref name="working"/>" in SQL: per desk, submitted at or before the latest instant that has
    /// waited that long on the desk's calendar (exact, since waiting time only grows the earlier the submission);
    /// tickets on a desk without a calendar count in the platform's.
    /// </summary>
    private Expression<Func<ReviewTicket, bool>> WaitedAtLeast(TimeSpan working, DateTime nowUtc)
    {
        var desks = workingHours.Desks.ToList();
        var platformBound = workingHours.LatestSubmittedAt(ReviewDesks.Platform, nowUtc, working);
        Expression<Func<ReviewTicket, bool>> elsewhere = t => !desks.Contains(t.Desk) && t.SubmittedAt <= platformBound;
        var ticket = elsewhere.Parameters[0];
        var body = elsewhere.Body;
        foreach (var desk in desks)
        {
            var bound = workingHours.LatestSubmittedAt(desk, nowUtc, working);
            Expression<Func<ReviewTicket, bool>> onDesk = t => t.Desk == desk && t.SubmittedAt <= bound;
            body = Expression.OrElse(body, ReplacingExpressionVisitor.Replace(onDesk.Parameters[0], ticket, onDesk.Body));
        }

        return Expression.Lambda<Func<ReviewTicket, bool>>(body, ticket);
    }

    private static string EscapeLike(string term) => term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private IReviewSource? Source(string kind) => sources.FirstOrDefault(s => s.Kind == kind);

    private KmError NotFound() => new(ErrorCodes.NotFound, l["Reviews.NotFound"]);

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
