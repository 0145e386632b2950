using System.Collections.Concurrent;
using KooMessage.Console.Features.Templates.Document;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>What the resolve host makes of a visitor's user agent: a class, the vendor it suggests, and whether it is a bot or scanner.</summary>
public sealed record UserAgentClass(string Agent, Vendor? Vendor, bool IsBot);

/// <summary>
/// Classifies user agents by substrings (data, not code paths): link-preview bots, command-line clients and security
/// scanners are bots (they never consume a resolve); phone makers' markers name the vendor.
/// </summary>
public static class UserAgents
{
    public const string Bot = "bot";
    public const string Phone = "phone";
    public const string Tablet = "tablet";
    public const string Desktop = "desktop";
    public const string Unknown = "unknown";

    /// <summary>Link previews of messengers and social apps, crawlers, HTTP libraries and security scanners.</summary>
    public static readonly IReadOnlyList<string> BotMarkers =
    [
        "bot", "crawler", "spider", "slurp", "preview", "facebookexternalhit", "embedly", "whatsapp", "telegram", "slack",
        "discord", "skypeuripreview", "linkedin", "pinterest", "vkshare", "redditbot", "bingpreview", "google-inspectiontool",
        "headlesschrome", "phantomjs", "curl/", "wget/", "python-requests", "python-urllib", "aiohttp", "go-http-client",
        "java/", "okhttp", "apache-httpclient", "libwww-perl", "httpie", "postman", "insomnia", "axios/", "node-fetch",
        "nmap", "nikto", "sqlmap", "masscan", "zgrab", "nuclei", "burp", "acunetix", "netsparker", "qualys", "nessus",
        "openvas", "urlscan", "virustotal", "safebrowsing", "scanner", "checker", "monitor", "fetcher",
    ];

    /// <summary>Substrings of phone user agents per vendor (model prefixes and the vendors' browsers and SMS apps).</summary>
    public static readonly IReadOnlyList<(string Marker, Vendor Vendor)> VendorMarkers =
    [
        ("honor", Vendor.Huawei), ("huawei", Vendor.Huawei), ("harmonyos", Vendor.Huawei), ("openharmony", Vendor.Huawei), ("hbrowser", Vendor.Huawei),
        ("xiaomi", Vendor.Xiaomi), ("miuibrowser", Vendor.Xiaomi), ("redmi", Vendor.Xiaomi), ("; mi ", Vendor.Xiaomi), ("hyperos", Vendor.Xiaomi),
        ("oppo", Vendor.Oppo), ("heytapbrowser", Vendor.Oppo), ("oneplus", Vendor.Oppo), ("realme", Vendor.Oppo), ("coloros", Vendor.Oppo),
        ("vivo", Vendor.Vivo), ("vivobrowser", Vendor.Vivo), ("iqoo", Vendor.Vivo),
        ("meizu", Vendor.Meizu), ("mz-", Vendor.Meizu), ("flyme", Vendor.Meizu),
        ("samsung", Vendor.Samsung), ("sm-", Vendor.Samsung),
    ];

    /// <summary>User agents already classified: phones of one model send one string, so most visits are a lookup.</summary>
    private static readonly ConcurrentDictionary<string, UserAgentClass> Known = new(StringComparer.Ordinal);

    /// <summary>How many distinct user agents <see cref="Known"/> holds at most, and how long one may be (beyond either, a user agent is classified each time).</summary>
    public const int KnownMax = 10_000;

    public const int KnownLengthMax = 512;

    public static UserAgentClass Classify(string? userAgent)
    {
        var key = userAgent ?? "";
        if (Known.TryGetValue(key, out var known))
        {
            return known;
        }

        var found = ClassifyAnew(key);
        if (key.Length <= KnownLengthMax && Known.Count < KnownMax)
        {
            Known.TryAdd(key, found);
        }

        return found;
    }

    private static UserAgentClass ClassifyAnew(string userAgent)
    {
        var ua = userAgent.ToLowerInvariant();
        if (ua.Length == 0)
        {
            // No user agent at all: a script, not a phone.
            return new(Bot, null, true);
        }

        if (BotMarkers.Any(m => ua.Contains(m, StringComparison.Ordinal)))
        {
            return new(Bot, null, true);
        }

        var vendor = VendorMarkers.Where(m => ua.Contains(m.Marker, StringComparison.Ordinal)).Select(m => (Vendor?)m.Vendor).FirstOrDefault();
        var agent = ua.Contains("ipad", StringComparison.Ordinal) || ua.Contains("tablet", StringComparison.Ordinal) ? Tablet
            : ua.Contains("mobile", StringComparison.Ordinal) || ua.Contains("iphone", StringComparison.Ordinal) || ua.Contains("android", StringComparison.Ordinal) ? Phone
            : ua.Contains("windows", StringComparison.Ordinal) || ua.Contains("macintosh", StringComparison.Ordinal) || ua.Contains("x11", StringComparison.Ordinal) ? Desktop
            : Unknown;
        return new(agent, vendor, false);
    }
}
