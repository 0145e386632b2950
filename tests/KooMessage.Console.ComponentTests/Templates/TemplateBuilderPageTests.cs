using Bunit;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Builder;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.ComponentTests.Templates;

/// <summary>The builder page on real services: what the palette's buttons add or refuse, editing, autosave, read-only cases.</summary>
public sealed class TemplateBuilderPageTests : ConsoleComponentTest
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private TestUser owner = default!;
    private TestUser viewer = default!;

    public TemplateBuilderPageTests() => Services.AddSingleton<TimeProvider>(clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        viewer = await Services.CreateUserAsync(owner, "viewer-a", Roles.ReadOnlyAccess);
    }

    private async Task<string> CreateAsync(string cardId)
    {
        await using var scope = Services.As(owner.Principal);
        var created = await scope.ServiceProvider.GetRequiredService<TemplateService>()
            .CreateAsync(new NewTemplateForm { Name = "账单提醒", CardId = cardId, Vendors = [Vendor.Huawei, Vendor.Xiaomi] }, CancellationToken.None);
        TestData.Ok(created);
        return created.Value;
    }

    private async Task<TemplateDocument> SavedAsync(string tplId)
    {
        await using var scope = Services.As(owner.Principal);
        var draft = await scope.ServiceProvider.GetRequiredService<TemplateService>().GetDraftAsync(tplId, CancellationToken.None);
        TestData.Ok(draft);
        return draft.Value.Document;
    }

    private IRenderedComponent<MudHost> RenderBuilder(string tplId)
    {
        var cut = Render<MudHost>(p => p.AddChildContent<TemplateBuilderPage>(b => b.Add(x => x.TplId, tplId)));
        cut.WaitForElement("[data-testid=canvas-card]");
        return cut;
    }

    [Fact]
    public async Task PaletteButton_AComponentTheLayoutTakes_LandsInItsZoneAndThePreviewsFollow()
    {
        var id = await CreateAsync("PureText");
        SignIn(owner);
        var cut = RenderBuilder(id);

        cut.FindAll("[data-testid=palette-kind]").Single(b => b.GetAttribute("data-kind") == nameof(ContentType.Text)).Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=zone-title] [data-testid=canvas-item]")));
        cut.Find("[data-testid=content-text]").Input("本月账单已出");
        cut.Find("[data-testid=content-text]").Blur();
        cut.WaitForAssertion(() => Assert.Equal("本月账单已出", cut.Find("[data-vendor=Huawei] [data-testid=preview-Title]").TextContent.Trim()));
        Assert.Equal("本月账单已出", cut.Find("[data-testid=zone-title] [data-testid=canvas-item]").TextContent.Trim());
    }

    [Fact]
    public async Task PaletteButton_AKindTheLayoutHasNoZoneFor_IsRefusedAndNothingChanges()
    {
        var id = await CreateAsync("PureText");
        SignIn(owner);
        var cut = RenderBuilder(id);

        cut.FindAll("[data-testid=palette-kind]").Single(b => b.GetAttribute("data-kind") == nameof(ContentType.Image)).Click();

        cut.WaitForAssertion(() => Assert.Contains("版式“长文本”中没有放置图片的位置。", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=canvas-item]"));
        Assert.True(cut.Find("[data-testid=undo]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ZoneAdd_FullZone_OffersNoMoreAndTheCountShowsIt()
    {
        var id = await CreateAsync("StandardImageAndText");
        SignIn(owner);
        var cut = RenderBuilder(id);
        var buttons = () => cut.FindAll("[data-testid=zone]").Single(z => z.GetAttribute("data-zone") == "buttons");

        buttons().QuerySelector("[data-testid=zone-add]")!.Click();
        cut.WaitForAssertion(() => Assert.Equal("1/2", buttons().QuerySelector("[data-testid=zone-count]")!.TextContent));
        buttons().QuerySelector("[data-testid=zone-add]")!.Click();

        cut.WaitForAssertion(() => Assert.Equal("2/2", buttons().QuerySelector("[data-testid=zone-count]")!.TextContent));
        Assert.Null(buttons().QuerySelector("[data-testid=zone-add]"));
    }

    [Fact]
    public async Task Edit_AutosavesAfterAPauseAsTheDraftAndUndoComesBack()
    {
        var id = await CreateAsync("PureText");
        SignIn(owner);
        var cut = RenderBuilder(id);
        cut.FindAll("[data-testid=palette-kind]").Single(b => b.GetAttribute("data-kind") == nameof(ContentType.Text)).Click();
        cut.WaitForAssertion(() => Assert.Equal("dirty", cut.Find("[data-testid=save-state]").GetAttribute("data-state")));

        clock.Advance(TimeSpan.FromSeconds(2));

        cut.WaitForAssertion(() => Assert.Equal("saved", cut.Find("[data-testid=save-state]").GetAttribute("data-state")));
        Assert.Single((await SavedAsync(id)).Pages[0].Contents);
        cut.Find("[data-testid=undo]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=canvas-item]")));
        cut.Find("[data-testid=save]").Click();
        cut.WaitForAssertion(() => Assert.Equal("saved", cut.Find("[data-testid=save-state]").GetAttribute("data-state")));
        Assert.Empty((await SavedAsync(id)).Pages[0].Contents);
    }

    [Fact]
    public async Task Save_AfterAnotherTabSaved_SaysSoAndKeepsTheEdit()
    {
        var id = await CreateAsync("PureText");
        SignIn(owner);
        var cut = RenderBuilder(id);
        await using (var scope = Services.As(owner.Principal))
        {
            var templates = scope.ServiceProvider.GetRequiredService<TemplateService>();
            var other = (await templates.GetDraftAsync(id, CancellationToken.None)).Value;
            TestData.Ok(await templates.SaveDraftAsync(id, other.Document with { Name = "另一标签页" }, other.Version, CancellationToken.None));
        }

        cut.FindAll("[data-testid=palette-kind]").Single(b => b.GetAttribute("data-kind") == nameof(ContentType.Text)).Click();
        cut.WaitForElement("[data-testid=canvas-item]");
        cut.Find("[data-testid=save]").Click();

        cut.WaitForElement("[data-testid=builder-conflict]");
        Assert.Single(cut.FindAll("[data-testid=canvas-item]"));
        Assert.Equal("另一标签页", (await SavedAsync(id)).Name);

        // More edits after the conflict wait for the reload, which then shows what the other tab saved.
        cut.FindAll("[data-testid=palette-kind]").Single(b => b.GetAttribute("data-kind") == nameof(ContentType.Button)).Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=canvas-item]").Count));
        cut.Find("[data-testid=builder-reload]").Click();

        cut.WaitForAssertion(() => Assert.Equal("另一标签页", cut.Find("[data-testid=builder-name]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=canvas-item]"));
        Assert.Empty(cut.FindAll("[data-testid=builder-conflict]"));
    }

    [Fact]
    public async Task Delete_TheLastComponentOfTheCard_RemovesItAndClearsTheSelection()
    {
        var id = await CreateAsync("PureText");
        SignIn(owner);
        var cut = RenderBuilder(id);
        cut.FindAll("[data-testid=palette-kind]").Single(b => b.GetAttribute("data-kind") == nameof(ContentType.Text)).Click();
        cut.FindAll("[data-testid=palette-kind]").Single(b => b.GetAttribute("data-kind") == nameof(ContentType.Button)).Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=zone-buttons] [data-testid=canvas-item]")));

        cut.Find("[data-testid=delete-component]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=zone-buttons] [data-testid=canvas-item]")));
        Assert.Single(cut.FindAll("[data-testid=canvas-item]"));
        Assert.Empty(cut.FindAll("[data-testid=content-properties]"));
        cut.WaitForElement("[data-testid=template-settings]");
    }

    [Fact]
    public async Task Render_AViewer_SeesTheTemplateReadOnly()
    {
        var id = await CreateAsync("PureText");
        SignIn(viewer);

        var cut = RenderBuilder(id);

        cut.WaitForElement("[data-testid=builder-readonly]");
        Assert.Empty(cut.FindAll("[data-testid=undo]"));
        Assert.Empty(cut.FindAll("[data-testid=zone-add]"));
        Assert.All(cut.FindAll("[data-testid=palette-kind]"), b => Assert.True(b.HasAttribute("disabled")));
    }
}
