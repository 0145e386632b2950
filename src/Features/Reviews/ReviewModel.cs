using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;

namespace KooMessage.Console.Features.Reviews;

/// <summary>A field of the item as the reviewer reads it: a resource key for the label, the value already in words.</summary>
public sealed record ReviewField(string LabelKey, string Value);

public sealed record ReviewAttachment(string LabelKey, Guid FileId, string FileName, string ContentType)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    public bool IsPdf => ContentType == "application/pdf";
}

/// <summary>
/// How the item looks where it will be seen (a template as the ticket's vendor renders it): a component of the item's
/// module and its parameters, which the dialog renders with <see cref="Microsoft.AspNetCore.Components.DynamicComponent"/>
/// beside the fields, so the queue needs no reference to that module.
/// </summary>
public sealed record ReviewPreview(Type Component, IDictionary<string, object> Parameters);

/// <summary>An extra value the reviewer gives when approving (a signature's channel number).</summary>
public sealed record ReviewInput(string LabelKey, int MaxLength, bool Required);

/// <summary>
/// What the reviewer reads. <paramref name="StateKey"/> is the item's state as shown (a resource key); the dialog sends
/// it back with the decision, which applies only while the item is still in that state.
/// </summary>
public sealed record ReviewDetail(string Title, string StateKey, IReadOnlyList<ReviewField> Fields, IReadOnlyList<ReviewAttachment> Attachments, ReviewInput? ApproveInput)
{
    /// <summary>The decisions made on the item before, newest first (filled in by the queue, not by the source).</summary>
    public IReadOnlyList<PastDecision> History { get; init; } = [];

    /// <summary>The item as it will be seen, when its kind has a rendering (templates); null for the others.</summary>
    public ReviewPreview? Preview { get; init; }
}

/// <summary>
/// An earlier decision on the item: the step it decided (<paramref name="StateKey"/>, a resource key), who and when,
/// and whether it approved (null for decisions recorded before the outcome was kept).
/// </summary>
public sealed record PastDecision(string StateKey, string DecidedBy, DateTime DecidedAt, bool? Approved, string? Reason);

/// <summary>A reviewer's decision on the state they were shown (<see cref="ReviewDetail.StateKey"/>).</summary>
public sealed record ReviewDecision(bool Approve, string? Reason, string? Input, string ShownState);

/// <summary>What a decision did, for the audit log and the tenant's notification.</summary>
public sealed record ReviewOutcome(Guid AccountId, string ObjectType, string ObjectName, string? SubmittedBy, object Before, object After, string NotifyKey, string Link);

/// <summary>
/// A kind of thing the platform reviews. Filings, SMS apps and signatures implement it now; templates, service numbers,
/// menus and channel numbers add theirs later and the queue takes them without change. What waits is not asked of a
/// source: the services that submit write a <see cref="ReviewTicket"/> through <see cref="ReviewTickets"/>.
/// </summary>
public interface IReviewSource
{
    string Kind { get; }

    Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct);

    /// <summary>
    /// Applies the decision with one conditional update, only while the item is in the state the reviewer was shown
    /// (<see cref="ReviewDecision.ShownState"/>); otherwise refuses with a conflict and changes nothing. When the item
    /// moves on to another waiting step, the source opens that step's ticket in the same context.
    /// </summary>
    Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct);
}
