using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.UnitTests.Templates;

/// <summary>Realistic templates that satisfy every rule, built from each layout's zones.</summary>
internal static class TemplateSamples
{
    public const string Title = "春季新品上市";

    public const string Body = "${name}您好，新品已到店";

    public static readonly TemplateAction Shop = new() { Target = "https://shop.example.com/spring" };

    /// <summary>A valid template of <paramref name="layoutId"/>, targeting every vendor that supports the layout.</summary>
    public static TemplateDocument For(string layoutId)
    {
        var book = RuleBook.Default;
        var layout = book.Layouts[layoutId];
        var pages = Enumerable.Range(1, layout.MinPages).Select(order => new TemplatePage { PageOrder = order, Contents = [.. Contents(layout, order)] });
        var document = new TemplateDocument
        {
            CardId = layoutId,
            Name = "春季新品推广",
            Use = TemplateUse.Commercial,
            Scene = "活动促销",
            Pages = [.. pages],
            Params = [new TemplateParam("name", "张三")],
            SmsExample = "【华为云】尊敬的张三，春季新品已到店。拒收请回复R",
            SmsSignatures = ["华为云"],
            SmsTemplate = "【华为云】尊敬的[文本0-10]，春季新品已到店，详情见[字母0-20]。拒收请回复R",
        }.WithVendors(RuleBook.AllVendors.Where(v => book.Rule(v, layoutId).Supported));

        // A layout without a body zone (多图文) has no text that uses the parameter.
        return TemplateTexts.UsedParameters(document).Count > 0 ? document : document with { Params = [] };
    }

    private static IEnumerable<TemplateContent> Contents(LayoutSpec layout, int page)
    {
        var position = 1;
        foreach (var zone in layout.Zones)
        {
            for (var i = 0; i < Math.Min(Math.Max(zone.Min, 1), zone.Max); i++)
            {
                var src = $"6919963195977{page}{position}";
                yield return zone.Kind switch
                {
                    ContentType.Image when zone.Actions => TemplateContent.Image(position, src, ActionType.OpenBrowser, Shop),
                    ContentType.Image => TemplateContent.Image(position, src),
                    ContentType.Video => TemplateContent.Video(position, src, src + "0"),
                    ContentType.Button => TemplateContent.Button(position, "立即查看", ActionType.OpenBrowser, Shop),
                    _ when zone.Role == TextRole.Title => TemplateContent.Text(position, Title, title: true),
                    _ => TemplateContent.Text(position, Body),
                };
                position++;
            }
        }
    }

    /// <summary>The first component of <paramref name="kind"/> on the first page, with its index.</summary>
    public static (int Index, TemplateContent Content) First(TemplateDocument document, ContentType kind, bool? title = null) =>
        document.Pages[0].Contents.Select((c, i) => (i, c)).First(x => x.c.Type == kind && (title is null || (x.c.IsTextTitle == true) == title));
}
