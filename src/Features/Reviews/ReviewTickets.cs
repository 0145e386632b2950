using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Reviews;

/// <summary>What a ticket is about, as its <see cref="IReviewSource"/> names it (each source has a <c>Subject</c> method).</summary>
public sealed record ReviewSubject(string Kind, Guid ItemId, Guid AccountId, string Title, string StateKey);

/// <summary>
/// The one way services put an item into the review queue and take it out. Every call works on the caller's context,
/// so the ticket changes in the same transaction as the item; later modules (templates with one ticket per vendor,
/// service numbers, menus, channel numbers) call these too.
/// </summary>
public static class ReviewTickets
{
    /// <summary>Adds an open ticket to the context; the caller's SaveChanges writes it with the submission.</summary>
    public static ReviewTicket Open(KooMessageDb db, ReviewSubject subject, DateTime submittedAt, string desk = ReviewDesks.Platform, string? vendor = null) =>
        db.ReviewTickets.Add(new ReviewTicket
        {
            AccountId = subject.AccountId, Kind = subject.Kind, ItemId = subject.ItemId, Title = subject.Title, StateKey = subject.StateKey,
            SubmittedAt = submittedAt, Desk = desk, Vendor = vendor,
        }).Entity;

    /// <summary>催审: marks the item's open tickets urged now.</summary>
    public static Task<int> UrgeAsync(KooMessageDb db, string kind, Guid itemId, DateTime at, CancellationToken ct) =>
        OpenFor(db, kind, itemId).ExecuteUpdateAsync(set => set.SetProperty(t => t.UrgedAt, at).SetProperty(t => t.IsUrged, true), ct);

    /// <summary>The item was deleted or taken back: its open tickets leave the queue.</summary>
    public static Task<int> WithdrawAsync(KooMessageDb db, string kind, Guid itemId, string by, DateTime at, CancellationToken ct) =>
        OpenFor(db, kind, itemId).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.State, ReviewTicketState.Withdrawn)
            .SetProperty(t => t.DecidedAt, at)
            .SetProperty(t => t.DecidedBy, by), ct);

    /// <summary>
    /// Closes the ticket a decision was made on, with the decision and its reason (the item's review history), only if
    /// it is still open: false means someone else got there first.
    /// </summary>
    public static async Task<bool> DecideAsync(KooMessageDb db, long ticketId, string by, DateTime at, bool approved, string? reason, CancellationToken ct) =>
        await db.ReviewTickets.Where(t => t.Id == ticketId && t.State == ReviewTicketState.Open).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.State, ReviewTicketState.Decided)
            .SetProperty(t => t.DecidedAt, at)
            .SetProperty(t => t.DecidedBy, by)
            .SetProperty(t => t.Approved, approved)
            .SetProperty(t => t.Reason, reason), ct) == 1;

    private static IQueryable<ReviewTicket> OpenFor(KooMessageDb db, string kind, Guid itemId) =>
        db.ReviewTickets.Where(t => t.Kind == kind && t.ItemId == itemId && t.State == ReviewTicketState.Open);
}
