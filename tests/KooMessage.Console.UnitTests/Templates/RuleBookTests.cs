using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.UnitTests.Templates;

/// <summary>The rule book holds the reference's values (koomessage-domain.md §3): a wrong edit of the JSON fails here.</summary>
public sealed class RuleBookTests
{
    private static readonly RuleBook Book = RuleBook.Default;

    private const Vendor H = Vendor.Huawei;
    private const Vendor X = Vendor.Xiaomi;
    private const Vendor O = Vendor.Oppo;
    private const Vendor V = Vendor.Vivo;
    private const Vendor M = Vendor.Meizu;
    private const Vendor S = Vendor.Samsung;

    [Fact]
    public void Layouts_TheSixteenRequired_AreDescribedAndGrouped()
    {
        string[] marketing =
        [
            "StandardImageAndText", "MultipleImageAndText", "Video", "VideoImageAndText", "ImageTextAndVideo", "Carousel", "CarouselTitle",
            "CarouselSquareImage", "CarouselImageSixteenToNine", "CarouselVerticalImage", "RedPacket", "ECImageAndText", "CardVoucher",
        ];
        string[] notification = ["PureText", "Notification1", "Notification2"];

        Assert.Equal(marketing.Concat(notification).Order(), Book.Layouts.Keys.Order());
        Assert.All(marketing, id => Assert.Equal(LayoutGroup.Marketing, Book.Layouts[id].Group));
        Assert.All(notification, id => Assert.Equal(LayoutGroup.Notification, Book.Layouts[id].Group));
    }

    [Theory]
    [InlineData("StandardImageAndText", new[] { H, X, O, V, M, S })]
    [InlineData("MultipleImageAndText", new[] { H, X, O, V, M, S })]
    [InlineData("PureText", new[] { H, O, S })]
    [InlineData("Carousel", new[] { H, O, M, S })]
    [InlineData("CarouselTitle", new[] { H, M, S })]
    [InlineData("VideoImageAndText", new[] { H, S })]
    [InlineData("ImageTextAndVideo", new[] { H, S })]
    [InlineData("Video", new[] { H, O, V, S })]
    [InlineData("ECImageAndText", new[] { H, O, V, S })]
    [InlineData("RedPacket", new[] { H, X, O, V, S })]
    [InlineData("Notification1", new[] { H, X, V, S })]
    [InlineData("Notification2", new[] { H, X, V })]
    [InlineData("CarouselSquareImage", new[] { H, O, V, S })]
    [InlineData("CarouselImageSixteenToNine", new[] { H, O, V, S })]
    [InlineData("CarouselVerticalImage", new[] { H, O, V, S })]
    [InlineData("CardVoucher", new[] { H, O, V })]
    public void Support_PerLayout_IsTheOasFactoryList(string layoutId, Vendor[] vendors)
    {
        var supported = RuleBook.AllVendors.Where(v => Book.Rule(v, layoutId).Supported);

        Assert.Equal(vendors, supported);
        Assert.All(RuleBook.AllVendors, v => Assert.Equal("OAS", Book.Rule(v, layoutId).SupportSource.Source));
    }

    [Theory]
    [InlineData("StandardImageAndText", H, 1, 17, 3, 69, "FAQ0107")]
    [InlineData("StandardImageAndText", X, 2, 40, 5, 100, "FAQ0107")]
    [InlineData("StandardImageAndText", O, 1, 17, 3, 69, "FAQ0107")]
    [InlineData("StandardImageAndText", V, 2, 30, 3, 69, "FAQ0107")]
    [InlineData("StandardImageAndText", M, 1, 14, 3, 54, "FAQ0107")]
    [InlineData("Notification1", H, 1, 15, 1, 20, "FAQ0106")]
    [InlineData("Notification1", X, 1, 15, 1, 20, "FAQ0106")]
    [InlineData("Notification1", O, 1, 15, 1, 19, "FAQ0106")]
    [InlineData("Notification1", V, 1, 12, 3, 69, "FAQ0106")]
    [InlineData("Notification2", H, 1, 15, 1, 20, "FAQ0106")]
    [InlineData("Notification2", V, 1, 12, 3, 69, "FAQ0106")]
    [InlineData("CardVoucher", H, 2, 40, 1, 24, "SNIP")]
    public void TextLimits_SourcedValues_AreTheReferences(string layoutId, Vendor vendor, int titleLines, int titleChars, int bodyLines, int bodyChars, string source)
    {
        var rule = Book.Rule(vendor, layoutId);

        Assert.Equal((titleLines, titleChars, source, false), (rule.Title!.Lines, rule.Title.Chars, rule.Title.Source.Source, rule.Title.Source.Assumed));
        Assert.Equal((bodyLines, bodyChars, source, false), (rule.Body!.Lines, rule.Body.Chars, rule.Body.Source.Source, rule.Body.Source.Assumed));
    }

    [Theory]
    [InlineData("Video", H, 1, 17)]
    [InlineData("Video", O, 1, 17)]
    public void TextLimits_VideoTitles_AreTheSnipValues(string layoutId, Vendor vendor, int lines, int chars)
    {
        var title = Book.Rule(vendor, layoutId).Title!;

        Assert.Equal((lines, chars, "SNIP", false), (title.Lines, title.Chars, title.Source.Source, title.Source.Assumed));
    }

    [Fact]
    public void TextLimits_PureTextOnHuawei_Is350CharactersWithoutALineLimit()
    {
        var body = Book.Rule(H, "PureText").Body!;

        Assert.Equal((null, 350, false), (body.Lines, body.Chars, body.Source.Assumed));
    }

    [Theory]
    [InlineData("StandardImageAndText", V, "16:9", 1088, 612)]
    [InlineData("MultipleImageAndText", V, "16:9", 1088, 612)]
    [InlineData("MultipleImageAndText", V, "1:1", 320, 320)]
    [InlineData("RedPacket", V, "1:1", 320, 320)]
    [InlineData("CarouselImageSixteenToNine", V, "16:9", 1088, 612)]
    [InlineData("CarouselSquareImage", V, "1:1", 1088, 1088)]
    [InlineData("CarouselVerticalImage", V, "48:65", 960, 1300)]
    [InlineData("Notification1", V, "3:1", 576, 192)]
    [InlineData("Notification2", V, "3:1", 576, 192)]
    [InlineData("ECImageAndText", V, "1:1", 1088, 1088)]
    [InlineData("StandardImageAndText", H, "16:9", 1088, 612)]
    [InlineData("StandardImageAndText", M, "16:9", 1088, 612)]
    [InlineData("Notification1", X, "3:1", 576, 192)]
    public void ImageSizes_SourcedMinimumPixels_AreTheReferences(string layoutId, Vendor vendor, string ratio, int width, int height)
    {
        var image = Book.Rule(vendor, layoutId).Image!;

        Assert.Contains(new ImageSize(ratio, width, height), image.Sizes);
        Assert.Equal(2 * 1024 * 1024, image.MaxBytes);
        Assert.False(image.Source.Assumed);
    }

    [Fact]
    public void VideoCover_OnVivo_Needs1088By612()
    {
        var cover = Book.Rule(V, "Video").Cover!;

        Assert.Equal(new ImageSize("16:9", 1088, 612), Assert.Single(cover.Sizes));
        Assert.Equal("OAS", cover.Source.Source);
    }

    [Theory]
    [InlineData(H, new[] { "mp4" }, 10L * 1024 * 1024)]
    [InlineData(O, new[] { "mp4" }, 25L * 1024 * 1024)]
    [InlineData(V, new[] { "mp4", "ts" }, null)]
    public void Video_FormatsAndSizes_AreTheSnipValues(Vendor vendor, string[] formats, long? maxBytes)
    {
        var video = Book.Rule(vendor, "Video").Video!;

        Assert.Equal(formats, video.Formats.ToArray());
        Assert.Equal(("16:9", maxBytes, "SNIP", false), (video.Ratio, video.MaxBytes, video.Source.Source, video.Source.Assumed));
    }

    [Theory]
    [InlineData(H, new ActionType[0])]
    [InlineData(X, new ActionType[0])]
    [InlineData(O, new[] { ActionType.DialPhone, ActionType.OpenSms, ActionType.OpenEmail, ActionType.OpenSchedule, ActionType.OpenMap, ActionType.OpenPopup, ActionType.CopyParameter, ActionType.ViewPic })]
    [InlineData(V, new[] { ActionType.OpenEmail, ActionType.OpenMap })]
    [InlineData(M, new[] { ActionType.ViewPic })]
    [InlineData(S, new[] { ActionType.OpenSchedule, ActionType.ViewPic })]
    public void Actions_Unsupported_AreTheOasRestrictions(Vendor vendor, ActionType[] unsupported)
    {
        Assert.Equal(unsupported.Order(), Book.Vendors[vendor].UnsupportedActions.Order());
    }

    [Theory]
    [InlineData(H, new[] { FloorType.AppMarket, FloorType.H5, FloorType.Browser, FloorType.QuickApp })]
    [InlineData(M, new[] { FloorType.AppMarket, FloorType.H5, FloorType.Browser, FloorType.QuickApp })]
    [InlineData(X, new[] { FloorType.AppMarket, FloorType.Browser, FloorType.QuickApp })]
    [InlineData(O, new[] { FloorType.AppMarket, FloorType.H5, FloorType.Browser })]
    [InlineData(V, new[] { FloorType.AppMarket, FloorType.H5, FloorType.Browser })]
    [InlineData(S, new[] { FloorType.H5, FloorType.QuickApp })]
    public void FloorTypes_PerVendor_AreTheOasLists(Vendor vendor, FloorType[] supported)
    {
        Assert.Equal(supported.Order(), Book.Vendors[vendor].FloorTypes.Order());
    }

    [Theory]
    [InlineData("ECImageAndText", H, new[] { 1, 2, 3, 4, 5 })]
    [InlineData("ECImageAndText", O, new[] { 1 })]
    [InlineData("CarouselVerticalImage", H, new[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData("CarouselVerticalImage", V, new[] { 1 })]
    [InlineData("RedPacket", H, new[] { 1, 2 })]
    [InlineData("RedPacket", X, new[] { 1 })]
    [InlineData("CardVoucher", H, new[] { 1, 2 })]
    [InlineData("CardVoucher", V, new[] { 1 })]
    public void SubTypes_OnlyHuaweiTakesTheExtraStyles(string layoutId, Vendor vendor, int[] values)
    {
        var subTypes = Book.Rule(vendor, layoutId).SubTypes!;

        Assert.Equal(values, subTypes.Values.ToArray());
        Assert.Equal("OAS", subTypes.Source.Source);
    }

    [Fact]
    public void Preview_OnlyOppoAddsItsViewButton()
    {
        Assert.Equal("立即查看", Book.Vendors[O].ExtraButton);
        Assert.All(RuleBook.AllVendors.Where(v => v != O), v => Assert.Null(Book.Vendors[v].ExtraButton));
    }

    [Fact]
    public void Settings_AreTheOasLimits()
    {
        var s = Book.Settings;

        Assert.Equal(
            (1, 17, 70, 3, 20, 370, 99, 20, 20, 100, 10, 1000),
            (s.NameMin.Value, s.NameMax.Value, s.SmsExampleMax.Value, s.SmsSignsMax.Value, s.SmsSignMax.Value, s.SmsTemplateMax.Value, s.SmsSlotMax.Value,
                s.ParamsMax.Value, s.ParamNameMax.Value, s.ParamExampleMax.Value, s.PagesMax.Value, s.ContentMax.Value));
        Assert.Equal(("拒收请回复R", "测试"), (s.OptOutText.Value, s.TestWord.Value));
        Assert.Equal(new[] { "文本", "字母", "数字" }, s.SmsSlotKinds.Value.ToArray());
        Assert.Equal((2L * 1024 * 1024, 7L * 1024 * 1024, 100L * 1024, 33), (Book.Materials.Image.MaxBytes, Book.Materials.Video.MaxBytes, Book.Materials.Thumbnail.MaxBytes, Book.Materials.Video.SuggestedSeconds));
    }

    [Fact]
    public void Zones_CarouselsAndArticles_HaveTheSourcedCounts()
    {
        Assert.Equal((2, 10), (Book.Layouts["Carousel"].MinPages, Book.Layouts["Carousel"].MaxPages));
        Assert.Equal(5, Book.Layouts["CarouselSquareImage"].ZonesOf(ContentType.Image).Single().Max);
        Assert.Equal((2, 4), Book.Layouts["MultipleImageAndText"].ZonesOf(ContentType.Image).Select(z => (z.Min, z.Max)).Single());
        Assert.False(Book.Layouts["CarouselTitle"].ZonesOf(ContentType.Image).Single().Actions);
    }

    [Fact]
    public void EveryRule_NamesASource_AndAssumedOnesSayWhy()
    {
        var sources = Book.Rules.Where(r => r.Supported)
            .SelectMany(r => new[] { r.SupportSource, r.Title?.Source, r.Body?.Source, r.Image?.Source, r.Cover?.Source, r.Video?.Source, r.SubTypes?.Source })
            .Concat(Book.Layouts.Values.SelectMany(l => l.Zones.Select(z => z.Source)))
            .OfType<RuleSource>()
            .ToList();

        Assert.All(sources, s => Assert.Contains(s.Source, new[] { "OAS", "FAQ0106", "FAQ0107", "SNIP", "ALI2" }));
        Assert.All(sources.Where(s => s.Assumed), s => Assert.False(string.IsNullOrWhiteSpace(s.Note)));
    }

    [Fact]
    public void EverySupportedTextZone_HasALimitForEveryVendor()
    {
        var missing = Book.Rules.Where(r => r.Supported)
            .SelectMany(r => Book.Layouts[r.LayoutId].Zones.Where(z => z.Role is { } role && r.Limit(role) is null).Select(z => $"{r.Vendor} {r.LayoutId} {z.Name}"))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Parse_VendorListedTwiceForAField_Fails()
    {
        var vendors = ReadRules("vendor-rules.json").Replace("\"vendors\": [\n            \"XIAOMI\"\n          ],\n          \"lines\": 2", "\"vendors\": [\n            \"XIAOMI\", \"HUAWEI\"\n          ],\n          \"lines\": 2", StringComparison.Ordinal);

        Assert.NotEqual(ReadRules("vendor-rules.json"), vendors);
        Assert.Throws<InvalidDataException>(() => RuleBook.Parse(vendors, ReadRules("layouts.json")));
    }

    internal static string ReadRules(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KooMessage.Console.sln")))
        {
            dir = dir.Parent;
        }

        return File.ReadAllText(Path.Combine(dir!.FullName, "src", "Features", "Templates", "Rules", file));
    }
}
