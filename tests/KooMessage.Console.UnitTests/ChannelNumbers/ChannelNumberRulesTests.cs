using KooMessage.Console.Features.ChannelNumbers;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.UnitTests.ChannelNumbers;

public sealed class ChannelNumberRulesTests
{
    private static readonly ChinaRegions Regions = ChinaRegions.Default;

    private static readonly IStringLocalizer<SharedResource> L =
        new StringLocalizer<SharedResource>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    [Theory]
    [InlineData(ChannelNumberType.Normal, "1", null)]
    [InlineData(ChannelNumberType.Normal, "123456789012345678901", null)]
    [InlineData(ChannelNumberType.Normal, "1234567890123456789012", ChannelProblem.NumberTooLong)]
    [InlineData(ChannelNumberType.Prefix, "123456789012345678901", null)]
    [InlineData(ChannelNumberType.Prefix, "1234567890123456789012", ChannelProblem.NumberTooLong)]
    [InlineData(ChannelNumberType.Suffix, "12345", null)]
    [InlineData(ChannelNumberType.Suffix, "1234", ChannelProblem.SuffixLength)]
    [InlineData(ChannelNumberType.Suffix, "123456", ChannelProblem.SuffixLength)]
    [InlineData(ChannelNumberType.Normal, "", ChannelProblem.NumberMissing)]
    [InlineData(ChannelNumberType.Normal, "10690a", ChannelProblem.NumberNotDigits)]
    [InlineData(ChannelNumberType.Normal, "1069-0", ChannelProblem.NumberNotDigits)]
    [InlineData(ChannelNumberType.Normal, "١٢٣", ChannelProblem.NumberNotDigits)]
    public void CheckNumber_TypeAndLength_AtBelowAndAboveTheLimits(ChannelNumberType type, string number, ChannelProblem? expected) =>
        Assert.Equal(expected, ChannelNumberRules.CheckNumber(type, number));

    [Fact]
    public void NormalizeNumber_FullWidthDigitsAndSpaces_FoldToPlainDigits() =>
        Assert.Equal("10690123", ChannelNumberRules.NormalizeNumber("１０６９ ０１２３"));

    [Theory]
    [InlineData(ChannelNumberType.Normal, false, null)]
    [InlineData(ChannelNumberType.Normal, true, null)]
    [InlineData(ChannelNumberType.Prefix, false, ChannelProblem.SignCheckRequired)]
    [InlineData(ChannelNumberType.Prefix, true, null)]
    [InlineData(ChannelNumberType.Suffix, false, ChannelProblem.SignCheckRequired)]
    [InlineData(ChannelNumberType.Suffix, true, null)]
    public void CheckSignCheck_PrefixAndSuffixRanges_MustCheck(ChannelNumberType type, bool signCheck, ChannelProblem? expected) =>
        Assert.Equal(expected, ChannelNumberRules.CheckSignCheck(type, signCheck));

    [Theory]
    [InlineData(new[] { "星河" }, null)]
    [InlineData(new[] { "星" }, ChannelProblem.SignatureLength)]
    [InlineData(new[] { "一二三四五六七八九十一二三四五六七八" }, null)]
    [InlineData(new[] { "一二三四五六七八九十一二三四五六七八九" }, ChannelProblem.SignatureLength)]
    [InlineData(new[] { "甲乙", "丙丁", "戊己", "庚辛", "壬癸" }, null)]
    [InlineData(new[] { "甲乙", "丙丁", "戊己", "庚辛", "壬癸", "子丑" }, ChannelProblem.TooManySignatures)]
    [InlineData(new string[0], ChannelProblem.SignaturesMissing)]
    [InlineData(new[] { "  ", "" }, ChannelProblem.SignaturesMissing)]
    [InlineData(new[] { "星河", "星河" }, ChannelProblem.SignatureRepeated)]
    [InlineData(new[] { "ＫＭ科技", "KM科技" }, ChannelProblem.SignatureRepeated)]
    public void CheckSignatures_CountLengthAndRepeats_AfterNfkc(string[] typed, ChannelProblem? expected) =>
        Assert.Equal(expected, ChannelNumberRules.CheckSignatures(ChannelNumberRules.NormalizeSignatures(typed)));

    [Fact]
    public void NormalizeSignatures_FullWidthAndInvisibleCharacters_StoredPlain() =>
        Assert.Equal(["KM科技", "星河"], ChannelNumberRules.NormalizeSignatures(["ＫＭ科技", " 星\u200B河 ", ""]));

    [Theory]
    [InlineData(ChannelNumberType.Suffix, "12345", new[] { "星河" }, false, nameof(ChannelNumberForm.SignCheck))]
    [InlineData(ChannelNumberType.Suffix, "1234", new[] { "星河" }, true, nameof(ChannelNumberForm.Number))]
    [InlineData(ChannelNumberType.Normal, "106900", new[] { "星" }, false, nameof(ChannelNumberForm.Signatures))]
    public async Task Validator_EachRule_ReportedAtItsField(ChannelNumberType type, string number, string[] signatures, bool signCheck, string field)
    {
        var form = new ChannelNumberForm { Type = type, Number = number, Signatures = [.. signatures], SignCheck = signCheck };

        var result = await new ChannelNumberFormValidator(L).ValidateAsync(form);

        Assert.Equal(field, Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public async Task Validator_ValidForm_Passes()
    {
        var form = new ChannelNumberForm { Type = ChannelNumberType.Prefix, Number = "10690", Signatures = ["星河", "星河商城"], SignCheck = true };

        Assert.True((await new ChannelNumberFormValidator(L).ValidateAsync(form)).IsValid);
    }

    private sealed record Bound(string Name, string Region);

    [Theory]
    [InlineData("0", "44", true)]
    [InlineData("44", "0", true)]
    [InlineData("44", "44:4403", true)]
    [InlineData("44:4403", "44", true)]
    [InlineData("44:4403", "44:4401,4403", true)]
    [InlineData("44:4403", "44:4401", false)]
    [InlineData("44", "45", false)]
    [InlineData("44:4403", "11", false)]
    public void Overlapping_NationwideProvinceAndCities_FindsTheBindingInTheWay(string taken, string wanted, bool clash)
    {
        Bound[] existing = [new("taken", taken), new("上海", "31")];

        var found = ChannelNumberRules.Overlapping(Regions.Parse(wanted)!, existing, b => Regions.Parse(b.Region));

        Assert.Equal(clash ? "taken" : null, found?.Name);
    }

    [Fact]
    public void BindingForm_Region_ProvinceCitiesOrNationwide()
    {
        Assert.Equal(RegionScope.Nationwide, new ChannelBindingForm { ProvinceCode = "0" }.Region(Regions));
        Assert.Equal("44", new ChannelBindingForm { ProvinceCode = "44" }.Region(Regions)!.Code);
        Assert.Equal("44:4401,4403", new ChannelBindingForm { ProvinceCode = "44", CityCodes = ["4403", "4401"] }.Region(Regions)!.Code);
        Assert.Null(new ChannelBindingForm { ProvinceCode = "44", CityCodes = ["1101"] }.Region(Regions));
        Assert.Null(new ChannelBindingForm().Region(Regions));
    }

    [Fact]
    public void ImportChecker_EveryKindOfBadRow_RefusedWithItsProblem()
    {
        var (columns, missing) = ChannelImportFile.Columns(["通道号类型", "通道号", "签名", "是否校验签名"]);
        Assert.Empty(missing);
        var checker = new ChannelImportChecker(columns!, new HashSet<string>(StringComparer.Ordinal) { "106900000001" });

        var ok = checker.Check(2, ["1", "106900001234", "星河科技；星河商城", "1"]);
        Assert.Equal((2, ChannelNumberType.Normal, "106900001234", true), (ok.Port!.Row, ok.Port.Type, ok.Port.Number, ok.Port.SignCheck));
        Assert.Equal(["星河科技", "星河商城"], ok.Port.Signatures);
        Assert.Equal(ChannelNumberType.Suffix, checker.Check(3, ["后缀号段", "12345", "星河", "是"]).Port?.Type);

        Assert.Equal([ChannelProblem.TypeUnknown], Problems(checker.Check(4, ["2", "106900002222", "星河", "0"])));
        Assert.Equal([ChannelProblem.NumberNotDigits], Problems(checker.Check(5, ["1", "10690x", "星河", "0"])));
        Assert.Equal([ChannelProblem.SuffixLength], Problems(checker.Check(6, ["5", "1234", "星河", "1"])));
        Assert.Equal([ChannelProblem.DuplicateInFile], Problems(checker.Check(7, ["1", "106900001234", "星河", "0"])));
        Assert.Equal("2", checker.Check(8, ["1", "106900001234", "星河", "0"]).Issues[0].Argument);
        Assert.Equal([ChannelProblem.Exists], Problems(checker.Check(9, ["1", "106900000001", "星河", "0"])));
        Assert.Equal([ChannelProblem.SignatureLength], Problems(checker.Check(10, ["1", "106900003333", "星", "0"])));
        Assert.Equal([ChannelProblem.SignCheckRequired], Problems(checker.Check(11, ["3", "10690", "星河", "0"])));
        Assert.Equal([ChannelProblem.SignCheckUnreadable], Problems(checker.Check(12, ["1", "106900004444", "星河", "也许"])));
        Assert.Equal([ChannelProblem.NumberMissing, ChannelProblem.SignaturesMissing], Problems(checker.Check(13, ["1", "", "", ""])));
    }

    [Fact]
    public void ImportColumns_MissingHeader_Named()
    {
        var (columns, missing) = ChannelImportFile.Columns(["通道号", "签名"]);

        Assert.Null(columns);
        Assert.Equal(["通道号类型"], missing);
    }

    [Fact]
    public void TemplateWorkbook_HeaderAndExampleRow_PassTheChecks()
    {
        using var stream = new MemoryStream(ChannelImportFile.TemplateWorkbook());
        var rows = Features.ShortLinks.BulkLinkFile.Rows(stream).ToList();

        Assert.Equal(ChannelImportFile.Header, rows[0].Cells);
        var (columns, _) = ChannelImportFile.Columns(rows[0].Cells);
        var example = new ChannelImportChecker(columns!, new HashSet<string>()).Check(rows[1].Row, rows[1].Cells);
        Assert.Empty(example.Issues);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void Describe_EveryProblem_HasAText()
    {
        foreach (var problem in Enum.GetValues<ChannelProblem>())
        {
            var text = ChannelNumberRules.Describe(problem, L, "7");
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.DoesNotContain("ChannelNumbers.", text, StringComparison.Ordinal);
        }
    }

    private static ChannelProblem[] Problems(ChannelRowResult result) => [.. result.Issues.Select(i => i.Problem)];
}
