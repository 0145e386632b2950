using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace KooMessage.Console.Features.Templates.Document;

/// <summary>
/// One version of a smart-message template, in exactly the shape of KooMessage's CreateAimPersonalTemplate request
/// body (card_id, pages, params, factorys and the SMS settings). <see cref="TemplateJson"/> reads and writes it.
/// Every member is immutable: change a copy with <c>with</c> or the helpers below.
/// </summary>
public sealed record TemplateDocument
{
    /// <summary>The layout (版式), e.g. StandardImageAndText; see layouts.json.</summary>
    [JsonPropertyName("card_id")]
    public string CardId { get; init; } = "";

    [JsonPropertyName("tpl_name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("use_id")]
    public TemplateUse Use { get; init; } = TemplateUse.Commercial;

    /// <summary>Layout sub-type (button style or colour); only some layouts and vendors read it.</summary>
    [JsonPropertyName("sub_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SubType { get; init; }

    [JsonPropertyName("scene")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Scene { get; init; }

    [JsonPropertyName("pages")]
    public ImmutableArray<TemplatePage> Pages { get; init; } = [];

    [JsonPropertyName("params")]
    public ImmutableArray<TemplateParam> Params { get; init; } = [];

    /// <summary>The vendors the template is submitted to (state 1) or explicitly not (state 0).</summary>
    [JsonPropertyName("factorys")]
    public ImmutableArray<TemplateFactory> Factories { get; init; } = [];

    /// <summary>The plain SMS the card accompanies (短信示例), at most 70 characters.</summary>
    [JsonPropertyName("sms_example")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SmsExample { get; init; }

    [JsonPropertyName("sms_signs")]
    public ImmutableArray<string> SmsSignatures { get; init; } = [];

    /// <summary>The SMS text with slots such as [文本0-20]; required when VIVO is a target.</summary>
    [JsonPropertyName("sms_template")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SmsTemplate { get; init; }

    /// <summary>The vendors with state 1, in the order given.</summary>
    [JsonIgnore]
    public IEnumerable<Vendor> TargetVendors => Factories.Where(f => f.State == 1).Select(f => f.FactoryType).Distinct();

    public TemplateDocument WithVendors(params IEnumerable<Vendor> vendors) =>
        this with { Factories = [.. vendors.Distinct().Select(v => new TemplateFactory(v, 1))] };

    public TemplateDocument WithPage(int index, TemplatePage page) => this with { Pages = Pages.SetItem(index, page) };

    public TemplateDocument WithContent(int page, int content, TemplateContent value) =>
        WithPage(page, Pages[page] with { Contents = Pages[page].Contents.SetItem(content, value) });

    public TemplateDocument WithParam(string name, string example)
    {
        var others = Params.Where(p => p.Name != name);
        return this with { Params = [.. others, new TemplateParam(name, example)] };
    }
}

/// <summary>use_id: 1 商用, 2 试商用 (the name and main title must then contain 测试).</summary>
public enum TemplateUse
{
    Commercial = 1,
    TrialCommercial = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<Vendor>))]
public enum Vendor
{
    /// <summary>华为, Honor included (KooMessage: "华为(含荣耀)").</summary>
    [JsonStringEnumMemberName("HUAWEI")]
    Huawei,

    [JsonStringEnumMemberName("XIAOMI")]
    Xiaomi,

    [JsonStringEnumMemberName("OPPO")]
    Oppo,

    [JsonStringEnumMemberName("VIVO")]
    Vivo,

    [JsonStringEnumMemberName("MEIZU")]
    Meizu,

    [JsonStringEnumMemberName("SAMSUNG")]
    Samsung,
}

public sealed record TemplateFactory(
    [property: JsonPropertyName("factory_type")] Vendor FactoryType,
    [property: JsonPropertyName("state")] int State);

/// <summary>A dynamic parameter: <see cref="Name"/> is used in texts as ${Name}; type 1 = text.</summary>
public sealed record TemplateParam(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("example")] string Example)
{
    [JsonPropertyName("type")]
    public int Type { get; init; } = 1;
}

/// <summary>One page; a carousel (Carousel, CarouselTitle) has one page per card, at most 10.</summary>
public sealed record TemplatePage
{
    [JsonPropertyName("page_order")]
    public int PageOrder { get; init; } = 1;

    [JsonPropertyName("contents")]
    public ImmutableArray<TemplateContent> Contents { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<ContentType>))]
public enum ContentType
{
    [JsonStringEnumMemberName("text")]
    Text,

    [JsonStringEnumMemberName("image")]
    Image,

    [JsonStringEnumMemberName("video")]
    Video,

    [JsonStringEnumMemberName("button")]
    Button,

    /// <summary>华为服务号; KooMessage does not support it yet.</summary>
    [JsonStringEnumMemberName("followPub")]
    FollowPub,
}

/// <summary>One component of a page (AimPersonalTemplateContent). Absent fields are left out of the JSON.</summary>
public sealed record TemplateContent
{
    [JsonPropertyName("type")]
    public ContentType Type { get; init; }

    /// <summary>Order on the card: left to right, then top to bottom.</summary>
    [JsonPropertyName("position_number")]
    public int PositionNumber { get; init; }

    /// <summary>The text of a text or button.</summary>
    [JsonPropertyName("content")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; init; }

    [JsonPropertyName("content_child")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentChild { get; init; }

    [JsonPropertyName("is_text_title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(TextBooleanConverter))]
    public bool? IsTextTitle { get; init; }

    /// <summary>A material id (src_type 1) or an address (src_type 2) of an image or video.</summary>
    [JsonPropertyName("src")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Src { get; init; }

    [JsonPropertyName("src_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SrcType { get; init; }

    /// <summary>A video's cover image, same addressing as <see cref="Src"/>.</summary>
    [JsonPropertyName("cover")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cover { get; init; }

    [JsonPropertyName("action_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ActionType? ActionType { get; init; }

    [JsonPropertyName("action")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TemplateAction? Action { get; init; }

    [JsonPropertyName("visible")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Visible { get; init; }

    [JsonPropertyName("button_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ButtonType { get; init; }

    [JsonPropertyName("currency_display")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CurrencyDisplay { get; init; }

    [JsonPropertyName("ratio")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ratio { get; init; }

    /// <summary>RedPacket only: the background shown on OPPO handsets.</summary>
    [JsonPropertyName("oppo_background")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OppoBackground { get; init; }

    [JsonPropertyName("vivo_background")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VivoBackground { get; init; }

    public static TemplateContent Text(int position, string text, bool title = false) =>
        new() { Type = ContentType.Text, PositionNumber = position, Content = text, IsTextTitle = title ? true : null };

    public static TemplateContent Image(int position, string src, ActionType? action = null, TemplateAction? target = null) =>
        new() { Type = ContentType.Image, PositionNumber = position, Src = src, SrcType = 1, ActionType = action, Action = target };

    public static TemplateContent Video(int position, string src, string cover) =>
        new() { Type = ContentType.Video, PositionNumber = position, Src = src, SrcType = 1, Cover = cover };

    public static TemplateContent Button(int position, string text, ActionType action, TemplateAction target) =>
        new() { Type = ContentType.Button, PositionNumber = position, Content = text, ActionType = action, Action = target };
}

[JsonConverter(typeof(JsonStringEnumConverter<ActionType>))]
public enum ActionType
{
    /// <summary>跳转H5: an HTTPS address.</summary>
    [JsonStringEnumMemberName("OPEN_URL")]
    OpenUrl,

    [JsonStringEnumMemberName("OPEN_QUICK")]
    OpenQuick,

    /// <summary>An app deeplink with a fallback (floor_type) when the app is missing.</summary>
    [JsonStringEnumMemberName("OPEN_APP")]
    OpenApp,

    [JsonStringEnumMemberName("DIAL_PHONE")]
    DialPhone,

    [JsonStringEnumMemberName("OPEN_SMS")]
    OpenSms,

    [JsonStringEnumMemberName("OPEN_EMAIL")]
    OpenEmail,

    [JsonStringEnumMemberName("OPEN_SCHEDULE")]
    OpenSchedule,

    [JsonStringEnumMemberName("OPEN_MAP")]
    OpenMap,

    /// <summary>HTTP or HTTPS, in the handset's browser.</summary>
    [JsonStringEnumMemberName("OPEN_BROWSER")]
    OpenBrowser,

    [JsonStringEnumMemberName("OPEN_POPUP")]
    OpenPopup,

    [JsonStringEnumMemberName("COPY_PARAMETER")]
    CopyParameter,

    [JsonStringEnumMemberName("VIEW_PIC")]
    ViewPic,
}

/// <summary>floor_type: what OPEN_APP does when the app is not installed.</summary>
public enum FloorType
{
    AppMarket = 0,
    H5 = 1,
    Browser = 2,
    QuickApp = 3,
}

/// <summary>An action's parameters (AimPersonalTemplateContentAction); which ones apply depends on the action type.</summary>
public sealed record TemplateAction
{
    /// <summary>The address, number, title or copied text, depending on the action type.</summary>
    [JsonPropertyName("target")]
    public string Target { get; init; } = "";

    [JsonPropertyName("package_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PackageName { get; init; }

    [JsonPropertyName("floor_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FloorType? FloorType { get; init; }

    [JsonPropertyName("floor_url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FloorUrl { get; init; }

    [JsonPropertyName("address")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Address { get; init; }

    [JsonPropertyName("latitude")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Latitude { get; init; }

    [JsonPropertyName("longitude")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Longitude { get; init; }

    [JsonPropertyName("begin_time")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BeginTime { get; init; }

    [JsonPropertyName("end_time")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EndTime { get; init; }

    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [JsonPropertyName("subject")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get; init; }

    /// <summary>The body of a new SMS or e-mail.</summary>
    [JsonPropertyName("body")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    /// <summary>A popup's content.</summary>
    [JsonPropertyName("content")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; init; }

    [JsonPropertyName("mode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Mode { get; init; }

    [JsonPropertyName("text_button")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TextButton { get; init; }

    public static TemplateAction To(string target) => new() { Target = target };
}
