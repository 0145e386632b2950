using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using KooMessage.Console.Features.Templates.Document;

namespace KooMessage.Console.Features.Templates.Rules;

/// <summary>
/// The template rules as data: layouts.json (layouts and their zones) and vendor-rules.json (per-vendor support, text,
/// image and video limits, actions, fallbacks; the template settings' limits). Both are embedded in the assembly and
/// read once into immutable objects (<see cref="Default"/>); <see cref="Parse"/> reads other copies (tests).
/// </summary>
public sealed class RuleBook
{
    public static readonly IReadOnlyList<Vendor> AllVendors = Enum.GetValues<Vendor>();

    private static readonly Lazy<RuleBook> Embedded = new(() => Parse(ReadEmbedded("vendor-rules.json"), ReadEmbedded("layouts.json")));

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private readonly FrozenDictionary<(Vendor, string), VendorLayoutRule> rules;

    private RuleBook(
        FrozenDictionary<string, LayoutSpec> layouts,
        FrozenDictionary<Vendor, VendorRule> vendors,
        FrozenDictionary<(Vendor, string), VendorLayoutRule> rules,
        FrozenDictionary<ActionType, ActionSpec> actions,
        TemplateSettingsRules settings,
        MaterialRules materials)
    {
        Layouts = layouts;
        Vendors = vendors;
        this.rules = rules;
        Actions = actions;
        Settings = settings;
        Materials = materials;
    }

    /// <summary>The rule book committed with the application.</summary>
    public static RuleBook Default => Embedded.Value;

    public FrozenDictionary<string, LayoutSpec> Layouts { get; }

    public FrozenDictionary<Vendor, VendorRule> Vendors { get; }

    public FrozenDictionary<ActionType, ActionSpec> Actions { get; }

    public TemplateSettingsRules Settings { get; }

    public MaterialRules Materials { get; }

    /// <summary>Every (vendor, layout) rule, supported or not.</summary>
    public IEnumerable<VendorLayoutRule> Rules => rules.Values;

    /// <summary>What <paramref name="vendor"/> accepts in <paramref name="layoutId"/>; unsupported for an unknown layout.</summary>
    public VendorLayoutRule Rule(Vendor vendor, string layoutId) =>
        rules.TryGetValue((vendor, layoutId), out var rule)
            ? rule
            : new VendorLayoutRule(vendor, layoutId, false, new RuleSource("OAS"), null, null, null, null, null, null);

    public static RuleBook Parse(string vendorRulesJson, string layoutsJson)
    {
        var layoutFile = JsonSerializer.Deserialize<LayoutsFile>(layoutsJson, Json) ?? throw new InvalidDataException("layouts.json is empty");
        var vendorFile = JsonSerializer.Deserialize<VendorRulesFile>(vendorRulesJson, Json) ?? throw new InvalidDataException("vendor-rules.json is empty");

        var layouts = layoutFile.Layouts.ToFrozenDictionary(l => l.Id, l => new LayoutSpec(
            l.Id, l.Name, l.Group, l.Pages.Min, l.Pages.Max, new RuleSource(l.Pages.Source, false, l.Pages.Note),
            [.. l.Zones.Select(z => new LayoutZone(z.Name, z.Kind, z.Role, z.Min, z.Max, z.Actions ?? true, new RuleSource(z.Source, z.Assumed, z.Note)))]));

        var unknown = vendorFile.Layouts.Keys.Except(layouts.Keys).Concat(layouts.Keys.Except(vendorFile.Layouts.Keys)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException($"Layouts not in both rule files: {string.Join(", ", unknown)}");
        }

        var vendors = vendorFile.Vendors.ToFrozenDictionary(v => v.Vendor, v => new VendorRule(
            v.Vendor, v.Name, v.Actions.Unsupported.ToFrozenSet(), (v.Actions.Warn ?? []).ToFrozenSet(),
            new RuleSource(v.Actions.Source, false, v.Actions.Note),
            v.FloorTypes.Supported.ToFrozenSet(), (v.FloorTypes.FloorUrlRequired ?? []).ToFrozenSet(), v.FloorTypes.IgnoredWithOthers,
            new RuleSource(v.FloorTypes.Source, false, v.FloorTypes.Note), v.SmsRequired?.Value ?? false, v.Preview?.ExtraButton, v.Note));
        if (vendors.Count != AllVendors.Count)
        {
            throw new InvalidDataException("vendor-rules.json must describe every vendor once");
        }

        var rules = new Dictionary<(Vendor, string), VendorLayoutRule>();
        foreach (var (layoutId, file) in vendorFile.Layouts)
        {
            foreach (var vendor in AllVendors)
            {
                rules[(vendor, layoutId)] = new VendorLayoutRule(
                    vendor,
                    layoutId,
                    file.SupportedBy.Vendors.Contains(vendor),
                    new RuleSource(file.SupportedBy.Source, file.SupportedBy.Assumed, file.SupportedBy.Note),
                    For(file.Title, vendor, layoutId, t => new TextLimit(t.Lines, t.Chars, t.RuleSource)),
                    For(file.Body, vendor, layoutId, t => new TextLimit(t.Lines, t.Chars, t.RuleSource)),
                    For(file.Image, vendor, layoutId, ToImage),
                    For(file.Cover, vendor, layoutId, ToImage),
                    For(file.Video, vendor, layoutId, v => new VideoRule([.. v.Formats], v.Ratio, v.MaxBytes, v.RuleSource)),
                    For(file.SubTypes, vendor, layoutId, s => new SubTypeRule([.. s.Values], s.RuleSource)));
            }
        }

        var actions = vendorFile.Actions.ToFrozenDictionary(a => a.Type, a => new ActionSpec(
            a.Type, a.TargetMin, a.TargetMax, [.. a.Schemes ?? []], [.. (a.Fields ?? []).Select(f => new ActionFieldSpec(f.Name, f.Max, f.Required))],
            new RuleSource(a.Source, false, a.Note)));
        if (actions.Count != Enum.GetValues<ActionType>().Length)
        {
            throw new InvalidDataException("vendor-rules.json must describe every action type once");
        }

        return new RuleBook(layouts, vendors, rules.ToFrozenDictionary(), actions, vendorFile.Settings, vendorFile.Materials);
    }

    private static ImageRule ToImage(ImageFile i) =>
        new([.. i.Sizes.Select(s => new ImageSize(s.Ratio, s.MinWidth, s.MinHeight))], i.MaxBytes, i.Recommended, i.RuleSource);

    private static TOut? For<TIn, TOut>(IReadOnlyList<TIn>? entries, Vendor vendor, string layoutId, Func<TIn, TOut> map)
        where TIn : VendorEntry
        where TOut : class
    {
        var matching = (entries ?? []).Where(e => e.Vendors.Contains(vendor)).ToList();
        return matching.Count switch
        {
            0 => null,
            1 => map(matching[0]),
            _ => throw new InvalidDataException($"{vendor} is listed twice for one field of {layoutId}"),
        };
    }

    private static string ReadEmbedded(string file)
    {
        var name = $"{typeof(RuleBook).Namespace}.{file}";
        using var stream = typeof(RuleBook).Assembly.GetManifestResourceStream(name) ?? throw new InvalidDataException($"Resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record LayoutsFile(string Note, IReadOnlyList<GroupFile> Groups, IReadOnlyList<LayoutFile> Layouts);

    private sealed record GroupFile(LayoutGroup Id, string Name);

    private sealed record LayoutFile(string Id, string Name, LayoutGroup Group, PagesFile Pages, IReadOnlyList<ZoneFile> Zones, string? Note);

    private sealed record PagesFile(int Min, int Max, string Source, string? Note);

    private sealed record ZoneFile(string Name, ContentType Kind, TextRole? Role, int Min, int Max, string Source, bool? Actions, bool Assumed, string? Note);

    private sealed record VendorRulesFile(
        string Note,
        TemplateSettingsRules Settings,
        MaterialRules Materials,
        IReadOnlyList<ActionFile> Actions,
        IReadOnlyList<VendorFile> Vendors,
        IReadOnlyDictionary<string, VendorLayoutFile> Layouts);

    private sealed record ActionFile(ActionType Type, int TargetMin, int TargetMax, IReadOnlyList<string>? Schemes, IReadOnlyList<ActionFieldFile>? Fields, string Source, string? Note);

    private sealed record ActionFieldFile(string Name, int Max, bool Required);

    private sealed record VendorFile(Vendor Vendor, string Name, string? Note, VendorActionsFile Actions, FloorFile FloorTypes, Sourced<bool>? SmsRequired, PreviewFile? Preview);

    private sealed record PreviewFile(string? ExtraButton, string Source, string? Note);

    private sealed record VendorActionsFile(IReadOnlyList<ActionType> Unsupported, IReadOnlyList<ActionType>? Warn, string Source, string? Note);

    private sealed record FloorFile(IReadOnlyList<FloorType> Supported, IReadOnlyList<FloorType>? FloorUrlRequired, bool IgnoredWithOthers, string Source, string? Note);

    private sealed record VendorLayoutFile(
        SupportFile SupportedBy,
        IReadOnlyList<TextFile>? Title,
        IReadOnlyList<TextFile>? Body,
        IReadOnlyList<ImageFile>? Image,
        IReadOnlyList<ImageFile>? Cover,
        IReadOnlyList<VideoFile>? Video,
        IReadOnlyList<SubTypeFile>? SubTypes);

    private sealed record SupportFile(IReadOnlyList<Vendor> Vendors, string Source, bool Assumed, string? Note);

    private abstract record VendorEntry(IReadOnlyList<Vendor> Vendors, string Source, bool Assumed, string? Note)
    {
        public RuleSource RuleSource => new(Source, Assumed, Note);
    }

    private sealed record TextFile(IReadOnlyList<Vendor> Vendors, int? Lines, int Chars, string Source, bool Assumed, string? Note)
        : VendorEntry(Vendors, Source, Assumed, Note);

    private sealed record ImageFile(IReadOnlyList<Vendor> Vendors, IReadOnlyList<SizeFile> Sizes, long MaxBytes, string? Recommended, string Source, bool Assumed, string? Note)
        : VendorEntry(Vendors, Source, Assumed, Note);

    private sealed record SubTypeFile(IReadOnlyList<Vendor> Vendors, IReadOnlyList<int> Values, string Source, bool Assumed, string? Note)
        : VendorEntry(Vendors, Source, Assumed, Note);

    private sealed record SizeFile(string Ratio, int? MinWidth, int? MinHeight);

    private sealed record VideoFile(IReadOnlyList<Vendor> Vendors, IReadOnlyList<string> Formats, string Ratio, long? MaxBytes, string Source, bool Assumed, string? Note)
        : VendorEntry(Vendors, Source, Assumed, Note);
}
