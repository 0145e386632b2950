using KooMessage.Console.Features.Templates.Builder;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Templates;

/// <summary>What the builder's drop zones take, and where a drop lands, without a browser.</summary>
public sealed class BuilderDropTests
{
    private static readonly LayoutSpec Standard = RuleBook.Default.Layouts["StandardImageAndText"];

    private static BuilderDragItem Kind(ContentType kind) => BuilderDrop.Palette(RuleBook.Default).Single(i => i.Kind == kind);

    private static BuilderDragItem Layout(string cardId) => BuilderDrop.Palette(RuleBook.Default).Single(i => i.CardId == cardId);

    private static TemplateBuilderState State(TemplateDocument document)
    {
        var state = new TemplateBuilderState(new FakeTimeProvider());
        state.Load(document);
        return state;
    }

    private static string[] Texts(TemplateBuilderState state, string zone) =>
        [.. BuilderDrop.Canvas(state.Layout!, state.Document, 0).Where(i => i.Zone == BuilderDrop.ZoneId(0, zone))
            .Select(i => state.Document.Pages[0].Contents[i.Content].Content ?? "")];

    [Fact]
    public void Palette_HasEveryLayoutInItsGroupAndTheFourKinds()
    {
        var palette = BuilderDrop.Palette(RuleBook.Default).ToList();

        Assert.Equal(RuleBook.Default.Layouts.Count, palette.Count(i => i.CardId is not null));
        Assert.All(palette.Where(i => i.CardId is not null), i => Assert.Equal(BuilderDrop.PaletteLayouts(RuleBook.Default.Layouts[i.CardId!].Group), i.Zone));
        Assert.Equal([ContentType.Text, ContentType.Image, ContentType.Video, ContentType.Button], palette.Where(i => i.Kind is not null).Select(i => i.Kind!.Value));
        Assert.All(palette, i => Assert.True(i.FromPalette));
    }

    [Theory]
    [InlineData(ContentType.Text, "title", true)]
    [InlineData(ContentType.Text, "body", true)]
    [InlineData(ContentType.Image, "image", true)]
    [InlineData(ContentType.Button, "buttons", true)]
    [InlineData(ContentType.Image, "title", false)]
    [InlineData(ContentType.Button, "body", false)]
    [InlineData(ContentType.Video, "image", false)]
    [InlineData(ContentType.Text, "nowhere", false)]
    public void Accepts_AZoneTakesOnlyItsKind(ContentType kind, string zone, bool accepted)
    {
        var empty = new TemplateDocument { CardId = Standard.Id, Pages = [new TemplatePage()] };

        Assert.Equal(accepted, BuilderDrop.Accepts(empty, Standard, Kind(kind), BuilderDrop.ZoneId(0, zone)));
    }

    [Fact]
    public void Accepts_AFullZoneRefusesMoreFromThePalette()
    {
        var state = State(new TemplateDocument { CardId = Standard.Id, Pages = [new TemplatePage()] });
        var buttons = BuilderDrop.ZoneId(0, "buttons");
        Assert.True(BuilderDrop.Accepts(state.Document, Standard, Kind(ContentType.Button), buttons));

        state.AddComponent(0, ContentType.Button, "buttons");
        Assert.True(BuilderDrop.Accepts(state.Document, Standard, Kind(ContentType.Button), buttons));
        state.AddComponent(0, ContentType.Button, "buttons");

        Assert.False(BuilderDrop.Accepts(state.Document, Standard, Kind(ContentType.Button), buttons));
    }

    [Fact]
    public void Accepts_ACanvasComponentOnlyWithinItsOwnZone()
    {
        var document = TemplateSamples.For("StandardImageAndText");
        var title = BuilderDrop.Canvas(Standard, document, 0).Single(i => i.Zone == BuilderDrop.ZoneId(0, "title"));

        Assert.True(BuilderDrop.Accepts(document, Standard, title, BuilderDrop.ZoneId(0, "title")));
        Assert.False(BuilderDrop.Accepts(document, Standard, title, BuilderDrop.ZoneId(0, "body")));
        Assert.False(BuilderDrop.Accepts(document, Standard, title, BuilderDrop.ZoneId(1, "title")));
    }

    [Fact]
    public void Accepts_LayoutsOnlyOnTheCanvasAndNothingBackInThePalette()
    {
        var document = TemplateSamples.For("StandardImageAndText");

        Assert.True(BuilderDrop.Accepts(document, Standard, Layout("PureText"), BuilderDrop.CanvasLayout));
        Assert.False(BuilderDrop.Accepts(document, Standard, Kind(ContentType.Text), BuilderDrop.CanvasLayout));
        Assert.False(BuilderDrop.Accepts(document, Standard, Layout("PureText"), BuilderDrop.ZoneId(0, "title")));
        Assert.False(BuilderDrop.Accepts(document, Standard, Kind(ContentType.Text), BuilderDrop.PaletteComponents));
        Assert.False(BuilderDrop.Accepts(document, Standard, Layout("PureText"), BuilderDrop.PaletteLayouts(LayoutGroup.Notification)));
    }

    [Fact]
    public void Accepts_NoLayoutNoZone()
    {
        Assert.False(BuilderDrop.Accepts(new TemplateDocument(), null, Kind(ContentType.Text), BuilderDrop.ZoneId(0, "title")));
    }

    [Fact]
    public void Apply_AButtonDroppedFirst_LandsBeforeTheOtherButton()
    {
        var state = State(new TemplateDocument { CardId = Standard.Id, Pages = [new TemplatePage()] });
        state.AddComponent(0, ContentType.Button, "buttons");
        state.SetText(0, 0, "second");

        var result = BuilderDrop.Apply(state, Kind(ContentType.Button), BuilderDrop.ZoneId(0, "buttons"), 0);

        Assert.True(result.Applied);
        Assert.Equal(["", "second"], Texts(state, "buttons"));
        Assert.Equal(result.Path, state.Selected);
        Assert.Equal(ContentType.Button, state.SelectedContent!.Type);
        Assert.Equal("", state.SelectedContent.Content);
    }

    [Fact]
    public void Apply_AButtonDraggedWithinItsZone_Reorders()
    {
        var state = State(TemplateSamples.For("StandardImageAndText"));
        state.AddComponent(0, ContentType.Button, "buttons");
        var buttons = BuilderDrop.Canvas(Standard, state.Document, 0).Where(i => i.Zone == BuilderDrop.ZoneId(0, "buttons")).ToList();
        state.SetText(0, buttons[1].Content, "last");
        var before = Texts(state, "buttons");

        var result = BuilderDrop.Apply(state, buttons[1], BuilderDrop.ZoneId(0, "buttons"), 0);

        Assert.True(result.Applied);
        Assert.Equal([before[1], before[0]], Texts(state, "buttons"));
    }

    [Fact]
    public void Apply_ATextDroppedInTheBody_StaysThereWhileTheTitleIsEmpty()
    {
        var state = State(new TemplateDocument { CardId = Standard.Id, Pages = [new TemplatePage()] });

        BuilderDrop.Apply(state, Kind(ContentType.Text), BuilderDrop.ZoneId(0, "body"), 0);

        var placed = ZonePlacement.Place(Standard, state.Document.Pages[0]).Single();
        Assert.Equal("body", placed.Zone!.Name);
        Assert.False(placed.Content.IsTextTitle);
    }

    [Fact]
    public void Apply_ALayout_SwitchesTheLayout()
    {
        var state = State(TemplateSamples.For("StandardImageAndText"));

        var result = BuilderDrop.Apply(state, Layout("PureText"), BuilderDrop.CanvasLayout, 0);

        Assert.True(result.Applied);
        Assert.Equal("PureText", state.Document.CardId);
        Assert.True(result.Dropped > 0);
    }

    [Theory]
    [InlineData("zone:3:buttons", 3, "buttons")]
    [InlineData("zone:0:articleImages", 0, "articleImages")]
    public void ParseZone_ReadsBackItsIdentifier(string identifier, int page, string zone)
    {
        Assert.Equal(identifier, BuilderDrop.ZoneId(page, zone));
        Assert.Equal((page, zone), BuilderDrop.ParseZone(identifier));
    }

    [Theory]
    [InlineData(BuilderDrop.CanvasLayout)]
    [InlineData(BuilderDrop.PaletteComponents)]
    [InlineData("zone:x:title")]
    [InlineData("zone:-1:title")]
    public void ParseZone_OtherIdentifiers_AreNoZone(string identifier) => Assert.Null(BuilderDrop.ParseZone(identifier));
}
