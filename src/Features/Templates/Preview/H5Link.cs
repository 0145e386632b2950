using KooMessage.Console.Features.Templates.Document;

namespace KooMessage.Console.Features.Templates.Preview;

/// <summary>
/// What a component's action does on the H5 page, where the web can do it: OPEN_URL and OPEN_BROWSER open their https
/// address (in a new tab), DIAL_PHONE, OPEN_SMS and OPEN_EMAIL hand over to the phone (tel:, sms:, mailto:). Other
/// actions (apps, quick apps, calendar, map, popup, copy, picture viewer) only work inside the card: no link.
/// </summary>
public sealed record H5Link(string Href, string? Target)
{
    /// <summary>The link of an action, its fields filled by <paramref name="fill"/> (dynamic parameters); null when the web cannot do it.</summary>
    public static H5Link? For(ActionType? type, TemplateAction? action, Func<string, string> fill)
    {
        var target = fill(action?.Target ?? "").Trim();
        if (target.Length == 0)
        {
            return null;
        }

        return type switch
        {
            ActionType.OpenUrl or ActionType.OpenBrowser when Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                => new H5Link(uri.AbsoluteUri, "_blank"),
            ActionType.DialPhone when Phone(target) is { } phone => new H5Link("tel:" + phone, null),
            ActionType.OpenSms when Phone(target) is { } phone => new H5Link("sms:" + phone + Query(("body", action?.Body, fill)), null),
            ActionType.OpenEmail when target.Contains('@', StringComparison.Ordinal) && !target.Any(c => char.IsWhiteSpace(c) || c is '?' or '&' or '/')
                => new H5Link("mailto:" + Uri.EscapeDataString(target).Replace("%40", "@", StringComparison.Ordinal)
                    + Query(("subject", action?.Subject, fill), ("body", action?.Body, fill)), null),
            _ => null,
        };
    }

    /// <summary>A phone number as tel: and sms: take it: digits, a leading +, separators dropped; null when it is not one.</summary>
    private static string? Phone(string text)
    {
        var kept = string.Concat(text.Where(c => !(c is ' ' or '-' or '(' or ')')));
        var digits = kept.StartsWith('+') ? kept[1..] : kept;
        return digits.Length is > 0 and <= 20 && digits.All(char.IsAsciiDigit) ? kept : null;
    }

    private static string Query(params (string Name, string? Value, Func<string, string> Fill)[] fields)
    {
        var parts = fields.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => f.Name + "=" + Uri.EscapeDataString(f.Fill(f.Value!))).ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
