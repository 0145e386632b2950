namespace KooMessage.Console.Features.Billing;

/// <summary>Billing's settings (section "Billing").</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>宽限期: how long an account below zero keeps its service before retention.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long after an hour ends its on-demand usage is settled (usage of 08:00–09:00 is charged around 10:00).</summary>
    public TimeSpan SettlementDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether a send the balance and packages cannot pay is refused before it starts (the tests of other modules turn it off).</summary>
    public bool RefuseUncovered { get; set; } = true;
}
