using System.Collections.Frozen;
using System.Collections.Immutable;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Templates.Checks;

/// <summary>
/// One breach of a rule: what (<see cref="Rule"/>), how bad, where (<see cref="Path"/>, for the builder to highlight),
/// the message's arguments (numbers, texts, or lists of texts), and the rule data it comes from when it has one.
/// </summary>
public sealed record TemplateViolation(RuleCode Rule, Severity Severity, TemplatePath Path, ImmutableArray<object> Args, RuleSource? Source = null)
{
    public string Code => Rule.Code;

    public string MessageKey => Rule.MessageKey;

    /// <summary>The message in the user's language; list arguments are joined as that language joins lists.</summary>
    public string Message(IStringLocalizer l) =>
        l[MessageKey, [.. Args.Select(a => a switch
        {
            LocalizedArg text => l[text.Key].Value,
            not string and IEnumerable<string> list => l.JoinList(list),
            _ => a,
        })]];
}

/// <summary>How many a place takes, as messages say it: "1" when it is exactly that many, else "0–2".</summary>
public sealed record CountRange(int Min, int Max)
{
    public override string ToString() => Min == Max
        ? Min.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Min}–{Max}");
}

/// <summary>A message argument said in the user's language: the resource <see cref="Key"/> (a zone's name, "TemplateZone.title").</summary>
public sealed record LocalizedArg(string Key)
{
    public static LocalizedArg Zone(string name) => new("TemplateZone." + name);
}

/// <summary>
/// The outcome of <see cref="TemplateCheck"/>: errors and warnings of the template itself, and per vendor (all six,
/// targeted or not) what that vendor would refuse or should be told.
/// </summary>
public sealed record TemplateCheckResult(ImmutableArray<TemplateViolation> Template, FrozenDictionary<Vendor, ImmutableArray<TemplateViolation>> Vendors)
{
    /// <summary>True when nothing keeps the whole template from submission.</summary>
    public bool TemplateValid => Template.All(v => v.Severity != Severity.Error);

    /// <summary>The template is valid and <paramref name="vendor"/> has no error.</summary>
    public bool CanSubmitTo(Vendor vendor) => TemplateValid && Vendors[vendor].All(v => v.Severity != Severity.Error);
}

/// <summary>What the file store knows of an image or video a template refers to by <see cref="TemplateContent.Src"/>.</summary>
/// <param name="Format">The lower-case file extension: png, jpeg, jpg, mp4, ts.</param>
/// <param name="Seconds">A video's duration; null for images or when unknown.</param>
public sealed record MaterialFacts(int Width, int Height, long Bytes, string Format, double? Seconds = null);
