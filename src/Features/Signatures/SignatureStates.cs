namespace KooMessage.Console.Features.Signatures;

public enum SignatureAction
{
    /// <summary>Reviewer: content approved, the platform now processes it (PENDING_REVIEW → PROCESSING).</summary>
    Approve,

    /// <summary>Platform staff: processing done, channel number set (PROCESSING → REVIEW_PASSED).</summary>
    Complete,

    /// <summary>Reviewer: refused with a reason.</summary>
    Reject,

    /// <summary>Tenant: edits a refused signature and sends it back.</summary>
    Resubmit,

    /// <summary>Platform staff: a passed signature needs activating again (REVIEW_PASSED → TO_BE_ACTIVATED).</summary>
    Deactivate,

    /// <summary>Tenant: asks for activation (TO_BE_ACTIVATED → PENDING_ACTIVATE).</summary>
    RequestActivation,

    /// <summary>Reviewer: activation approved (PENDING_ACTIVATE → REVIEW_PASSED).</summary>
    Activate,
}

/// <summary>
/// Every legal move of a signature. KooMessage names the states but not the moves; these are the console's reading
/// of them, kept as one table so a test can prove every other move is refused.
/// </summary>
public static class SignatureStates
{
    private static readonly Dictionary<(SignatureStatus, SignatureAction), SignatureStatus> Moves = new()
    {
        [(SignatureStatus.PendingReview, SignatureAction.Approve)] = SignatureStatus.Processing,
        [(SignatureStatus.PendingReview, SignatureAction.Reject)] = SignatureStatus.ReviewNotPass,
        [(SignatureStatus.Processing, SignatureAction.Complete)] = SignatureStatus.ReviewPassed,
        [(SignatureStatus.Processing, SignatureAction.Reject)] = SignatureStatus.ReviewNotPass,
        [(SignatureStatus.ReviewNotPass, SignatureAction.Resubmit)] = SignatureStatus.PendingReview,
        [(SignatureStatus.ReviewPassed, SignatureAction.Deactivate)] = SignatureStatus.ToBeActivated,
        [(SignatureStatus.ToBeActivated, SignatureAction.RequestActivation)] = SignatureStatus.PendingActivate,
        [(SignatureStatus.PendingActivate, SignatureAction.Activate)] = SignatureStatus.ReviewPassed,
        [(SignatureStatus.PendingActivate, SignatureAction.Reject)] = SignatureStatus.ToBeActivated,
    };

    public static SignatureStatus? Next(SignatureStatus from, SignatureAction action) =>
        Moves.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>States that wait for the platform: they are in the review queue and may be urged.</summary>
    public static readonly IReadOnlyList<SignatureStatus> Waiting = [SignatureStatus.PendingReview, SignatureStatus.Processing, SignatureStatus.PendingActivate];

    public static bool IsEditable(SignatureStatus status) => status == SignatureStatus.ReviewNotPass;

    public static string WireName(SignatureStatus status) => status switch
    {
        SignatureStatus.PendingReview => "PENDING_REVIEW",
        SignatureStatus.Processing => "PROCESSING",
        SignatureStatus.ReviewPassed => "REVIEW_PASSED",
        SignatureStatus.ReviewNotPass => "REVIEW_NOT_PASS",
        SignatureStatus.ToBeActivated => "TO_BE_ACTIVATED",
        _ => "PENDING_ACTIVATE",
    };

    public static string WireName(SignatureType type) => type == SignatureType.Notify ? "NOTIFY_TYPE" : "PROMOTION_TYPE";
}
