using KooMessage.Console.Common.Data;
namespace KooMessage.Console.Features.Reviews;

/// <summary>
/// One wait for one review decision, and the review queue's row. It is written in the same transaction as whatever
/// puts the item into a waiting state, and closed while it is still open (conditionally) by the decision, or when the
/// item is withdrawn. An item that waits again, or moves to another waiting step, gets a new ticket.
/// </summary>
public sealed class ReviewTicket : ITenantOwned
{
    public const int KindMax = 32;
    public const int DeskMax = 32;
    public const int TitleMax = 120;
    public const int StateKeyMax = 64;
    public const int ReasonMax = 500;

    public long Id { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>The <see cref="IReviewSource.Kind"/> that shows and decides the item.</summary>
    public string Kind { get; set; } = "";

    public Guid ItemId { get; set; }

    /// <summary>The handset vendor of a per-vendor review (one ticket per vendor); null for the platform's own reviews.</summary>
    public string? Vendor { get; set; }

    /// <summary>Whose working-hours calendar the waiting time counts in: <see cref="ReviewDesks.Platform"/> or a vendor's desk.</summary>
    public string Desk { get; set; } = ReviewDesks.Platform;

    /// <summary>What the queue shows, e.g. 【签名名】.</summary>
    public string Title { get; set; } = "";

    /// <summary>Resource key of the item's state while it waits, e.g. <c>SignatureStatus.PendingReview</c>.</summary>
    public string StateKey { get; set; } = "";

    public DateTime SubmittedAt { get; set; }

    public DateTime? UrgedAt { get; set; }

    /// <summary>Kept with <see cref="UrgedAt"/> so that the queue's order (urged first, then oldest) is an index scan.</summary>
    public bool IsUrged { get; set; }

    public ReviewTicketState State { get; set; } = ReviewTicketState.Open;

    public DateTime? DecidedAt { get; set; }

    /// <summary>The reviewer who decided, or the tenant user who withdrew the item.</summary>
    public string? DecidedBy { get; set; }

    /// <summary>Whether the decision approved the item; null while open, when withdrawn, and for decisions recorded before it was kept.</summary>
    public bool? Approved { get; set; }

    /// <summary>The reviewer's reason (required when rejecting), shown in the item's review history.</summary>
    public string? Reason { get; set; }
}

public enum ReviewTicketState
{
    Open = 0,
    Decided = 1,
    Withdrawn = 2,
}
