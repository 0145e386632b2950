using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using KooMessage.Console.Features.Templates.Document;

namespace KooMessage.Console.Features.Templates.Rules;

/// <summary>Where a rule comes from: a source key of the domain reference, and whether the value is a chosen default.</summary>
public sealed record RuleSource(string Source, bool Assumed = false, string? Note = null)
{
    /// <summary>A breach of a sourced rule keeps the template from the vendor; of an assumed one it only informs.</summary>
    public Severity Severity => Assumed ? Severity.Warning : Severity.Error;
}

public enum Severity
{
    /// <summary>Informs; the template is still submitted.</summary>
    Warning,

    /// <summary>The template is not submitted (to that vendor, or at all for a vendor-independent error).</summary>
    Error,
}

[JsonConverter(typeof(JsonStringEnumConverter<LayoutGroup>))]
public enum LayoutGroup
{
    /// <summary>营销类</summary>
    Marketing,

    /// <summary>通知类</summary>
    Notification,
}

[JsonConverter(typeof(JsonStringEnumConverter<TextRole>))]
public enum TextRole
{
    [JsonStringEnumMemberName("title")]
    Title,

    [JsonStringEnumMemberName("body")]
    Body,
}

/// <summary>A layout (card_id): its group, how many pages (cards), and the zones of each page.</summary>
public sealed record LayoutSpec(string Id, string Name, LayoutGroup Group, int MinPages, int MaxPages, RuleSource PagesSource, ImmutableArray<LayoutZone> Zones)
{
    public IEnumerable<LayoutZone> ZonesOf(ContentType kind) => Zones.Where(z => z.Kind == kind);

    /// <summary>The resource key of the layout's name in the user's language (<see cref="Name"/> is the reference's Chinese one).</summary>
    public string NameKey => "Layout." + Id;
}

/// <summary>
/// A place on a page taking <see cref="Min"/>..<see cref="Max"/> components of one kind. Text zones have a role whose
/// per-vendor limit applies; <see cref="Actions"/> false means images here cannot bind events (they follow the button's).
/// </summary>
public sealed record LayoutZone(string Name, ContentType Kind, TextRole? Role, int Min, int Max, bool Actions, RuleSource Source);

/// <summary>A text limit: <see cref="Lines"/> lines (null = no line limit) and <see cref="Chars"/> characters in all.</summary>
public sealed record TextLimit(int? Lines, int Chars, RuleSource Source)
{
    /// <summary>Characters a line holds on the handset: the total spread over the lines.</summary>
    public int PerLine => Lines is { } lines and > 0 ? (Chars + lines - 1) / lines : Chars;
}

/// <summary>An accepted aspect ratio such as "16:9", with the minimum pixels where the reference gives them.</summary>
public sealed record ImageSize(string Ratio, int? MinWidth, int? MinHeight)
{
    /// <summary>Width over height, within 2 % (handset crops hide that much; 1088*612 is exactly 16:9).</summary>
    public bool Fits(int width, int height)
    {
        var parts = Ratio.Split(':');
        var expected = double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
        var actual = (double)width / height;
        return Math.Abs(actual - expected) / expected <= 0.02;
    }
}

public sealed record ImageRule(ImmutableArray<ImageSize> Sizes, long MaxBytes, string? Recommended, RuleSource Source);

/// <summary>Video formats (lower-case extensions), ratio, and the size cap (null = none).</summary>
public sealed record VideoRule(ImmutableArray<string> Formats, string Ratio, long? MaxBytes, RuleSource Source);

/// <summary>What one vendor accepts in one layout; null members are limits the reference gives no value for.</summary>
public sealed record VendorLayoutRule(
    Vendor Vendor,
    string LayoutId,
    bool Supported,
    RuleSource SupportSource,
    TextLimit? Title,
    TextLimit? Body,
    ImageRule? Image,
    ImageRule? Cover,
    VideoRule? Video,
    SubTypeRule? SubTypes)
{
    public TextLimit? Limit(TextRole role) => role == TextRole.Title ? Title : Body;
}

/// <summary>The sub_type values (button style or colours) a vendor takes in a layout.</summary>
public sealed record SubTypeRule(ImmutableArray<int> Values, RuleSource Source);

/// <summary>A vendor's action and fallback rules, for every layout; <see cref="ExtraButton"/> is a button the vendor adds under every card.</summary>
public sealed record VendorRule(
    Vendor Vendor,
    string Name,
    FrozenSet<ActionType> UnsupportedActions,
    FrozenSet<ActionType> WarnedActions,
    RuleSource ActionsSource,
    FrozenSet<FloorType> FloorTypes,
    FrozenSet<FloorType> FloorUrlRequired,
    bool FloorIgnoredWithOthers,
    RuleSource FloorSource,
    bool SmsRequired,
    string? ExtraButton,
    string? Note);

/// <summary>An action type's fields (OAS): the target's length and schemes, and the other fields it needs.</summary>
public sealed record ActionSpec(ActionType Type, int TargetMin, int TargetMax, ImmutableArray<string> Schemes, ImmutableArray<ActionFieldSpec> Fields, RuleSource Source);

public sealed record ActionFieldSpec(string Name, int Max, bool Required);

/// <summary>A vendor-independent value with its source.</summary>
public sealed record Sourced<T>(T Value, string Source, string? Note = null);

/// <summary>Vendor-independent limits of a template's settings (OAS CreateAimPersonalTemplate).</summary>
public sealed record TemplateSettingsRules(
    Sourced<int> NameMin,
    Sourced<int> NameMax,
    Sourced<int> SmsExampleMax,
    Sourced<int> SmsSignsMax,
    Sourced<int> SmsSignMax,
    Sourced<int> SmsTemplateMax,
    Sourced<int> SmsSlotMax,
    Sourced<int> ParamsMax,
    Sourced<int> ParamNameMax,
    Sourced<int> ParamExampleMax,
    Sourced<int> PagesMax,
    Sourced<int> ContentMax,
    Sourced<string> OptOutText,
    Sourced<string> TestWord,
    Sourced<ImmutableArray<string>> SmsSlotKinds);

public sealed record MaterialRule(ImmutableArray<string> Formats, long MaxBytes, int? SuggestedSeconds, string Source, string? Note);

public sealed record MaterialRules(MaterialRule Image, MaterialRule Video, MaterialRule Thumbnail);
