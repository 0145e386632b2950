using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.Features.Templates;

/// <summary>
/// The platform's 公共模板 (one per main layout) and the empty document a new template starts from. The starters are
/// rows of the migrations (<c>HasData</c>): every database has them once, and changing one here makes a migration.
/// Their pictures and videos are left empty: a copy picks them from the account's own 素材库.
/// </summary>
public static class TemplateStarters
{
    private static readonly DateTime Published = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private const string OptOut = "拒收请回复R";

    /// <summary>Public ids are 1000000xx; an account's templates draw from 200000000–999999999, so the two never meet.</summary>
    public static readonly IReadOnlyList<(string TplId, TemplateDocument Document)> All =
    [
        ("100000001", Starter("StandardImageAndText", "新品上市图文",
            [TemplateContent.Image(1, ""), TemplateContent.Text(2, "春季新品上市", title: true), TemplateContent.Text(3, "${name}您好，春季新品已上架，会员专享八折优惠。"),
             TemplateContent.Button(4, "立即查看", ActionType.OpenUrl, TemplateAction.To(""))],
            ("name", "张先生"))),
        ("100000002", Starter("PureText", "账单提醒长文本",
            [TemplateContent.Text(1, "本月账单提醒", title: true), TemplateContent.Text(2, "尊敬的${name}，您本月账单为${amount}元，请于${date}前还款。"),
             TemplateContent.Button(3, "查看账单", ActionType.OpenUrl, TemplateAction.To(""))],
            ("name", "李女士"), ("amount", "128.50"), ("date", "12月15日"))),
        ("100000003", Starter("Video", "品牌宣传视频",
            [TemplateContent.Video(1, "", ""), TemplateContent.Text(2, "品牌宣传片", title: true), TemplateContent.Text(3, "一分钟了解我们的新服务。"),
             TemplateContent.Button(4, "了解更多", ActionType.OpenUrl, TemplateAction.To(""))])),
        ("100000004", Starter("Carousel", "横滑商品推荐",
            [TemplateContent.Image(1, ""), TemplateContent.Text(2, "爆款推荐", title: true), TemplateContent.Text(3, "限时直降，数量有限。"),
             TemplateContent.Button(4, "去看看", ActionType.OpenUrl, TemplateAction.To(""))],
            [TemplateContent.Image(1, ""), TemplateContent.Text(2, "新品首发", title: true), TemplateContent.Text(3, "首发专享赠品。"),
             TemplateContent.Button(4, "去看看", ActionType.OpenUrl, TemplateAction.To(""))])),
        ("100000005", Starter("Notification1", "物流发货通知",
            [TemplateContent.Text(1, "您的包裹已发出", title: true), TemplateContent.Text(2, "订单${orderNo}已发货，预计${date}送达。"),
             TemplateContent.Button(3, "查看物流", ActionType.OpenUrl, TemplateAction.To(""))],
            ("orderNo", "2026112900001"), ("date", "12月2日"))),
        ("100000006", Starter("CardVoucher", "会员优惠券",
            [TemplateContent.Image(1, ""), TemplateContent.Text(2, "满100减20优惠券", title: true), TemplateContent.Text(3, "有效期至${date}，全场通用。"),
             TemplateContent.Button(4, "立即领取", ActionType.OpenUrl, TemplateAction.To(""))],
            ("date", "12月31日"))),
        ("100000007", Starter("MultipleImageAndText", "多图文资讯",
            [TemplateContent.Image(1, ""), TemplateContent.Text(2, "本周精选资讯", title: true), TemplateContent.Image(3, ""), TemplateContent.Text(4, "会员日活动预告")])),
    ];

    public static IReadOnlyList<AimPublicTemplate> Rows =>
        [.. All.Select(s => new AimPublicTemplate
        {
            TplId = s.TplId, Name = s.Document.Name, SearchName = SearchText(s.Document.Name), CardId = s.Document.CardId,
            Vendors = AimTemplate.VendorList(s.Document.TargetVendors), Use = s.Document.Use, Document = TemplateJson.Serialize(s.Document), UpdatedAt = Published,
        })];

    /// <summary>A new template's first draft: the layout's pages, no components yet, aimed at the chosen vendors.</summary>
    public static TemplateDocument Blank(string cardId, string name, TemplateUse use, IEnumerable<Vendor> vendors)
    {
        var pages = RuleBook.Default.Layouts.TryGetValue(cardId, out var layout) ? Math.Max(1, layout.MinPages) : 1;
        return new TemplateDocument
        {
            CardId = cardId, Name = name, Use = use,
            Pages = [.. Enumerable.Range(1, pages).Select(order => new TemplatePage { PageOrder = order })],
        }.WithVendors(vendors);
    }

    /// <summary>How names are searched: normalized and upper-cased, so 优选 finds 优选 and abc finds ABC.</summary>
    public static string SearchText(string? text) => TextNormalizer.Name(text).ToUpperInvariant();

    private static TemplateDocument Starter(string cardId, string name, TemplateContent[] contents, params (string Name, string Example)[] parameters) =>
        Starter(cardId, name, [contents], parameters);

    private static TemplateDocument Starter(string cardId, string name, TemplateContent[] first, TemplateContent[] second) =>
        Starter(cardId, name, [first, second], []);

    private static TemplateDocument Starter(string cardId, string name, TemplateContent[][] pages, (string Name, string Example)[] parameters)
    {
        var book = RuleBook.Default;
        var document = new TemplateDocument
        {
            CardId = cardId,
            Name = name,
            Pages = [.. pages.Select((contents, i) => new TemplatePage { PageOrder = i + 1, Contents = [.. contents] })],
            Params = [.. parameters.Select(p => new TemplateParam(p.Name, p.Example))],
            SmsExample = $"【示例】{name}，详情请查看卡片。",
            SmsTemplate = $"{name}，详情请查看卡片。{OptOut}",
        };
        return document.WithVendors(RuleBook.AllVendors.Where(v => book.Rule(v, cardId).Supported));
    }
}
