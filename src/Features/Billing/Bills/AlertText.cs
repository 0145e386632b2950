using System.Globalization;
using KooMessage.Console.Common.Security;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing.Bills;

/// <summary>An alert in words, for the app bar and the bills page.</summary>
public static class AlertText
{
    public static string Of(BillingAlert alert, IStringLocalizer l, UserContext user)
    {
        var package = $"{l[$"PackageFamily.{alert.Family}"]} {alert.SpecName}";
        return alert.Kind switch
        {
            BillingAlertKind.LowRemaining => l["BillingAlerts.Kind.LowRemaining", package, alert.Remaining.ToString("N0", CultureInfo.InvariantCulture)],
            BillingAlertKind.Expiring => l["BillingAlerts.Kind.Expiring", package, alert.ExpiresAt is { } at ? UserTime.Format(at, user) : ""],
            BillingAlertKind.LowBalance => l["BillingAlerts.Kind.LowBalance", Money.Format(alert.BalanceFen)],
            _ => l["BillingAlerts.Kind.Arrears", Money.Format(alert.BalanceFen), l[$"ArrearsState.{alert.Arrears}"]],
        };
    }
}
