using Bunit;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Preview;
using KooMessage.Console.Features.Templates.Rules;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.Templates;

/// <summary>The cards the vendor previews and the H5 page share: cut to a vendor in a preview, whole and with web links on the H5 page.</summary>
public sealed class TemplateCardsTests : BunitContext
{
    // 20 characters: HUAWEI shows one line of 17.
    private const string LongTitle = "春季焕新大促全场满三百减五十再送好礼啊啊";

    private readonly CultureScope culture = CultureScope.Use("zh-CN");

    public TemplateCardsTests() => Services.AddLocalization();

    protected override void Dispose(bool disposing)
    {
        culture.Dispose();
        base.Dispose(disposing);
    }

    private static readonly TemplateDocument Card = new TemplateDocument
    {
        CardId = "StandardImageAndText",
        Name = "春季新品推广",
        Pages =
        [
            new TemplatePage
            {
                Contents =
                [
                    TemplateContent.Image(1, "/files/0197f0d3-0000-7000-8000-000000000001", ActionType.OpenUrl, TemplateAction.To("https://shop.example.com/spring")),
                    TemplateContent.Text(2, LongTitle, title: true),
                    TemplateContent.Text(3, "${name}您好，新品已到店"),
                    TemplateContent.Button(4, "去看看", ActionType.OpenBrowser, TemplateAction.To("https://shop.example.com/${name}")),
                    TemplateContent.Button(5, "打开应用", ActionType.OpenApp, TemplateAction.To("shop://home")),
                ],
            },
        ],
        Params = [new TemplateParam("name", "张三")],
        SmsExample = "【华为云】尊敬的${name}，春季新品已到店。拒收请回复R",
    }.WithVendors(Vendor.Huawei);

    private static readonly Dictionary<string, string> Urls = new() { ["/files/0197f0d3-0000-7000-8000-000000000001"] = "/h5/token/media/0197f0d3-0000-7000-8000-000000000001" };

    private static string Texts(IRenderedComponent<TemplateCards> cards, string role) =>
        string.Concat(cards.FindAll($"[data-testid=preview-{role}] .km-card-line").Select(l => l.TextContent));

    [Fact]
    public void SameCards_PreviewCutsToTheVendor_H5ShowsWhole()
    {
        var preview = Render<VendorPreview>(p => p.Add(x => x.Vendor, Vendor.Huawei).Add(x => x.Document, Card));
        var inPreview = preview.FindComponent<TemplateCards>();
        var h5 = Render<TemplateCards>(p => p.Add(x => x.Document, Card).Add(x => x.MaterialUrls, Urls));

        Assert.Equal("春季焕新大促全场满三百减五十再送…", Texts(inPreview, "Title"));
        Assert.Equal(LongTitle, Texts(h5, "Title"));
        Assert.Null(h5.Find("[data-testid=preview-Title]").GetAttribute("data-cut"));
        Assert.Equal(Texts(inPreview, "Body"), Texts(h5, "Body"));
        Assert.Equal("张三您好，新品已到店", Texts(h5, "Body"));
        Assert.Equal(
            inPreview.FindAll("[data-testid=preview-button]").Select(b => b.TextContent.Trim()).Take(2),
            h5.FindAll("[data-testid=preview-button]").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public void H5_ActionsTheWebCanDoAreLinks_OthersInertWithATitle()
    {
        var h5 = Render<TemplateCards>(p => p.Add(x => x.Document, Card).Add(x => x.MaterialUrls, Urls));
        var buttons = h5.FindAll("[data-testid=preview-button]");

        Assert.Equal(("A", "https://shop.example.com/%E5%BC%A0%E4%B8%89"), (buttons[0].TagName, buttons[0].GetAttribute("href")));
        Assert.Equal(("SPAN", "true"), (buttons[1].TagName, buttons[1].GetAttribute("aria-disabled")));
        Assert.False(string.IsNullOrEmpty(buttons[1].GetAttribute("title")));
        Assert.Equal("https://shop.example.com/spring", h5.Find("a.km-card-link").GetAttribute("href"));
        Assert.Equal("/h5/token/media/0197f0d3-0000-7000-8000-000000000001", h5.Find("a.km-card-link img").GetAttribute("src"));
    }

    [Fact]
    public void Preview_NoLinks_VendorsExtraButtonAndUnsupportedMarksStay()
    {
        var dial = Card.WithContent(0, 4, TemplateContent.Button(5, "致电门店", ActionType.DialPhone, TemplateAction.To("95555")));
        var oppo = Render<VendorPreview>(p => p.Add(x => x.Vendor, Vendor.Oppo).Add(x => x.Document, dial.WithVendors(Vendor.Oppo)))
            .FindComponent<TemplateCards>();
        var h5 = Render<TemplateCards>(p => p.Add(x => x.Document, dial));

        Assert.Empty(oppo.FindAll("a"));
        Assert.NotEmpty(oppo.FindAll("[data-testid=extra-button]"));
        Assert.NotEmpty(oppo.FindAll("[data-testid=unsupported-action]"));
        Assert.Equal("tel:95555", h5.FindAll("[data-testid=preview-button]")[1].GetAttribute("href"));
        Assert.Empty(h5.FindAll("[data-testid=extra-button]"));
        Assert.Empty(h5.FindAll("[data-testid=unsupported-action]"));
    }
}
