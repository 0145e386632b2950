using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;

namespace KooMessage.Console.Features.Reviews;

/// <summary>One thing waiting for the platform, whatever its kind.</summary>
public sealed record ReviewItem(string Kind, Guid Id, Guid AccountId, string Title, string StateKey, DateTime SubmittedAt, DateTime? UrgedAt);

/// <summary>A field of the item as the reviewer reads it: a resource key for the label, the value already in words.</summary>
public sealed record ReviewField(string LabelKey, string Value);

public sealed record ReviewAttachment(string LabelKey, Guid FileId, string FileName, string ContentType)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    public bool IsPdf => ContentType == "application/pdf";
}

/// <summary>An extra value the reviewer gives when approving (a signature's channel number).</summary>
public sealed record ReviewInput(string LabelKey, int MaxLength, bool Required);

public sealed record ReviewDetail(ReviewItem Item, IReadOnlyList<ReviewField> Fields, IReadOnlyList<ReviewAttachment> Attachments, ReviewInput? ApproveInput);

public sealed record ReviewDecision(bool Approve, string? Reason, string? Input);

/// <summary>What a decision did, for the audit log and the tenant's notification.</summary>
public sealed record ReviewOutcome(Guid AccountId, string ObjectType, string ObjectName, string? SubmittedBy, object Before, object After, string NotifyKey, string Link);

/// <summary>
/// A kind of thing the platform reviews. Filings, SMS apps and signatures implement it now; templates, service numbers,
/// menus and channel numbers add theirs later and the queue takes them without change.
/// </summary>
public interface IReviewSource
{
    string Kind { get; }

    /// <summary>Everything of this kind waiting now, across accounts (the context is the platform's, unfiltered).</summary>
    Task<IReadOnlyList<ReviewItem>> PendingAsync(KooMessageDb db, CancellationToken ct);

    Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct);

    /// <summary>Applies the decision to a waiting item; refuses an item no longer waiting.</summary>
    Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct);
}
