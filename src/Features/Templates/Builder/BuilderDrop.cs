using System.Globalization;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.Features.Templates.Builder;

/// <summary>
/// Something the builder's drag and drop moves: a layout or a component kind from the palette, or a component on the
/// canvas (its page and index). <see cref="Zone"/> is the drop zone it is shown in.
/// </summary>
public sealed record BuilderDragItem(string Id, string Zone, string? CardId = null, ContentType? Kind = null, int Page = -1, int Content = -1)
{
    public bool FromPalette => Content < 0;
}

/// <summary>
/// The drop zones of the builder and what each accepts, apart from the page so that it can be tested without a
/// browser: the palette takes nothing back, the canvas's layout target takes layouts, and a zone of the layout takes
/// components of its kind while it has room (a component already in it may be moved within it).
/// </summary>
public static class BuilderDrop
{
    public const string PaletteComponents = "palette-components";

    public const string CanvasLayout = "canvas-layout";

    private const string ZonePrefix = "zone:";

    public static string PaletteLayouts(LayoutGroup group) => "palette-layouts-" + group;

    public static string ZoneId(int page, string zone) => string.Create(CultureInfo.InvariantCulture, $"{ZonePrefix}{page}:{zone}");

    /// <summary>The page and zone name of a canvas zone's identifier; null for the palette and the layout target.</summary>
    public static (int Page, string Zone)? ParseZone(string identifier)
    {
        if (!identifier.StartsWith(ZonePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = identifier[ZonePrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? (page, rest[(colon + 1)..]) : null;
    }

    /// <summary>The palette: every layout of the rule book in its group, and the component kinds.</summary>
    public static IEnumerable<BuilderDragItem> Palette(RuleBook book) =>
        book.Layouts.Values.OrderBy(l => l.Group).ThenBy(l => l.Id, StringComparer.Ordinal)
            .Select(l => new BuilderDragItem("layout:" + l.Id, PaletteLayouts(l.Group), CardId: l.Id))
            .Concat(PaletteKinds.Select(k => new BuilderDragItem("kind:" + k, PaletteComponents, Kind: k)));

    /// <summary>The component kinds the palette offers (the pages JSON's title is a text marked as title).</summary>
    public static readonly IReadOnlyList<ContentType> PaletteKinds = [ContentType.Text, ContentType.Image, ContentType.Video, ContentType.Button];

    /// <summary>The components of one page in their zones, in the order the zone shows them.</summary>
    public static IEnumerable<BuilderDragItem> Canvas(LayoutSpec layout, TemplateDocument document, int page)
    {
        if (page < 0 || page >= document.Pages.Length)
        {
            return [];
        }

        return ZonePlacement.Place(layout, document.Pages[page])
            .Where(p => p.Zone is not null)
            .OrderBy(p => layout.Zones.IndexOf(p.Zone!)).ThenBy(p => p.Content.PositionNumber).ThenBy(p => p.Index)
            .Select(p => new BuilderDragItem(
                string.Create(CultureInfo.InvariantCulture, $"content:{page}:{p.Index}"), ZoneId(page, p.Zone!.Name), Kind: p.Content.Type, Page: page, Content: p.Index));
    }

    /// <summary>Whether <paramref name="item"/> may be dropped on the zone <paramref name="identifier"/>.</summary>
    public static bool Accepts(TemplateDocument document, LayoutSpec? layout, BuilderDragItem item, string identifier)
    {
        if (identifier == CanvasLayout)
        {
            return item.CardId is not null;
        }

        if (layout is null || item.Kind is not { } kind || ParseZone(identifier) is not (var page, var name))
        {
            return false;
        }

        var zone = layout.Zones.FirstOrDefault(z => z.Name == name);
        if (zone is null || zone.Kind != kind || page >= document.Pages.Length)
        {
            return false;
        }

        if (!item.FromPalette)
        {
            return item.Zone == identifier;
        }

        var placed = ZonePlacement.Place(layout, document.Pages[page]);
        return placed.Count(p => p.Zone == zone) < zone.Max;
    }

    /// <summary>
    /// Applies a drop to the state: a layout switches the layout; a kind from the palette adds an empty component to the
    /// zone at the place it was dropped; a component dropped in its zone moves to that place.
    /// </summary>
    public static BuilderResult Apply(TemplateBuilderState state, BuilderDragItem item, string identifier, int index)
    {
        if (item.CardId is { } cardId)
        {
            return state.SetLayout(cardId);
        }

        if (ParseZone(identifier) is not (var page, var name) || item.Kind is not { } kind || state.Layout is not { } layout)
        {
            return BuilderResult.Refused(BuilderRefusal.NotFound);
        }

        if (item.FromPalette)
        {
            var added = state.AddComponent(page, kind, name);
            return added.Applied && added.Content is { } at ? MoveTo(state, layout, page, at, name, index) : added;
        }

        return MoveTo(state, layout, page, item.Content, name, index);
    }

    private static BuilderResult MoveTo(TemplateBuilderState state, LayoutSpec layout, int page, int content, string zone, int index)
    {
        var members = Canvas(layout, state.Document, page).Where(i => i.Zone == ZoneId(page, zone)).Select(i => i.Content).ToList();
        var from = members.IndexOf(content);
        var to = Math.Clamp(index, 0, Math.Max(0, members.Count - 1));
        return from < 0 || from == to ? BuilderResult.Done(page, content) : state.MoveComponent(page, content, to - from);
    }
}
