using System.Text;
using KooMessage.Console.Features.Templates.Document;

namespace KooMessage.Console.Features.Templates.Rules;

/// <summary>A component of a page and the zone of the layout it falls into (null: the layout has no zone of its kind).</summary>
public sealed record PlacedContent(int Index, TemplateContent Content, LayoutZone? Zone);

/// <summary>Which zone each component of a page belongs to.</summary>
public static class ZonePlacement
{
    /// <summary>
    /// Components of one kind fill that kind's zones in position order, each zone up to its maximum, the rest going to
    /// the last one (so a count check sees them). Texts marked is_text_title go to the title zone; a text marked false
    /// (the builder's body texts) never does; without any mark the first text is the title, as the title zone comes first.
    /// </summary>
    public static IReadOnlyList<PlacedContent> Place(LayoutSpec layout, TemplatePage page)
    {
        var placed = new List<PlacedContent>();
        var ordered = page.Contents.Select((content, index) => (content, index)).OrderBy(x => x.content.PositionNumber).ThenBy(x => x.index).ToList();
        foreach (var kind in ordered.GroupBy(x => x.content.Type))
        {
            var zones = layout.ZonesOf(kind.Key).ToList();
            var items = kind.ToList();
            if (zones.Count == 0)
            {
                placed.AddRange(items.Select(x => new PlacedContent(x.index, x.content, null)));
                continue;
            }

            var title = zones.FirstOrDefault(z => z.Role == TextRole.Title);
            var anyTitle = title is not null && items.Any(x => x.content.IsTextTitle == true);
            var counts = zones.ToDictionary(z => z, _ => 0);
            foreach (var (content, index) in items)
            {
                var eligible = content.IsTextTitle == true && title is not null
                    ? [title]
                    : zones.Where(z => z != title || !(anyTitle || content.IsTextTitle == false)).ToList() is { Count: > 0 } others ? others : zones;
                var zone = eligible.FirstOrDefault(z => counts[z] < z.Max) ?? eligible[^1];
                placed.Add(new PlacedContent(index, content, zone));
                counts[zone]++;
            }
        }

        return [.. placed.OrderBy(p => p.Index)];
    }

    /// <summary>The main title: the first page's title-zone text, else its first text.</summary>
    public static (int Index, TemplateContent Content)? MainTitle(LayoutSpec? layout, TemplateDocument document)
    {
        if (document.Pages.IsDefaultOrEmpty)
        {
            return null;
        }

        var page = document.Pages[0];
        if (layout is not null && Place(layout, page).FirstOrDefault(p => p.Zone?.Role == TextRole.Title) is { } titled)
        {
            return (titled.Index, titled.Content);
        }

        var first = page.Contents.Select((c, i) => (Index: i, Content: c)).Where(x => x.Content.Type == ContentType.Text).OrderBy(x => x.Content.PositionNumber).FirstOrDefault();
        return first.Content is null ? null : first;
    }
}

/// <summary>How long a text is as a handset counts it: characters (a Chinese character, a letter or an emoji are one each), line breaks not counted.</summary>
public static class TextMeasure
{
    public static int Length(string? text) =>
        text is null ? 0 : text.EnumerateRunes().Count(r => r.Value is not '\n' and not '\r');

    public static Rune[] Runes(string text) => [.. text.EnumerateRunes().Where(r => r.Value != '\r')];
}
