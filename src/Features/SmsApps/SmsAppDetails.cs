using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Shared;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KooMessage.Console.Features.SmsApps;

/// <summary>How an SMS app reads outside its form: the list's state tag and 查看.</summary>
public static class SmsAppDetails
{
    public static Color StatusColor(SmsAppStatus status) => status switch
    {
        SmsAppStatus.Launched => Color.Success,
        SmsAppStatus.Suspended => Color.Error,
        _ => Color.Info,
    };

    /// <summary>The app as 查看 shows it; it is submitted for launch when it is created.</summary>
    public static ItemDetail For(SmsAppRow app, IStringLocalizer l, UserContext me) =>
        new(
            l[$"SmsAppStatus.{app.Status}"], StatusColor(app.Status), app.StatusReason,
            [
                new(l["Field.AppName"], app.Name),
                new(l["Field.UpLink"], app.UpLinkAddress),
                new(l["Field.SubmittedAt"], UserTime.Format(app.CreatedAt, me)),
            ],
            []);
}
