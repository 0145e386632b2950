using System.Collections.Frozen;
using System.Text.Json;

namespace KooMessage.Console.Features.Billing.Bills.Prefixes;

/// <summary>The mainland mobile carriers a number segment belongs to.</summary>
public enum Carrier
{
    Unknown = 0,

    /// <summary>中国移动.</summary>
    Mobile = 1,

    /// <summary>中国联通.</summary>
    Unicom = 2,

    /// <summary>中国电信.</summary>
    Telecom = 3,

    /// <summary>中国广电.</summary>
    Broadnet = 4,
}

/// <summary>
/// Which carrier a mainland mobile number belongs to, from the number segments (网号) kept as data in
/// <c>carrier-prefixes.json</c>: the longest listed prefix (4 digits, else 3) of the 11-digit number decides.
/// </summary>
public sealed class CarrierPrefixes
{
    private const string ResourceName = "KooMessage.Console.Features.Billing.Bills.Prefixes.carrier-prefixes.json";

    private static readonly Lazy<CarrierPrefixes> Loaded = new(Load);

    private readonly FrozenDictionary<string, Carrier> byPrefix;

    private CarrierPrefixes(FrozenDictionary<string, Carrier> byPrefix) => this.byPrefix = byPrefix;

    public static CarrierPrefixes Instance => Loaded.Value;

    /// <summary>Every listed prefix with its carrier.</summary>
    public IReadOnlyDictionary<string, Carrier> All => byPrefix;

    /// <summary>The carrier of an 11-digit mainland number (or of its first four digits), Unknown when no segment matches.</summary>
    public Carrier Of(string? number)
    {
        if (number is not { Length: >= 3 })
        {
            return Carrier.Unknown;
        }

        if (number.Length >= 4 && byPrefix.TryGetValue(number[..4], out var four))
        {
            return four;
        }

        return byPrefix.GetValueOrDefault(number[..3], Carrier.Unknown);
    }

    private static CarrierPrefixes Load()
    {
        using var stream = typeof(CarrierPrefixes).Assembly.GetManifestResourceStream(ResourceName) ?? throw new InvalidDataException($"Resource {ResourceName} is missing");
        var file = JsonSerializer.Deserialize<PrefixFile>(stream, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{ResourceName} is empty");
        return new CarrierPrefixes(file.Prefixes.ToFrozenDictionary(p => p.Prefix, p => Enum.Parse<Carrier>(p.Carrier), StringComparer.Ordinal));
    }

    private sealed record PrefixFile(string Source, List<PrefixRow> Prefixes);

    private sealed record PrefixRow(string Prefix, string Carrier, bool Chosen = false, string? Note = null);
}
