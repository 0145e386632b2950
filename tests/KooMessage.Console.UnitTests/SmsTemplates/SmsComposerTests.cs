using KooMessage.Console.Features.SmsTemplates;

namespace KooMessage.Console.UnitTests.SmsTemplates;

public sealed class SmsComposerTests
{
    private static readonly SmsTemplateVariable[] Order =
    [
        new() { Index = 1, Type = SmsVariableType.CHARDIGIT },
        new() { Index = 2, Type = SmsVariableType.NEWTEXT },
        new() { Index = 3, Type = SmsVariableType.PHONE },
    ];

    [Fact]
    public void Compose_FillsVariablesReplacesLinkSlotAddsSignatureAndOptOut()
    {
        var text = SmsComposer.Compose("星河", "订单${1}已发货，详情 ${2} ，客服${3}。", Order,
            new Dictionary<int, string> { [1] = "A100", [3] = "4008001234", [2] = "不应出现" }, "km.example.com/s/AbC1234");

        Assert.Equal("【星河】订单A100已发货，详情 km.example.com/s/AbC1234 ，客服4008001234。拒收请回复R", text);
    }

    [Fact]
    public void Compose_ContentEndingWithOptOut_NotAddedTwice()
    {
        var text = SmsComposer.Compose("星河", "点击 ${2} 查看。拒收请回复R", Order, new Dictionary<int, string>(), "k.cn/s/1234567");

        Assert.Equal("【星河】点击 k.cn/s/1234567 查看。拒收请回复R", text);
    }

    [Fact]
    public void Compose_ValueMissingOrPlaceholderUndeclared_PlaceholderLeftForTheDryRunToReport()
    {
        var text = SmsComposer.Compose("星河", "${1}${2}${9}", Order, new Dictionary<int, string>(), "L");

        Assert.Equal("【星河】${1}L${9}拒收请回复R", text);
    }

    [Fact]
    public void Compose_ValueContainingAPlaceholder_NotExpandedAgain()
    {
        var text = SmsComposer.Compose("星", "${1}-${3}", Order, new Dictionary<int, string> { [1] = "${3}", [3] = "x" }, "L");

        Assert.Equal("【星】${3}-x拒收请回复R", text);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(69, 1)]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void Segments_SeventyFitOneLongerGoInPartsOfSixtySeven(int length, int segments)
    {
        var text = new string('中', length);

        Assert.Equal(segments, SmsComposer.Segments(text));
        Assert.Equal(new SmsLength(length, segments), SmsComposer.Measure(text));
    }

    [Fact]
    public void Measure_EmojiOutsideTheBasicPlane_CountsTwo()
    {
        var text = new string('中', 68) + "😀";

        Assert.Equal(new SmsLength(70, 1), SmsComposer.Measure(text));
        Assert.Equal(new SmsLength(71, 2), SmsComposer.Measure(text + "a"));
    }

    [Fact]
    public void Measure_LettersDigitsAndLineBreaks_CountOneEach() =>
        Assert.Equal(new SmsLength(5, 1), SmsComposer.Measure("a1\n,中"));

    [Fact]
    public void Estimate_VariablesAtOneAndAtTheirLongest_LinkAsGiven()
    {
        // 【星】 3 + content (2 + link 14) + tail 6 = 25 with CHARDIGIT and PHONE at 1; at their longest 20 and 15.
        var (shortest, longest) = SmsComposer.Estimate("星", "${1}${2}${3}", Order, "k.cn/s/1234567");

        Assert.Equal(3 + 1 + 14 + 1 + 6, shortest.Characters);
        Assert.Equal(3 + 20 + 14 + 15 + 6, longest.Characters);
        Assert.Equal(1, longest.Segments);
    }

    [Fact]
    public void Estimate_TemplateCrossingSeventyOnlyAtLongest_RangeOfSegments()
    {
        // 【星】 3 + 40 + link 7 + CHARDIGIT (1..20) + tail 6: 57 at the shortest, 76 at the longest.
        var variables = new SmsTemplateVariable[] { new() { Index = 1, Type = SmsVariableType.CHARDIGIT }, new() { Index = 2, Type = SmsVariableType.NEWTEXT } };

        var (shortest, longest) = SmsComposer.Estimate("星", new string('文', 40) + "${2}${1}", variables, "1234567");

        Assert.Equal(new SmsLength(57, 1), shortest);
        Assert.Equal(new SmsLength(76, 2), longest);
    }
}
