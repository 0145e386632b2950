using System.Text.Json.Nodes;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.UnitTests.Templates;

public sealed class TemplateJsonTests
{
    /// <summary>Property names of CreateAimPersonalTemplate's request body and its definitions (OAS), as a client sends them.</summary>
    private static readonly HashSet<string> ApiNames =
    [
        "card_id", "factorys", "pages", "params", "scene", "sms_example", "sms_signs", "sms_template", "sub_type", "tpl_name", "use_id",
        "factory_type", "state", "example", "name", "type", "contents", "page_order",
        "action", "action_type", "button_type", "content", "content_child", "cover", "currency_display", "is_text_title", "oppo_background",
        "position_number", "ratio", "src", "src_type", "visible", "vivo_background",
        "address", "begin_time", "body", "description", "end_time", "floor_type", "floor_url", "latitude", "longitude", "mode",
        "package_name", "subject", "target", "text_button",
    ];

    private const string Realistic = """
        {
          "card_id": "StandardImageAndText",
          "tpl_name": "618活动促销",
          "use_id": 1,
          "sub_type": 1,
          "scene": "活动促销",
          "pages": [
            {
              "page_order": 1,
              "contents": [
                { "type": "image", "position_number": 1, "src": "691996319597764608", "src_type": 1, "action_type": "VIEW_PIC", "action": { "target": "691996319597764608" } },
                { "type": "text", "position_number": 2, "content": "618年中大促", "is_text_title": "true" },
                { "type": "text", "position_number": 3, "content": "尊敬的${param1}，您的专属优惠券已到账" },
                { "type": "button", "position_number": 4, "content": "立即领取", "action_type": "OPEN_APP",
                  "action": { "target": "weixin://dl/business", "package_name": "com.tencent.mm", "floor_type": 1, "floor_url": "https://m.example.com/618" } },
                { "type": "button", "position_number": 5, "content": "联系客服", "action_type": "DIAL_PHONE", "action": { "target": "95555" } }
              ]
            }
          ],
          "params": [ { "name": "param1", "example": "张先生", "type": 1 } ],
          "factorys": [ { "factory_type": "HUAWEI", "state": 1 }, { "factory_type": "VIVO", "state": 1 }, { "factory_type": "OPPO", "state": 0 } ],
          "sms_example": "【华为云】尊敬的张先生，您的优惠券已到账。拒收请回复R",
          "sms_signs": [ "华为云" ],
          "sms_template": "【华为云】尊敬的[文本0-10]，您的优惠券已到账。拒收请回复R"
        }
        """;

    [Fact]
    public void ParseThenSerialize_RealisticApiBody_GivesTheSameJson()
    {
        var document = TemplateJson.Parse(Realistic);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Realistic), JsonNode.Parse(TemplateJson.Serialize(document))));
        Assert.Equal(FloorType.H5, document.Pages[0].Contents[3].Action!.FloorType);
        Assert.True(document.Pages[0].Contents[1].IsTextTitle);
        Assert.Equal([Vendor.Huawei, Vendor.Vivo], document.TargetVendors);
    }

    public static TheoryData<string> Layouts() => [.. RuleBook.Default.Layouts.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void SerializeThenParse_SampleOfEachLayout_RoundTripsInTheApiShape(string layoutId)
    {
        var json = TemplateJson.Serialize(TemplateSamples.For(layoutId));

        var again = TemplateJson.Serialize(TemplateJson.Parse(json));

        Assert.Equal(json, again);
        var names = Names(JsonNode.Parse(json)!).ToHashSet();
        Assert.Empty(names.Except(ApiNames));
        Assert.Contains("card_id", names);
        Assert.Contains("is_text_title", names);
        Assert.Contains($"\"card_id\":\"{layoutId}\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ParsePages_ListAimTemplatesPagesString_RoundTrips()
    {
        var pages = TemplateJson.Parse(Realistic).Pages;
        var text = TemplateJson.SerializePages(pages);

        var parsed = TemplateJson.ParsePages(text);

        Assert.Equal(text, TemplateJson.SerializePages(parsed));
        Assert.StartsWith("[{\"page_order\":1,\"contents\":[{\"type\":\"image\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Enums_UseTheApiSpelling()
    {
        var document = TemplateSamples.For("StandardImageAndText").WithVendors(Vendor.Samsung) with { Use = TemplateUse.TrialCommercial };

        var json = TemplateJson.Serialize(document);

        Assert.Contains("\"use_id\":2", json, StringComparison.Ordinal);
        Assert.Contains("\"factory_type\":\"SAMSUNG\"", json, StringComparison.Ordinal);
        Assert.Contains("\"action_type\":\"OPEN_BROWSER\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"button\"", json, StringComparison.Ordinal);
        Assert.Contains("\"is_text_title\":\"true\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WithHelpers_ChangeACopy_LeaveTheOriginal()
    {
        var original = TemplateSamples.For("StandardImageAndText");
        var (index, text) = TemplateSamples.First(original, ContentType.Text, title: true);

        var changed = original.WithContent(0, index, text with { Content = "新标题" }).WithParam("city", "深圳");

        Assert.Equal(TemplateSamples.Title, original.Pages[0].Contents[index].Content);
        Assert.Equal("新标题", changed.Pages[0].Contents[index].Content);
        Assert.Equal(["name", "city"], changed.Params.Select(p => p.Name));
        Assert.Single(original.Params);
    }

    private static IEnumerable<string> Names(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => Names(p.Value!).Prepend(p.Key)),
        JsonArray a => a.SelectMany(i => i is null ? [] : Names(i)),
        _ => [],
    };
}
