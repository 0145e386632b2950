using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Preview;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.UnitTests.Templates;

public sealed class VendorRenderProfileTests
{
    // 18 characters.
    private const string LongTitle = "春季焕新大促全场满三百减五十再送好礼";

    [Fact]
    public void Render_LongTitle_HuaweiCutsToOneLineOf17_XiaomiShowsItWhole()
    {
        var document = TemplateSamples.For("StandardImageAndText");
        var huawei = VendorRenderProfile.For(document, Vendor.Huawei).Render(TextRole.Title, LongTitle + "啊啊");
        var xiaomi = VendorRenderProfile.For(document, Vendor.Xiaomi).Render(TextRole.Title, LongTitle + "啊啊");

        Assert.Equal((true, "春季焕新大促全场满三百减五十再送…"), (huawei.Cut, huawei.Text));
        Assert.Equal(17, TextMeasure.Length(huawei.Text));
        Assert.Equal((false, LongTitle + "啊啊"), (xiaomi.Cut, xiaomi.Text));
    }

    [Fact]
    public void Render_VivoTitle_WrapsIntoTwoLinesOf15()
    {
        var rendered = VendorRenderProfile.For(TemplateSamples.For("StandardImageAndText"), Vendor.Vivo).Render(TextRole.Title, LongTitle + "啊啊");

        Assert.Equal(new[] { "春季焕新大促全场满三百减五十再", "送好礼啊啊" }, rendered.Lines.ToArray());
        Assert.False(rendered.Cut);
    }

    [Fact]
    public void Render_Body_FillsParametersFromTheExamples()
    {
        var rendered = VendorRenderProfile.For(TemplateSamples.For("StandardImageAndText"), Vendor.Meizu).Render(TextRole.Body, TemplateSamples.Body);

        Assert.Equal("张三您好，新品已到店", rendered.Text);
    }

    [Theory]
    [InlineData("一二三四五", 2, 4, new[] { "一二", "三…" }, true)]
    [InlineData("一二三四", 2, 4, new[] { "一二", "三四" }, false)]
    [InlineData("一\n二\n三", 2, 10, new[] { "一", "…" }, true)]
    [InlineData("一二", 1, 17, new[] { "一二" }, false)]
    public void Cut_LinesTimesCharacters_EndsACutTextWithAnEllipsis(string text, int lines, int chars, string[] expected, bool cut)
    {
        var rendered = VendorRenderProfile.Cut(text, new TextLimit(lines, chars, new RuleSource("OAS")));

        Assert.Equal(expected, rendered.Lines.ToArray());
        Assert.Equal(cut, rendered.Cut);
    }

    [Fact]
    public void Profile_OppoWithADialButton_ListsTheUnsupportedAction()
    {
        var document = TemplateSamples.For("StandardImageAndText");
        var (index, button) = TemplateSamples.First(document, ContentType.Button);
        document = document.WithContent(0, index, button with { ActionType = ActionType.DialPhone, Action = TemplateAction.To("95555") });

        Assert.Equal([ActionType.DialPhone], VendorRenderProfile.For(document, Vendor.Oppo).UnsupportedIn(document));
        Assert.Empty(VendorRenderProfile.For(document, Vendor.Huawei).UnsupportedIn(document));
    }

    [Fact]
    public void ExtraButton_OppoShowsItsViewButton()
    {
        var document = TemplateSamples.For("StandardImageAndText");

        Assert.Equal("立即查看", VendorRenderProfile.For(document, Vendor.Oppo).ExtraButton);
        Assert.Null(VendorRenderProfile.For(document, Vendor.Huawei).ExtraButton);
    }

    [Theory]
    [InlineData("Video", Vendor.Xiaomi, false)]
    [InlineData("Video", Vendor.Vivo, true)]
    [InlineData("CarouselTitle", Vendor.Oppo, false)]
    [InlineData("Notification2", Vendor.Samsung, false)]
    public void LayoutSupported_FollowsTheBook(string layoutId, Vendor vendor, bool supported)
    {
        Assert.Equal(supported, VendorRenderProfile.For(TemplateSamples.For(layoutId), vendor).LayoutSupported);
    }
}
