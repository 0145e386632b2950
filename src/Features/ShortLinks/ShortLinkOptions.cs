namespace KooMessage.Console.Features.ShortLinks;

/// <summary>The resolve host's configuration (section <c>ShortLinks</c>).</summary>
public sealed class ShortLinkOptions
{
    public const string Section = "ShortLinks";

    /// <summary><see cref="ShortLink.DomainKey"/> of links on the console's own host.</summary>
    public const string DefaultDomainKey = "default";

    /// <summary>The default domain's path on the console's own host: no console route starts with it.</summary>
    public string Prefix { get; set; } = "/s";

    /// <summary>The console's public host for the default domain's links (e.g. <c>km.example.com</c>); empty: the address the console is opened at.</summary>
    public string DefaultHost { get; set; } = "";

    /// <summary>Where an expired, used-up, disabled or unknown link sends the visitor instead of the friendly page; empty: the friendly page.</summary>
    public string FallbackUrl { get; set; } = "";

    /// <summary>How many links the resolve host keeps in memory (each entry costs one unit).</summary>
    public int SnapshotSize { get; set; } = 100_000;

    /// <summary>The prefix with one leading slash and none at the end.</summary>
    public string NormalizedPrefix => "/" + Prefix.Trim('/');
}
