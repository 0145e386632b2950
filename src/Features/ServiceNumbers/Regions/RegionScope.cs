using System.Collections.Immutable;

namespace KooMessage.Console.Features.ServiceNumbers.Regions;

/// <summary>
/// The region a signature of a service number or a channel number's binding covers: 全国, one whole province, or some
/// prefecture-level cities of one province. Two scopes overlap when some place lies in both; bindings of one port and
/// signatures of one service number may not overlap (§1.9, §1.10).
/// </summary>
public sealed record RegionScope
{
    /// <summary>The stored code of 全国.</summary>
    public const string NationwideCode = "0";

    private RegionScope(string? provinceCode, ImmutableArray<string> cityCodes)
    {
        ProvinceCode = provinceCode;
        CityCodes = cityCodes;
    }

    public static RegionScope Nationwide { get; } = new(null, []);

    /// <summary>The province's code; null for 全国.</summary>
    public string? ProvinceCode { get; }

    /// <summary>The cities covered, in code order; empty when the whole province (or the whole country) is.</summary>
    public ImmutableArray<string> CityCodes { get; }

    public bool IsNationwide => ProvinceCode is null;

    /// <summary>How the scope is stored: <c>0</c> (全国), <c>44</c> (a province), <c>44:4401,4403</c> (cities of it).</summary>
    public string Code => ProvinceCode is null ? NationwideCode : CityCodes.IsEmpty ? ProvinceCode : $"{ProvinceCode}:{string.Join(',', CityCodes)}";

    public static RegionScope WholeProvince(string provinceCode) => new(provinceCode, []);

    /// <summary>Some cities of a province (none given: the whole province). Check the codes against <see cref="ChinaRegions"/> first.</summary>
    public static RegionScope CitiesOf(string provinceCode, IEnumerable<string> cityCodes) =>
        new(provinceCode, [.. cityCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    public bool Overlaps(RegionScope other)
    {
        if (IsNationwide || other.IsNationwide)
        {
            return true;
        }

        if (!string.Equals(ProvinceCode, other.ProvinceCode, StringComparison.Ordinal))
        {
            return false;
        }

        return CityCodes.IsEmpty || other.CityCodes.IsEmpty || CityCodes.Intersect(other.CityCodes, StringComparer.Ordinal).Any();
    }

    public bool Equals(RegionScope? other) => other is not null && Code == other.Code;

    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Code;
}
