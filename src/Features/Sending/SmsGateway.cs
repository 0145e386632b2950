namespace KooMessage.Console.Features.Sending;

/// <summary>What the gateway said to one message.</summary>
public enum SubmitVerdict
{
    /// <summary>Taken: it goes to the SMSC (now or from the gateway's own store).</summary>
    Accepted,

    /// <summary>Not taken this time (gateway down, busy, timed out): submit it again later.</summary>
    RetryLater,

    /// <summary>Never to be sent (e.g. "Not routable"): the message fails with the reason.</summary>
    Refused,

    /// <summary>
    /// The request may have reached the gateway but its answer was lost (timed out, the connection dropped after it was
    /// made): the message may be on its way. It becomes Unknown, is never resent automatically, and a delivery report
    /// that still comes settles it.
    /// </summary>
    InDoubt,
}

/// <summary>The gateway's answer to one message, with its own words (kept as the message's result code).</summary>
public sealed record SubmitOutcome(SubmitVerdict Verdict, string Reason)
{
    public static SubmitOutcome Accepted(string reason) => new(SubmitVerdict.Accepted, reason);

    public static SubmitOutcome RetryLater(string reason) => new(SubmitVerdict.RetryLater, reason);

    public static SubmitOutcome Refused(string reason) => new(SubmitVerdict.Refused, reason);

    public static SubmitOutcome InDoubt(string reason) => new(SubmitVerdict.InDoubt, reason);
}

/// <summary>One message as it goes to the gateway: the console's own id comes back with its delivery reports.</summary>
public sealed record OutgoingSms(Guid AccountId, Guid MessageId, string Mobile, string Text);

/// <summary>Whether the gateway can take messages now: configured, its SMS box connected and every SMSC online.</summary>
public sealed record GatewayStatus(bool Configured, bool Connected, string Detail);

/// <summary>
/// The SMS gateway the console submits through. The rest of the console knows only this; the one implementation is
/// <see cref="KannelGateway"/>.
/// </summary>
public interface ISmsGateway
{
    /// <summary>
    /// Submits one message; never throws for the gateway's failures: <see cref="SubmitVerdict.RetryLater"/> when the
    /// request surely did not reach it, <see cref="SubmitVerdict.InDoubt"/> when it may have.
    /// </summary>
    Task<SubmitOutcome> SubmitAsync(OutgoingSms sms, CancellationToken ct);

    Task<GatewayStatus> StatusAsync(CancellationToken ct);
}
