using KooMessage.Console.Common.Text;

namespace KooMessage.Console.UnitTests.Common;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("最\u200B佳", "最佳")]
    [InlineData("A\u200Cc\u200Dm\u2060e", "Acme")]
    [InlineData("\uFEFFAcme", "Acme")]
    [InlineData("Ac\u00ADme", "Acme")]
    [InlineData("\u202EAcme\u202C", "Acme")]
    [InlineData("Ac\u0007me\u007F", "Acme")]
    [InlineData("Ac\u034Fme\uFE0F", "Acme")]
    [InlineData("Ac\u3164me", "Acme")]
    public void Normalize_InvisibleCharacters_Removed(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("最\u00A0佳")]
    [InlineData("最\u3000佳")]
    [InlineData("最\u2009佳")]
    [InlineData("最\u202F佳")]
    [InlineData("最\u1680佳")]
    [InlineData("最\t佳")]
    [InlineData("最\u2800佳")]
    public void Normalize_AnySpace_BecomesPlainSpace(string text)
    {
        Assert.Equal("最 佳", TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("１００％", "100%")]
    [InlineData("ｌｉ．ｌｅｉ＠ｅｘａｍｐｌｅ．ｃｏｍ", "li.lei@example.com")]
    [InlineData("ｶﾀｶﾅ", "カタカナ")]
    public void Normalize_FullAndHalfWidth_Folded(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("ﬁrst", "first")]
    [InlineData("①号", "1号")]
    [InlineData("㈱星河", "(株)星河")]
    [InlineData("Ⅻ", "XII")]
    [InlineData("e\u0301", "\u00E9")]
    [InlineData("e\u200B\u0301", "\u00E9")]
    [InlineData("最\u0301佳", "最佳")]
    [InlineData("1\u20DD号", "1号")]
    [InlineData("Zoe\u0308", "Zo\u00EB")]
    public void Normalize_CompatibilityCharacters_PlainForm(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Normalize_LineBreaksOfEveryKind_OneNewLineEach()
    {
        Assert.Equal("a\nb\nc\nd\ne", TextNormalizer.Normalize("a\r\nb\rc\u2028d\u0085e"));
    }

    [Fact]
    public void Normalize_LoneSurrogate_DroppedInsteadOfThrowing()
    {
        Assert.Equal("ab", TextNormalizer.Normalize("a\uD800b"));
        Assert.Equal("a😀", TextNormalizer.Normalize("a\uDE00😀"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Normalize_Nothing_Empty(string? text)
    {
        Assert.Equal("", TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("星河\u200B科技\u3000有限公司")]
    [InlineData("Ａｃｍｅ\u00A0Ｌｔｄ．")]
    [InlineData("e\u200B\u0301\u00A8x")]
    [InlineData("ﾞ\uFFA0ｶﾞ")]
    public void Normalize_Twice_SameAsOnce(string text)
    {
        var once = TextNormalizer.Normalize(text);

        Assert.Equal(once, TextNormalizer.Normalize(once));
    }

    [Theory]
    [InlineData(" \u3000星河\u00A0\u00A0科技\n ", "星河 科技")]
    [InlineData("\u200BAcme\u200B", "Acme")]
    [InlineData("Ａｃｍｅ　Ｌｔｄ", "Acme Ltd")]
    public void Name_SpacesCollapsedAndTrimmed(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Name(text));
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u00AD\uFEFF\u2060")]
    [InlineData(" \u00A0\u3000\t")]
    public void Name_OnlyInvisibleOrSpace_Empty(string text)
    {
        Assert.Equal("", TextNormalizer.Name(text));
    }

    [Theory]
    [InlineData("最 佳", "最佳")]
    [InlineData("最\u00A0\u200B佳\u3000产品", "最佳产品")]
    [InlineData("１ ０ ０ ％", "100%")]
    public void Compact_EveryWhiteSpaceRemoved(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Compact(text));
    }

    [Theory]
    [InlineData("最\u0301佳", "最佳")]
    [InlineData("Ｓａｌ\u0301e", "Sale")]
    [InlineData("最\u2800佳", "最佳")]
    public void Compact_AccentsAndBlanksInsideAWord_Removed(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Compact(text));
    }
}
