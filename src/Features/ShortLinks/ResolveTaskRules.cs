using System.Security.Cryptography;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>CreateResolveTask's limits (OAS), as pure checks the service and the tests share.</summary>
public static class ResolveTaskRules
{
    public const int GroupDaysMax = 180;
    public const int IndividualDaysMax = 7;
    public const int DaysMin = 1;
    public const int GroupResolvesMin = 2;
    public const int GroupResolvesMax = 10_000_000;
    public const int SignaturesMin = 1;
    public const int SignaturesMax = 5;
    public const int SignatureMax = 18;
    public const int CustomCodeMin = 3;
    public const int CustomCodeMax = 10;
    public const int CustomUrlMax = 256;
    public const int LinksPerRequest = 100;

    /// <summary>Standard codes: 7 base62 characters, 62^7 ≈ 3.5 × 10^12 codes, so a collision (retried) is rare.</summary>
    public const int StandardCodeLength = 7;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static int DaysMax(ShortLinkType type) => type == ShortLinkType.Group ? GroupDaysMax : IndividualDaysMax;

    public static bool DaysValid(ShortLinkType type, int days) => days >= DaysMin && days <= DaysMax(type);

    /// <summary>Whether <paramref name="expiresAt"/> is after now and no later than the type's maximum after <paramref name="createdAt"/>.</summary>
    public static bool ExpiryValid(ShortLinkType type, DateTime createdAt, DateTime expiresAt, DateTime now) =>
        expiresAt > now && expiresAt <= createdAt.AddDays(DaysMax(type));

    public static bool ResolvesValid(ShortLinkType type, int max) =>
        type == ShortLinkType.Individual ? max == 1 : max is >= GroupResolvesMin and <= GroupResolvesMax;

    public static bool LinkCountValid(ShortLinkType type, int count) =>
        count >= 1 && count <= (type == ShortLinkType.Group ? 1 : LinksPerRequest);

    /// <summary>A signature: 1–18 characters, without 【】 or [] (they are added when the SMS is sent).</summary>
    public static bool SignatureValid(string signature) =>
        signature.Length is >= 1 and <= SignatureMax && signature.IndexOfAny(['【', '】', '[', ']']) < 0;

    public static bool SignatureCountValid(int count) => count is >= SignaturesMin and <= SignaturesMax;

    /// <summary>3–10 ASCII letters or digits.</summary>
    public static bool CustomCodeValid(string code) =>
        code.Length is >= CustomCodeMin and <= CustomCodeMax && code.All(char.IsAsciiLetterOrDigit);

    /// <summary>An absolute http or https address of at most 256 characters as it is stored (<see cref="AsciiUrl"/>).</summary>
    public static bool CustomUrlValid(string url) => AsciiUrl(url) is { Length: <= CustomUrlMax };

    /// <summary>
    /// An absolute http or https address as a Location header can carry it: the host in its ASCII (punycode) form and
    /// every other non-ASCII character percent-encoded (<c>https://example.com/中文</c> → <c>https://example.com/%E4%B8%AD%E6%96%87</c>);
    /// null for anything else.
    /// </summary>
    public static string? AsciiUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0
            ? new UriBuilder(uri) { Host = uri.IdnHost }.Uri.AbsoluteUri
            : null;

    /// <summary>A code of the form the resolve host serves (standard or custom), before it looks anything up.</summary>
    public static bool CodeWellFormed(string code) =>
        code.Length is >= CustomCodeMin and <= CustomCodeMax && code.All(char.IsAsciiLetterOrDigit);

    public static string NewCode() => RandomNumberGenerator.GetString(Base62, StandardCodeLength);

    /// <summary>A domain's path: none, or one or two levels of letters, digits, '-' or '_'.</summary>
    public static bool DomainPathValid(string path) =>
        path.Length == 0 || (path.Length <= ShortDomain.PathMax
            && path.Split('/') is { Length: <= 2 } levels
            && levels.All(s => s.Length is >= 1 and <= 20 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')));

    /// <summary>A host name as the API's domain pattern: labels of letters, digits and '-', at least two.</summary>
    public static bool HostValid(string host) =>
        host.Length <= ShortDomain.HostMax && host.Split('.') is { Length: >= 2 } labels
        && labels.All(l => l.Length is >= 1 and <= 63 && l[0] != '-' && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
}
