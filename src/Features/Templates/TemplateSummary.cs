using System.Globalization;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Preview;
using KooMessage.Console.Features.Templates.Rules;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Templates;

/// <summary>One line of a template told in words: a label's resource key and its value.</summary>
public sealed record SummaryLine(string LabelKey, string Value);

/// <summary>
/// A template in words, without JSON, for 预览 and the reviewer: each page's components in order (texts as a vendor's
/// profile cuts them, when one is given, parameters filled from their examples), the parameters and the fallback SMS.
/// </summary>
public static class TemplateSummary
{
    public static IReadOnlyList<SummaryLine> Lines(TemplateDocument document, VendorRenderProfile? profile, IStringLocalizer<SharedResource> l)
    {
        var lines = new List<SummaryLine>();
        for (var p = 0; p < document.Pages.Length; p++)
        {
            var page = document.Pages[p];
            var placed = profile?.Place(page).ToDictionary(c => c.Index) ?? [];
            for (var c = 0; c < page.Contents.Length; c++)
            {
                var content = page.Contents[c];
                var where = document.Pages.Length > 1 ? l["Templates.PageItem", p + 1].Value : "";
                var role = placed.TryGetValue(c, out var at) ? at.Zone?.Role : null;
                lines.Add(new($"ContentType.{content.Type}", where + Describe(content, profile, role, l)));
            }
        }

        if (document.Params.Length > 0)
        {
            lines.Add(new("Field.TemplateParams", l.JoinList(document.Params.Select(p => $"${{{p.Name}}} = {p.Example}"))));
        }

        lines.Add(new("Field.SmsExample", document.SmsExample ?? ""));
        lines.Add(new("Field.SmsTemplate", document.SmsTemplate ?? ""));
        return lines;
    }

    private static string Describe(TemplateContent content, VendorRenderProfile? profile, TextRole? role, IStringLocalizer<SharedResource> l)
    {
        var text = content.Content ?? "";
        if (profile is not null && content.Type == ContentType.Text && role is { } r)
        {
            text = profile.Render(r, text).Text;
        }
        else if (profile is not null)
        {
            text = profile.Fill(text);
        }

        return content.Type switch
        {
            ContentType.Image or ContentType.Video => string.IsNullOrEmpty(content.Src) ? l["Templates.NoMaterial"] : content.Src
                + (content.ActionType is { } a ? " → " + Action(a, content.Action) : ""),
            ContentType.Button => $"{text} → {(content.ActionType is { } b ? Action(b, content.Action) : l["Templates.NoAction"])}",
            _ => text,
        };
    }

    private static string Action(ActionType type, TemplateAction? action) =>
        string.Create(CultureInfo.InvariantCulture, $"{type}{(string.IsNullOrEmpty(action?.Target) ? "" : " " + action.Target)}");
}
