using Bunit;
using KooMessage.Console.Features.Templates.Builder;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Preview;
using KooMessage.Console.Features.Templates.Rules;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.Templates;

/// <summary>The previews need no database: the real localizer in Chinese and the rule book embedded in the app.</summary>
public sealed class VendorPreviewTests : BunitContext
{
    // 20 characters: HUAWEI shows one line of 17, XIAOMI two lines of 20.
    private const string LongTitle = "春季焕新大促全场满三百减五十再送好礼啊啊";

    private static readonly TemplateAction Shop = TemplateAction.To("https://shop.example.com/spring");

    private readonly CultureScope culture = CultureScope.Use("zh-CN");

    public VendorPreviewTests() => Services.AddLocalization();

    protected override void Dispose(bool disposing)
    {
        culture.Dispose();
        base.Dispose(disposing);
    }

    private static TemplateDocument Standard(string title = "春季新品上市", ActionType button = ActionType.OpenBrowser, ActionType image = ActionType.OpenBrowser) => new TemplateDocument
    {
        CardId = "StandardImageAndText",
        Name = "春季新品推广",
        Pages =
        [
            new TemplatePage
            {
                Contents =
                [
                    TemplateContent.Image(1, "m1", image, Shop),
                    TemplateContent.Text(2, title, title: true),
                    TemplateContent.Text(3, "${name}您好，新品已到店"),
                    TemplateContent.Button(4, "去看看", button, button == ActionType.DialPhone ? TemplateAction.To("95555") : Shop),
                ],
            },
        ],
        Params = [new TemplateParam("name", "张三")],
        SmsExample = "【华为云】尊敬的${name}，春季新品已到店。拒收请回复R",
        SmsSignatures = ["华为云"],
        SmsTemplate = "【华为云】尊敬的[文本0-10]，春季新品已到店。拒收请回复R",
    }.WithVendors(RuleBook.AllVendors);

    private IRenderedComponent<VendorPreview> RenderPreview(Vendor vendor, TemplateDocument document, Action<TemplatePath>? clicked = null) =>
        Render<VendorPreview>(p => p
            .Add(x => x.Vendor, vendor)
            .Add(x => x.Document, document)
            .Add(x => x.Check, TemplateCheck.Run(document))
            .Add(x => x.MaterialUrls, new Dictionary<string, string> { ["m1"] = "/files/0197f0d3-0000-7000-8000-000000000001" })
            .Add(x => x.OnViolationClick, EventCallback.Factory.Create<TemplatePath>(this, path => clicked?.Invoke(path))));

    private static string Title(IRenderedComponent<VendorPreview> preview) =>
        string.Join("\n", preview.FindAll("[data-testid=preview-Title] .km-card-line").Select(l => l.TextContent));

    [Fact]
    public void LongTitle_HuaweiCutsToOneLineWithEllipsis_XiaomiShowsItWhole()
    {
        var document = Standard(LongTitle);

        var huawei = RenderPreview(Vendor.Huawei, document);
        var xiaomi = RenderPreview(Vendor.Xiaomi, document);

        Assert.Equal("春季焕新大促全场满三百减五十再送…", Title(huawei));
        Assert.Equal("true", huawei.Find("[data-testid=preview-Title]").GetAttribute("data-cut"));
        Assert.Equal(LongTitle, Title(xiaomi).Replace("\n", "", StringComparison.Ordinal));
        Assert.Null(xiaomi.Find("[data-testid=preview-Title]").GetAttribute("data-cut"));
    }

    [Fact]
    public void UnsupportedLayout_ShowsNotSubmittedInsteadOfTheCard()
    {
        var document = Standard() with { CardId = "PureText", Pages = [new TemplatePage { Contents = [TemplateContent.Text(1, "春季新品上市", true), TemplateContent.Text(2, "新品已到店")] }] };

        var xiaomi = RenderPreview(Vendor.Xiaomi, document);
        var huawei = RenderPreview(Vendor.Huawei, document);

        Assert.Contains("不提交到该厂商", xiaomi.Find("[data-testid=not-submitted]").TextContent, StringComparison.Ordinal);
        Assert.Empty(xiaomi.FindAll("[data-testid=preview-card]"));
        Assert.Equal("NotSubmitted", xiaomi.Find("[data-testid=preview-state]").GetAttribute("data-state"));
        Assert.Empty(huawei.FindAll("[data-testid=not-submitted]"));
        Assert.Single(huawei.FindAll("[data-testid=preview-card]"));
    }

    [Fact]
    public void Oppo_DialButtonAndUrlImage_ErrorAndWarningListedAndTheButtonMarked()
    {
        var document = Standard(button: ActionType.DialPhone, image: ActionType.OpenUrl);

        var oppo = RenderPreview(Vendor.Oppo, document);

        var violations = oppo.FindAll("[data-testid=violation]");
        Assert.Equal(["Error", "Warning"], violations.Select(v => v.GetAttribute("data-severity")));
        Assert.Contains("DIAL_PHONE", violations[0].TextContent, StringComparison.Ordinal);
        Assert.StartsWith("错误", violations[0].TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("提示", violations[1].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("不支持该动作", oppo.Find("[data-testid=preview-button]").TextContent, StringComparison.Ordinal);
        Assert.Equal("立即查看", oppo.Find("[data-testid=extra-button]").TextContent);
        Assert.Equal("NotSubmitted", oppo.Find("[data-testid=preview-state]").GetAttribute("data-state"));
    }

    [Fact]
    public void Huawei_SameTemplate_NoMarkNoExtraButtonNothingToFix()
    {
        var huawei = RenderPreview(Vendor.Huawei, Standard(button: ActionType.DialPhone, image: ActionType.OpenUrl));

        Assert.Empty(huawei.FindAll("[data-testid=unsupported-action]"));
        Assert.Empty(huawei.FindAll("[data-testid=extra-button]"));
        Assert.Empty(huawei.FindAll("[data-testid=violation]"));
        Assert.Single(huawei.FindAll("[data-testid=no-violations]"));
        Assert.Equal("Submitted", huawei.Find("[data-testid=preview-state]").GetAttribute("data-state"));
    }

    [Fact]
    public void ClickViolation_RaisesItsPath()
    {
        TemplatePath? clicked = null;
        var oppo = RenderPreview(Vendor.Oppo, Standard(button: ActionType.DialPhone), path => clicked = path);

        oppo.Find("[data-testid=violation]").Click();

        Assert.Equal(TemplatePath.Of(0, 3, "action_type"), clicked);
    }

    [Fact]
    public void Parameters_FilledFromExamplesInTheCardAndTheFallbackSms_ImageFromItsFileUrl()
    {
        var meizu = RenderPreview(Vendor.Meizu, Standard());

        Assert.Equal("张三您好，新品已到店", string.Concat(meizu.FindAll("[data-testid=preview-Body] .km-card-line").Select(l => l.TextContent)));
        Assert.Contains("尊敬的张三，春季新品已到店", meizu.Find("[data-testid=fallback-sms]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/files/0197f0d3-0000-7000-8000-000000000001", meizu.Find(".km-card-image img").GetAttribute("src"));
    }

    [Fact]
    public void TemplateError_NotedUnderEveryVendor()
    {
        var huawei = RenderPreview(Vendor.Huawei, Standard() with { Name = "" });

        Assert.Contains("1 个错误", huawei.Find("[data-testid=template-errors]").TextContent, StringComparison.Ordinal);
        Assert.Equal("NotSubmitted", huawei.Find("[data-testid=preview-state]").GetAttribute("data-state"));
    }

    [Fact]
    public void Strip_ShowsAllSix_FullSizeShowsOneLarge_AndBack()
    {
        var strip = Render<VendorPreviewStrip>(p => p.Add(x => x.Document, Standard(LongTitle)));

        Assert.Equal(["Huawei", "Xiaomi", "Oppo", "Vivo", "Meizu", "Samsung"], strip.FindAll("[data-testid=vendor-preview]").Select(e => e.GetAttribute("data-vendor")));

        strip.FindAll("[data-testid=preview-size]")[1].Click();

        var single = Assert.Single(strip.FindAll("[data-testid=vendor-preview]"));
        Assert.Equal("Xiaomi", single.GetAttribute("data-vendor"));
        Assert.Contains("km-preview--large", single.ClassList);
        Assert.Equal("true", strip.Find("[data-testid=preview-size]").GetAttribute("aria-pressed"));

        strip.Find("[data-testid=preview-size]").Click();

        Assert.Equal(6, strip.FindAll("[data-testid=vendor-preview]").Count);
    }

    [Fact]
    public void Strip_FollowsTheBuilderState_AnEditShowsInEveryVendor()
    {
        var state = new TemplateBuilderState(TimeProvider.System);
        state.Load(Standard());
        var strip = Render<VendorPreviewStrip>(p => p.Add(x => x.Document, state.Document).Add(x => x.Check, state.Check));

        state.SetText(0, 1, LongTitle);
        strip.Render(p => p.Add(x => x.Document, state.Document).Add(x => x.Check, state.Check));

        var titles = strip.FindAll("[data-testid=preview-Title]").Select(t => t.TextContent).ToList();
        Assert.Equal(6, titles.Count);
        Assert.All(titles, t => Assert.StartsWith("春季焕新", t, StringComparison.Ordinal));
        Assert.Contains(strip.FindAll("[data-vendor=Huawei] [data-testid=violation]"), v => v.TextContent.Contains("17", StringComparison.Ordinal));
    }
}
