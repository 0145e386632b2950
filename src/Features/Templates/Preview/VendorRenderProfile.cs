using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.Features.Templates.Preview;

/// <summary>A text as a handset shows it: its lines, and whether the vendor cut it (the last line then ends with "…").</summary>
public sealed record RenderedText(ImmutableArray<string> Lines, bool Cut)
{
    public string Text => string.Join('\n', Lines);
}

/// <summary>
/// How one vendor shows a template, for the preview: whether it takes the layout at all, which of the template's actions
/// it lacks, and each text with ${name} filled from the parameter examples and cut to the vendor's lines × characters.
/// </summary>
public sealed record VendorRenderProfile(Vendor Vendor, LayoutSpec? Layout, VendorLayoutRule Rule, VendorRule VendorRule, ImmutableArray<TemplateParam> Params)
{
    public const string Ellipsis = "…";

    public bool LayoutSupported => Layout is not null && Rule.Supported;

    public FrozenSet<ActionType> UnsupportedActions => VendorRule.UnsupportedActions;

    /// <summary>A button the vendor adds under every card (OPPO: 立即查看), or null.</summary>
    public string? ExtraButton => VendorRule.ExtraButton;

    public static VendorRenderProfile For(TemplateDocument document, Vendor vendor, RuleBook? book = null)
    {
        book ??= RuleBook.Default;
        return new VendorRenderProfile(
            vendor, book.Layouts.GetValueOrDefault(document.CardId), book.Rule(vendor, document.CardId), book.Vendors[vendor], document.Params);
    }

    /// <summary>The actions of <paramref name="document"/> this vendor does not support, each once.</summary>
    public IReadOnlyList<ActionType> UnsupportedIn(TemplateDocument document) =>
        [.. document.Pages.SelectMany(p => p.Contents).Select(c => c.ActionType).OfType<ActionType>().Distinct().Where(UnsupportedActions.Contains)];

    public string Fill(string text) => TemplateTexts.Fill(text, Params);

    /// <summary>The text filled and cut as this vendor shows a text of <paramref name="role"/> in this layout.</summary>
    public RenderedText Render(TextRole role, string text) => Cut(Fill(text), Rule.Limit(role));

    /// <summary>The components of one page in their zones, for the preview to lay out.</summary>
    public IReadOnlyList<PlacedContent> Place(TemplatePage page) => Layout is null ? [] : ZonePlacement.Place(Layout, page);

    /// <summary>
    /// Wraps <paramref name="text"/> at <see cref="TextLimit.PerLine"/> characters (and at its own line breaks), keeps
    /// at most <see cref="TextLimit.Lines"/> lines and <see cref="TextLimit.Chars"/> characters, and ends a cut text with
    /// "…" in place of its last character. Without a limit the text is shown whole.
    /// </summary>
    public static RenderedText Cut(string text, TextLimit? limit)
    {
        if (limit is null)
        {
            return new RenderedText([.. text.Replace("\r", "", StringComparison.Ordinal).Split('\n')], false);
        }

        var maxLines = limit.Lines ?? int.MaxValue;
        var lines = new List<Rune[]>();
        var used = 0;
        var cut = false;
        foreach (var line in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var runes = TextMeasure.Runes(line);
            var at = 0;
            do
            {
                if (lines.Count == maxLines || used == limit.Chars)
                {
                    cut = true;
                    break;
                }

                var take = Math.Min(Math.Min(limit.PerLine, runes.Length - at), limit.Chars - used);
                lines.Add(runes[at..(at + take)]);
                used += take;
                at += take;
            }
            while (at < runes.Length);

            if (cut)
            {
                break;
            }
        }

        var shown = lines.Select(l => string.Concat(l.Select(r => r.ToString()))).ToList();
        if (cut && lines.Count == 0)
        {
            shown.Add(Ellipsis);
        }
        else if (cut)
        {
            var last = lines[^1];
            shown[^1] = string.Concat(last.Take(Math.Max(0, last.Length - 1)).Select(r => r.ToString())) + Ellipsis;
        }

        return new RenderedText([.. shown], cut);
    }
}
