using System.Globalization;
using System.Text.RegularExpressions;

namespace KooMessage.Console.Features.Templates.Document;

/// <summary>
/// Where in a template something is: a component (<see cref="Page"/>, <see cref="Content"/>, indexes into
/// <see cref="TemplateDocument.Pages"/> and <see cref="TemplatePage.Contents"/>) and a JSON field of it, or a field of
/// the template itself (both indexes null). <see cref="ToString"/> gives the JSON path, e.g. pages[0].contents[2].action.target.
/// </summary>
public sealed record TemplatePath(int? Page, int? Content, string Field)
{
    public static TemplatePath Template(string field) => new(null, null, field);

    public static TemplatePath Of(int page, int content, string field) => new(page, content, field);

    public static TemplatePath OfPage(int page) => new(page, null, "");

    public override string ToString()
    {
        var parts = new List<string>();
        if (Page is { } p)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"pages[{p}]"));
        }

        if (Content is { } c)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"contents[{c}]"));
        }

        if (Field.Length > 0)
        {
            parts.Add(Field);
        }

        return string.Join('.', parts);
    }
}

/// <summary>One string of a template and where it is.</summary>
public sealed record TemplateText(TemplatePath Path, string Text)
{
    /// <summary>True for texts inside the card (pages), where dynamic parameters are filled in.</summary>
    public bool InCard => Path.Page is not null;
}

/// <summary>Every string of a template with its path, and the dynamic parameters (${name}) its card uses.</summary>
public static partial class TemplateTexts
{
    /// <summary>
    /// Every non-empty string of the template: settings, parameter examples, and every component's text, addresses and
    /// action fields. Run the sensitive-word matcher over these (see <c>TemplateCheck.SensitiveWordsAsync</c>).
    /// </summary>
    public static IEnumerable<TemplateText> All(TemplateDocument document)
    {
        var fields = new List<TemplateText>();
        void Add(TemplatePath path, string? text)
        {
            if (!string.IsNullOrEmpty(text))
            {
                fields.Add(new TemplateText(path, text));
            }
        }

        Add(TemplatePath.Template("tpl_name"), document.Name);
        Add(TemplatePath.Template("scene"), document.Scene);
        Add(TemplatePath.Template("sms_example"), document.SmsExample);
        Add(TemplatePath.Template("sms_template"), document.SmsTemplate);
        for (var i = 0; i < document.SmsSignatures.Length; i++)
        {
            Add(TemplatePath.Template(Indexed("sms_signs", i)), document.SmsSignatures[i]);
        }

        for (var i = 0; i < document.Params.Length; i++)
        {
            Add(TemplatePath.Template(Indexed("params", i) + ".example"), document.Params[i].Example);
        }

        for (var p = 0; p < document.Pages.Length; p++)
        {
            var contents = document.Pages[p].Contents;
            for (var c = 0; c < contents.Length; c++)
            {
                foreach (var (field, text) in ContentStrings(contents[c]))
                {
                    Add(TemplatePath.Of(p, c, field), text);
                }
            }
        }

        return fields;
    }

    /// <summary>The strings of one component by JSON field; images' and videos' sources included.</summary>
    public static IEnumerable<(string Field, string? Text)> ContentStrings(TemplateContent content)
    {
        yield return ("content", content.Content);
        yield return ("content_child", content.ContentChild);
        yield return ("src", content.Src);
        yield return ("cover", content.Cover);
        yield return ("oppo_background", content.OppoBackground);
        yield return ("vivo_background", content.VivoBackground);
        if (content.Action is not { } a)
        {
            yield break;
        }

        yield return ("action.target", a.Target);
        yield return ("action.package_name", a.PackageName);
        yield return ("action.floor_url", a.FloorUrl);
        yield return ("action.address", a.Address);
        yield return ("action.latitude", a.Latitude);
        yield return ("action.longitude", a.Longitude);
        yield return ("action.begin_time", a.BeginTime);
        yield return ("action.end_time", a.EndTime);
        yield return ("action.description", a.Description);
        yield return ("action.subject", a.Subject);
        yield return ("action.body", a.Body);
        yield return ("action.content", a.Content);
        yield return ("action.text_button", a.TextButton);
    }

    /// <summary>The parameter names (without ${ }) the card's texts use, each once, in order of first use.</summary>
    public static IReadOnlyList<string> UsedParameters(TemplateDocument document) =>
        All(document).Where(t => t.InCard).SelectMany(t => ParametersIn(t.Text)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The parameter names used in one text, in order, repeats included.</summary>
    public static IEnumerable<string> ParametersIn(string text) =>
        Parameter().Matches(text).Select(m => m.Groups["name"].Value);

    /// <summary>The declared parameter name without ${ } (KooMessage's examples write both "param1" and "${param1}").</summary>
    public static string BareName(string name) =>
        name.StartsWith("${", StringComparison.Ordinal) && name.EndsWith('}') ? name[2..^1] : name;

    /// <summary>Whether <paramref name="name"/> can be a parameter's name: letters (Chinese too), digits and _ only.</summary>
    public static bool IsParamName(string name) => name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    /// <summary>How a text refers to the parameter <paramref name="name"/>: ${name}.</summary>
    public static string Placeholder(string name) => "${" + BareName(name) + "}";

    /// <summary>The text with every ${name} replaced by its declared example; unknown names stay as written.</summary>
    public static string Fill(string text, IEnumerable<TemplateParam> parameters)
    {
        var examples = parameters.GroupBy(p => BareName(p.Name), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Example, StringComparer.Ordinal);
        return Parameter().Replace(text, m => examples.TryGetValue(m.Groups["name"].Value, out var example) ? example : m.Value);
    }

    private static string Indexed(string field, int index) => string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");

    [GeneratedRegex(@"\$\{(?<name>[^{}]*)\}")]
    private static partial Regex Parameter();
}
