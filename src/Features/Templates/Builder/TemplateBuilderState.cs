using System.Collections.Frozen;
using System.Collections.Immutable;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.Features.Templates.Builder;

/// <summary>
/// The template being built, for one circuit (the eShop <c>BasketState</c> pattern): the current
/// <see cref="TemplateDocument"/>, the selection, the undo and redo history, the check result of the current document
/// and whether it changed since it was last saved. Every edit is a method that returns a <see cref="BuilderResult"/>,
/// replaces the document with a changed copy, runs <see cref="TemplateCheck"/> again and raises <see cref="Changed"/>.
/// Maxima of the rule book (a zone's count, the layout's pages) are refused on the edit; minima are left to the check,
/// since a template is built up from empty.
/// </summary>
public sealed class TemplateBuilderState(TimeProvider clock)
{
    /// <summary>How many edits <see cref="Undo"/> can take back; older ones are forgotten.</summary>
    public const int HistoryLimit = 100;

    /// <summary>Zones whose names start with this hold the parts of articles (多图文): moving one part moves the article.</summary>
    public const string ArticleZonePrefix = "article";

    private readonly RuleBook book = RuleBook.Default;
    private readonly LinkedList<TemplateDocument> undo = new();
    private readonly Stack<TemplateDocument> redo = new();
    private IReadOnlyDictionary<string, MaterialFacts> materials = FrozenDictionary<string, MaterialFacts>.Empty;
    private TemplateDocument? saved;

    /// <summary>Raised after every edit, undo, redo, selection, load and save; subscribers re-render through InvokeAsync.</summary>
    public event Action? Changed;

    public TemplateDocument Document { get; private set; } = new();

    /// <summary>The check of <see cref="Document"/>, run again after every edit.</summary>
    public TemplateCheckResult Check { get; private set; } = TemplateCheck.Run(new TemplateDocument());

    /// <summary>The layout of the document, null until one is chosen.</summary>
    public LayoutSpec? Layout => book.Layouts.GetValueOrDefault(Document.CardId);

    /// <summary>The selected component (page and content set) or template field (both null), or nothing.</summary>
    public TemplatePath? Selected { get; private set; }

    public TemplateContent? SelectedContent =>
        Selected is { Page: { } p, Content: { } c } && Exists(p, c) ? Document.Pages[p].Contents[c] : null;

    /// <summary>True when the document differs from the one last loaded or saved (an undo back to it is clean again).</summary>
    public bool IsDirty => !ReferenceEquals(Document, saved);

    /// <summary>When the document was last saved (or the saved version loaded); null for a template never saved.</summary>
    public DateTimeOffset? LastSavedAt { get; private set; }

    public bool CanUndo => undo.Count > 0;

    public bool CanRedo => redo.Count > 0;

    /// <summary>How many edits <see cref="Undo"/> can take back now.</summary>
    public int UndoDepth => undo.Count;

    /// <summary>Starts over with <paramref name="document"/>: no history, no selection; clean when it was saved before.</summary>
    public void Load(TemplateDocument document, DateTimeOffset? savedAt = null)
    {
        undo.Clear();
        redo.Clear();
        Document = document;
        saved = savedAt is null ? null : document;
        LastSavedAt = savedAt;
        Selected = null;
        Recheck();
    }

    /// <summary>What the file store knows of the materials the document uses, for the image and video checks.</summary>
    public void SetMaterials(IReadOnlyDictionary<string, MaterialFacts> facts)
    {
        materials = facts;
        Recheck();
    }

    /// <summary>Hands the current document to <paramref name="save"/>; once it returns, that document is the saved one.</summary>
    public async Task SaveAsync(Func<TemplateDocument, CancellationToken, Task> save, CancellationToken ct)
    {
        var snapshot = Document;
        await save(snapshot, ct);
        saved = snapshot;
        LastSavedAt = clock.GetUtcNow();
        Changed?.Invoke();
    }

    public BuilderResult Undo()
    {
        if (undo.Last is not { } last)
        {
            return BuilderResult.Refused(BuilderRefusal.NothingToUndo);
        }

        redo.Push(Document);
        undo.RemoveLast();
        Document = last.Value;
        KeepSelectionValid();
        Recheck();
        return BuilderResult.Done();
    }

    public BuilderResult Redo()
    {
        if (!redo.TryPop(out var next))
        {
            return BuilderResult.Refused(BuilderRefusal.NothingToUndo);
        }

        Remember();
        Document = next;
        KeepSelectionValid();
        Recheck();
        return BuilderResult.Done();
    }

    /// <summary>Selects a component or a template field (e.g. a violation's path); null clears the selection.</summary>
    public void Select(TemplatePath? path)
    {
        Selected = path;
        Changed?.Invoke();
    }

    /// <summary>
    /// Switches the layout. Pages beyond the new layout's maximum and components beyond what its zones take (per kind,
    /// in position order) are dropped, and reported in <see cref="BuilderResult.Dropped"/>; missing pages are added empty.
    /// </summary>
    public BuilderResult SetLayout(string cardId)
    {
        if (!book.Layouts.TryGetValue(cardId, out var layout))
        {
            return BuilderResult.Refused(BuilderRefusal.NoLayout, cardId);
        }

        if (cardId == Document.CardId)
        {
            return BuilderResult.Done();
        }

        var kept = Document.Pages.Take(MaxPages(layout)).ToList();
        var dropped = Document.Pages.Skip(kept.Count).Sum(p => p.Contents.Length);
        var pages = new List<TemplatePage>();
        foreach (var page in kept)
        {
            var fitting = page.Contents.Select((content, index) => (content, index))
                .OrderBy(x => x.content.PositionNumber).ThenBy(x => x.index)
                .GroupBy(x => x.content.Type)
                .SelectMany(kind => kind.Take(layout.ZonesOf(kind.Key).Sum(z => z.Max)))
                .OrderBy(x => x.index)
                .Select(x => x.content)
                .ToImmutableArray();
            dropped += page.Contents.Length - fitting.Length;
            pages.Add(Normalize(layout, page with { Contents = fitting }).Page);
        }

        while (pages.Count < Math.Max(1, layout.MinPages))
        {
            pages.Add(new TemplatePage());
        }

        return Apply(Document with { CardId = cardId, Pages = Renumbered(pages) }, BuilderResult.Done() with { Dropped = dropped });
    }

    /// <summary>
    /// Adds an empty component of <paramref name="kind"/> to page <paramref name="page"/>: into <paramref name="zone"/>
    /// when named, else into the first zone of that kind with room; refused when the layout has no such zone or it is full.
    /// </summary>
    public BuilderResult AddComponent(int page, ContentType kind, string? zone = null)
    {
        if (Layout is not { } layout)
        {
            return BuilderResult.Refused(BuilderRefusal.NoLayout, Document.CardId);
        }

        if (page < 0 || page >= Document.Pages.Length)
        {
            return BuilderResult.Refused(BuilderRefusal.NotFound);
        }

        var zones = layout.ZonesOf(kind).Where(z => z.Max > 0).ToList();
        if (zones.Count == 0)
        {
            return BuilderResult.Refused(BuilderRefusal.KindNotInLayout, KindName(kind), new LocalizedArg(layout.NameKey));
        }

        var placed = ZonePlacement.Place(layout, Document.Pages[page]);
        int Count(LayoutZone z) => placed.Count(p => p.Zone == z);
        LayoutZone? target;
        if (zone is not null)
        {
            target = zones.FirstOrDefault(z => z.Name == zone);
            if (target is null)
            {
                return BuilderResult.Refused(BuilderRefusal.NoSuchZone, zone, KindName(kind), new LocalizedArg(layout.NameKey));
            }

            if (Count(target) >= target.Max)
            {
                return BuilderResult.Refused(BuilderRefusal.ZoneFull, LocalizedArg.Zone(target.Name), target.Max);
            }
        }
        else
        {
            target = zones.FirstOrDefault(z => Count(z) < z.Max);
            if (target is null)
            {
                return BuilderResult.Refused(BuilderRefusal.NoRoom, KindName(kind));
            }
        }

        var content = new TemplateContent
        {
            Type = kind,
            Content = kind is ContentType.Text or ContentType.Button ? "" : null,
            IsTextTitle = kind == ContentType.Text ? target.Role == TextRole.Title : null,
            SrcType = kind is ContentType.Image or ContentType.Video ? 1 : null,
        };
        var old = Document.Pages[page];
        var zoneOrder = ZoneOrder(layout, placed);
        var withNew = old with { Contents = old.Contents.Add(content) };
        var order = Enumerable.Range(0, withNew.Contents.Length)
            .OrderBy(i => i < old.Contents.Length ? zoneOrder[i] : layout.Zones.IndexOf(target))
            .ThenBy(i => i < old.Contents.Length ? old.Contents[i].PositionNumber : int.MaxValue)
            .ThenBy(i => i)
            .ToList();
        var next = Reordered(withNew, order);
        return Apply(Document.WithPage(page, next), BuilderResult.Done(page, order.IndexOf(old.Contents.Length)));
    }

    /// <summary>
    /// Moves a component <paramref name="offset"/> places within its zone (buttons, a carousel's images, articles: the
    /// article's image and text move together); refused past either end.
    /// </summary>
    public BuilderResult MoveComponent(int page, int content, int offset)
    {
        if (Layout is not { } layout)
        {
            return BuilderResult.Refused(BuilderRefusal.NoLayout, Document.CardId);
        }

        if (!Exists(page, content))
        {
            return BuilderResult.Refused(BuilderRefusal.NotFound);
        }

        var current = Document.Pages[page];
        var placed = ZonePlacement.Place(layout, current);
        var zone = placed.First(p => p.Index == content).Zone;
        var from = zone is null ? -1 : InZone(placed, zone).IndexOf(content);
        var to = from + offset;
        if (zone is null || to < 0 || to >= InZone(placed, zone).Count)
        {
            return BuilderResult.Refused(BuilderRefusal.CannotMove);
        }

        var zones = zone.Name.StartsWith(ArticleZonePrefix, StringComparison.Ordinal)
            ? layout.Zones.Where(z => z.Name.StartsWith(ArticleZonePrefix, StringComparison.Ordinal))
            : [zone];
        var positions = current.Contents.Select(c => c.PositionNumber).ToArray();
        foreach (var z in zones)
        {
            var members = InZone(placed, z);
            if (to >= members.Count || from >= members.Count)
            {
                continue;
            }

            var slots = members.Select(i => current.Contents[i].PositionNumber).ToList();
            var moved = members[from];
            members.RemoveAt(from);
            members.Insert(to, moved);
            for (var i = 0; i < members.Count; i++)
            {
                positions[members[i]] = slots[i];
            }
        }

        var renumbered = current with { Contents = [.. current.Contents.Select((c, i) => c with { PositionNumber = positions[i] })] };
        var (next, map) = Normalize(layout, renumbered);
        return Apply(Document.WithPage(page, next), BuilderResult.Done(page, map[content]));
    }

    public BuilderResult DeleteComponent(int page, int content)
    {
        if (!Exists(page, content))
        {
            return BuilderResult.Refused(BuilderRefusal.NotFound);
        }

        var current = Document.Pages[page];
        var rest = current with { Contents = current.Contents.RemoveAt(content) };
        var next = Layout is { } layout ? Normalize(layout, rest).Page : rest;
        if (Selected is { Page: { } p, Content: { } c } && p == page && c == content)
        {
            Selected = null;
        }

        return Apply(Document.WithPage(page, next), BuilderResult.Done());
    }

    /// <summary>Sets a text's or a button's text.</summary>
    public BuilderResult SetText(int page, int content, string text) =>
        UpdateContent(page, content, c => c with { Content = text });

    /// <summary>Sets an image's or a video's material (src_type 1: a material id), and a video's cover.</summary>
    public BuilderResult SetMaterial(int page, int content, string? src, string? cover = null) =>
        UpdateContent(page, content, c => c with { Src = src, SrcType = 1, Cover = c.Type == ContentType.Video ? cover : c.Cover });

    /// <summary>Sets or clears (null) a component's action.</summary>
    public BuilderResult SetAction(int page, int content, ActionType? type, TemplateAction? action) =>
        UpdateContent(page, content, c => c with { ActionType = type, Action = type is null ? null : action ?? new TemplateAction() });

    /// <summary>Any other change of one component; its kind and position stay as they are.</summary>
    public BuilderResult UpdateContent(int page, int content, Func<TemplateContent, TemplateContent> change)
    {
        if (!Exists(page, content))
        {
            return BuilderResult.Refused(BuilderRefusal.NotFound);
        }

        var old = Document.Pages[page].Contents[content];
        var next = change(old) with { Type = old.Type, PositionNumber = old.PositionNumber };
        return Apply(Document.WithContent(page, content, next), BuilderResult.Done(page, content));
    }

    /// <summary>Adds an empty page (a carousel card) at the end; refused beyond the layout's maximum.</summary>
    public BuilderResult AddPage()
    {
        if (Layout is not { } layout)
        {
            return BuilderResult.Refused(BuilderRefusal.NoLayout, Document.CardId);
        }

        var max = MaxPages(layout);
        if (Document.Pages.Length >= max)
        {
            return BuilderResult.Refused(BuilderRefusal.TooManyPages, new LocalizedArg(layout.NameKey), max);
        }

        return Apply(Document with { Pages = Renumbered([.. Document.Pages, new TemplatePage()]) }, BuilderResult.Done(Document.Pages.Length));
    }

    public BuilderResult RemovePage(int page)
    {
        if (page < 0 || page >= Document.Pages.Length)
        {
            return BuilderResult.Refused(BuilderRefusal.NotFound);
        }

        if (Document.Pages.Length == 1)
        {
            return BuilderResult.Refused(BuilderRefusal.LastPage);
        }

        if (Selected?.Page == page)
        {
            Selected = null;
        }

        return Apply(Document with { Pages = Renumbered(Document.Pages.RemoveAt(page)) }, BuilderResult.Done());
    }

    /// <summary>Moves a page (a carousel card) to index <paramref name="to"/>.</summary>
    public BuilderResult MovePage(int from, int to)
    {
        if (from < 0 || from >= Document.Pages.Length)
        {
            return BuilderResult.Refused(BuilderRefusal.NotFound);
        }

        if (to < 0 || to >= Document.Pages.Length || to == from)
        {
            return BuilderResult.Refused(BuilderRefusal.CannotMove);
        }

        var pages = Document.Pages.RemoveAt(from).Insert(to, Document.Pages[from]);
        return Apply(Document with { Pages = Renumbered(pages) }, BuilderResult.Done(to));
    }

    public BuilderResult SetName(string name) => Apply(Document with { Name = name }, BuilderResult.Done());

    public BuilderResult SetUse(TemplateUse use) => Apply(Document with { Use = use }, BuilderResult.Done());

    /// <summary>The target vendors (factorys with state 1), in the order given.</summary>
    public BuilderResult SetVendors(IEnumerable<Vendor> vendors) => Apply(Document.WithVendors(vendors), BuilderResult.Done());

    public BuilderResult SetSmsExample(string? text) => Apply(Document with { SmsExample = Blank(text) }, BuilderResult.Done());

    public BuilderResult SetSmsTemplate(string? text) => Apply(Document with { SmsTemplate = Blank(text) }, BuilderResult.Done());

    public BuilderResult SetSmsSignatures(IEnumerable<string> signatures) =>
        Apply(Document with { SmsSignatures = [.. signatures] }, BuilderResult.Done());

    /// <summary>Declares a dynamic parameter ${name} with its example, or changes the example of a declared one in place.</summary>
    public BuilderResult SetParam(string name, string example)
    {
        var at = Document.Params.Select(p => TemplateTexts.BareName(p.Name)).ToList().IndexOf(TemplateTexts.BareName(name));
        var parameters = at < 0
            ? Document.Params.Add(new TemplateParam(name, example))
            : Document.Params.SetItem(at, Document.Params[at] with { Example = example });
        return Apply(Document with { Params = parameters }, BuilderResult.Done());
    }

    public BuilderResult RemoveParam(string name)
    {
        var bare = TemplateTexts.BareName(name);
        var rest = Document.Params.RemoveAll(p => TemplateTexts.BareName(p.Name) == bare);
        return rest.Length == Document.Params.Length
            ? BuilderResult.Refused(BuilderRefusal.NotFound)
            : Apply(Document with { Params = rest }, BuilderResult.Done());
    }

    private BuilderResult Apply(TemplateDocument next, BuilderResult result)
    {
        if (next == Document)
        {
            return result;
        }

        Remember();
        redo.Clear();
        Document = next;
        if (result.Path is { } path)
        {
            Selected = path;
        }

        KeepSelectionValid();
        Recheck();
        return result;
    }

    private void Remember()
    {
        undo.AddLast(Document);
        if (undo.Count > HistoryLimit)
        {
            undo.RemoveFirst();
        }
    }

    private void Recheck()
    {
        Check = TemplateCheck.Run(Document, materials, book);
        Changed?.Invoke();
    }

    private void KeepSelectionValid()
    {
        if (Selected is { Page: { } p } path && (p >= Document.Pages.Length || (path.Content is { } c && !Exists(p, c))))
        {
            Selected = null;
        }
    }

    private bool Exists(int page, int content) =>
        page >= 0 && page < Document.Pages.Length && content >= 0 && content < Document.Pages[page].Contents.Length;

    private int MaxPages(LayoutSpec layout) => Math.Min(layout.MaxPages, book.Settings.PagesMax.Value);

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The kind in the user's language, for messages.</summary>
    private static LocalizedArg KindName(ContentType kind) => new("ContentType." + kind);

    private static ImmutableArray<TemplatePage> Renumbered(IEnumerable<TemplatePage> pages) =>
        [.. pages.Select((p, i) => p with { PageOrder = i + 1 })];

    private static List<int> InZone(IReadOnlyList<PlacedContent> placed, LayoutZone zone) =>
        [.. placed.Where(p => p.Zone == zone).OrderBy(p => p.Content.PositionNumber).ThenBy(p => p.Index).Select(p => p.Index)];

    /// <summary>For each component, the index of its zone in the layout (components in no zone last).</summary>
    private static int[] ZoneOrder(LayoutSpec layout, IReadOnlyList<PlacedContent> placed) =>
        [.. placed.OrderBy(p => p.Index).Select(p => p.Zone is null ? int.MaxValue : layout.Zones.IndexOf(p.Zone))];

    /// <summary>
    /// Orders a page's components by zone (the layout's order), then by position, and numbers them 1..n, so positions
    /// read top to bottom and stay in their zones. Returns the page and each old index's new index.
    /// </summary>
    private static (TemplatePage Page, int[] Map) Normalize(LayoutSpec layout, TemplatePage page)
    {
        var zoneOrder = ZoneOrder(layout, ZonePlacement.Place(layout, page));
        var order = Enumerable.Range(0, page.Contents.Length)
            .OrderBy(i => zoneOrder[i]).ThenBy(i => page.Contents[i].PositionNumber).ThenBy(i => i)
            .ToList();
        var map = new int[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            map[order[i]] = i;
        }

        return (Reordered(page, order), map);
    }

    private static TemplatePage Reordered(TemplatePage page, List<int> order) =>
        page with { Contents = [.. order.Select((old, i) => page.Contents[old] with { PositionNumber = i + 1 })] };
}
