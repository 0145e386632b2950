using KooMessage.Console.Features.ServiceNumbers.Regions;
using KooMessage.Console.Resources;
using KooMessage.Console.Tests;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.UnitTests.ServiceNumbers;

public sealed class RegionScopeTests
{
    private static readonly ChinaRegions Regions = ChinaRegions.Default;

    private static readonly IStringLocalizer L =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(SharedResource));

    [Fact]
    public void Data_HoldsThe31MainlandProvincesWithTheirCities()
    {
        Assert.Equal(31, Regions.Provinces.Count);
        var guangdong = Regions.FindProvince("44");
        Assert.Equal("广东省", guangdong?.Name);
        Assert.Equal("深圳市", Regions.FindCity("4403")?.Name);
        Assert.Equal("44", Regions.FindCity("4403")?.ProvinceCode);
        Assert.All(Regions.Provinces, p => Assert.NotEmpty(p.Cities));
    }

    [Theory]
    [InlineData("0", "44", true)]
    [InlineData("0", "44:4403", true)]
    [InlineData("44", "44", true)]
    [InlineData("44", "44:4403", true)]
    [InlineData("44:4403", "44:4401,4403", true)]
    [InlineData("44:4403", "44:4401", false)]
    [InlineData("44", "45", false)]
    [InlineData("44:4403", "45:4501", false)]
    [InlineData("11", "12", false)]
    public void Overlaps_NationwideCoversAllProvinceCoversItsCitiesCitiesOnlyWhenShared(string a, string b, bool overlap)
    {
        var left = Regions.Parse(a)!;
        var right = Regions.Parse(b)!;

        Assert.Equal(overlap, left.Overlaps(right));
        Assert.Equal(overlap, right.Overlaps(left));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("44")]
    [InlineData("44:4401,4403")]
    public void Parse_RoundTripsTheStoredCode(string code) => Assert.Equal(code, Regions.Parse(code)!.Code);

    [Fact]
    public void CitiesOf_OrdersAndDeduplicates() =>
        Assert.Equal("44:4401,4403", RegionScope.CitiesOf("44", ["4403", "4401", "4403"]).Code);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("99")]
    [InlineData("44:")]
    [InlineData("44:4501")]
    [InlineData("44:4403,4403")]
    [InlineData("44:9999")]
    [InlineData("全国")]
    public void Parse_RefusesUnknownCodesAndCitiesOutsideTheirProvince(string? code) => Assert.Null(Regions.Parse(code));

    [Fact]
    public void Describe_NamesTheProvinceAndItsCitiesInTheUiLanguage()
    {
        using (CultureScope.Use("zh-CN"))
        {
            Assert.Equal("全国", Regions.Describe(RegionScope.Nationwide, L));
            Assert.Equal("广东省", Regions.Describe(Regions.Parse("44")!, L));
            Assert.Equal("广东省 › 广州市、深圳市", Regions.Describe(Regions.Parse("44:4403,4401")!, L));
        }

        using (CultureScope.Use("en"))
        {
            Assert.Equal("Nationwide", Regions.Describe(RegionScope.Nationwide, L));
            Assert.Equal("广东省 › 广州市, 深圳市", Regions.Describe(Regions.Parse("44:4403,4401")!, L));
        }
    }
}
