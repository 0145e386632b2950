using System.Collections.Frozen;
using System.Text.Json;
using KooMessage.Console.Common.Text;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceNumbers.Regions;

/// <summary>A province (or municipality) of mainland China with its prefecture-level cities (a municipality: its districts).</summary>
public sealed record Province(string Code, string Name, IReadOnlyList<City> Cities);

public sealed record City(string Code, string Name, string ProvinceCode);

/// <summary>
/// The regions a service number's signature or a channel number's binding can cover (appendix 智能信息服务号支持的省市地区:
/// 全国 → 省 → 市), from GB/T 2260 data shipped with the console (Regions/README.md names its source).
/// </summary>
public sealed class ChinaRegions
{
    private const string ResourceName = "KooMessage.Console.Features.ServiceNumbers.Regions.china-regions-pc.json";

    private readonly FrozenDictionary<string, Province> provinces;
    private readonly FrozenDictionary<string, City> cities;

    private ChinaRegions(IReadOnlyList<Province> all)
    {
        Provinces = all;
        provinces = all.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);
        cities = all.SelectMany(p => p.Cities).ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
    }

    /// <summary>The 31 provinces in GB/T 2260 order.</summary>
    public IReadOnlyList<Province> Provinces { get; }

    public static ChinaRegions Default { get; } = Load();

    public Province? FindProvince(string code) => provinces.GetValueOrDefault(code);

    public City? FindCity(string code) => cities.GetValueOrDefault(code);

    /// <summary>
    /// The scope a stored code names (<see cref="RegionScope.Code"/>), or null when the code is malformed or names a
    /// province or city this data does not hold, or a city outside its province.
    /// </summary>
    public RegionScope? Parse(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        if (code == RegionScope.NationwideCode)
        {
            return RegionScope.Nationwide;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        var provinceCode = colon < 0 ? code : code[..colon];
        if (FindProvince(provinceCode) is not { } province)
        {
            return null;
        }

        if (colon < 0)
        {
            return RegionScope.WholeProvince(province.Code);
        }

        var cityCodes = code[(colon + 1)..].Split(',');
        return cityCodes.Length > 0 && cityCodes.All(c => FindCity(c) is { } city && city.ProvinceCode == province.Code)
            && cityCodes.Distinct(StringComparer.Ordinal).Count() == cityCodes.Length
            ? RegionScope.CitiesOf(province.Code, cityCodes)
            : null;
    }

    /// <summary>The scope in words in the UI language: 全国, a province's name, or a province › its cities.</summary>
    public string Describe(RegionScope scope, IStringLocalizer l)
    {
        if (scope.ProvinceCode is not { } code)
        {
            return l["Regions.Nationwide"];
        }

        var name = FindProvince(code)?.Name ?? code;
        return scope.CityCodes.IsEmpty ? name : $"{name} › {l.JoinList(scope.CityCodes.Select(c => FindCity(c)?.Name ?? c))}";
    }

    private static ChinaRegions Load()
    {
        using var stream = typeof(ChinaRegions).Assembly.GetManifestResourceStream(ResourceName) ?? throw new InvalidDataException($"Resource {ResourceName} is missing");
        var rows = JsonSerializer.Deserialize<List<Row>>(stream, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{ResourceName} is empty");
        return new ChinaRegions([.. rows.Select(p => new Province(p.Code, p.Name, [.. (p.Children ?? []).Select(c => new City(c.Code, c.Name, p.Code))]))]);
    }

    private sealed record Row(string Code, string Name, List<Row>? Children);
}
