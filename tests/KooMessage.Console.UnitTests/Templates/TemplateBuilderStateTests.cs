using System.Xml.Linq;
using KooMessage.Console.Features.Templates.Builder;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Templates;

public sealed class TemplateBuilderStateTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    private int changes;

    private TemplateBuilderState NewState(TemplateDocument? document = null)
    {
        var state = new TemplateBuilderState(clock);
        if (document is not null)
        {
            state.Load(document, clock.GetUtcNow());
        }

        state.Changed += () => changes++;
        return state;
    }

    private static string[] Zones(TemplateBuilderState state, int page = 0) =>
        [.. ZonePlacement.Place(state.Layout!, state.Document.Pages[page]).Select(p => p.Zone?.Name ?? "-")];

    private static int[] Positions(TemplateBuilderState state, int page = 0) =>
        [.. state.Document.Pages[page].Contents.Select(c => c.PositionNumber)];

    [Fact]
    public void Load_SavedDocument_CleanWithoutHistoryAndChecked()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText") with { Name = "" });

        Assert.False(state.IsDirty);
        Assert.False(state.CanUndo);
        Assert.Equal(clock.GetUtcNow(), state.LastSavedAt);
        Assert.Contains(state.Check.Template, v => v.Rule == RuleCodes.NameLength);
    }

    [Fact]
    public void SetLayout_Carousel_AddsItsMinimumOfEmptyPagesAndNotifies()
    {
        var state = NewState();

        var result = state.SetLayout("Carousel");

        Assert.True(result.Applied);
        Assert.Equal([1, 2], state.Document.Pages.Select(p => p.PageOrder));
        Assert.All(state.Document.Pages, p => Assert.Empty(p.Contents));
        Assert.Equal(1, changes);
        Assert.True(state.IsDirty);
        Assert.True(state.CanUndo);
    }

    [Fact]
    public void SetLayout_Unknown_RefusedAndNothingChanges()
    {
        var state = NewState(TemplateSamples.For("PureText"));

        var result = state.SetLayout("NoSuchLayout");

        Assert.Equal(BuilderRefusal.NoLayout, result.Refusal);
        Assert.Equal("PureText", state.Document.CardId);
        Assert.Equal((0, false), (changes, state.CanUndo));
    }

    [Fact]
    public void SetLayout_ToPureText_DropsTheImageAndSaysSo()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));

        var result = state.SetLayout("PureText");

        Assert.Equal(1, result.Dropped);
        Assert.DoesNotContain(state.Document.Pages[0].Contents, c => c.Type == ContentType.Image);
        Assert.Equal(["title", "body", "buttons"], Zones(state));
        Assert.Equal([1, 2, 3], Positions(state));
    }

    [Fact]
    public void SetLayout_TheCurrentOne_NoHistoryEntry()
    {
        var state = NewState(TemplateSamples.For("Carousel"));

        Assert.True(state.SetLayout("Carousel").Applied);

        Assert.Equal((0, false), (changes, state.CanUndo));
    }

    [Fact]
    public void AddComponent_NoLayout_Refused()
    {
        var state = NewState();

        Assert.Equal(BuilderRefusal.NoLayout, state.AddComponent(0, ContentType.Text).Refusal);
    }

    [Fact]
    public void AddComponent_ImageIntoPureText_RefusedAsNotInTheLayout()
    {
        var state = NewState(TemplateSamples.For("PureText"));

        var result = state.AddComponent(0, ContentType.Image);

        Assert.Equal(BuilderRefusal.KindNotInLayout, result.Refusal);
        Assert.Equal(new object[] { new LocalizedArg("ContentType.Image"), new LocalizedArg("Layout.PureText") }, result.Args.ToArray());
        Assert.False(state.CanUndo);
    }

    [Fact]
    public void AddComponent_ButtonsInStandard_SecondTakenThirdRefusedForWantOfRoom()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));

        var second = state.AddComponent(0, ContentType.Button);
        var before = state.Document;
        var third = state.AddComponent(0, ContentType.Button);

        Assert.True(second.Applied);
        Assert.Equal(BuilderRefusal.NoRoom, third.Refusal);
        Assert.Equal(new object[] { new LocalizedArg("ContentType.Button") }, third.Args.ToArray());
        Assert.Same(before, state.Document);
    }

    [Fact]
    public void AddComponent_NamedZone_FullOrNotOfThatKindRefused()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));

        Assert.Equal(BuilderRefusal.ZoneFull, state.AddComponent(0, ContentType.Text, "body").Refusal);
        Assert.Equal(BuilderRefusal.NoSuchZone, state.AddComponent(0, ContentType.Text, "buttons").Refusal);
    }

    [Fact]
    public void AddComponent_InAnyOrder_LandsInItsZoneNumberedTopToBottomAndSelected()
    {
        var state = NewState();
        state.SetLayout("StandardImageAndText");

        state.AddComponent(0, ContentType.Button);
        state.AddComponent(0, ContentType.Image);
        var title = state.AddComponent(0, ContentType.Text);
        state.AddComponent(0, ContentType.Text);

        Assert.Equal(["image", "title", "body", "buttons"], Zones(state));
        Assert.Equal([1, 2, 3, 4], Positions(state));
        Assert.Equal(TemplatePath.Of(0, 1, ""), title.Path);
        Assert.True(state.Document.Pages[0].Contents[1].IsTextTitle);
        Assert.Equal(TemplatePath.Of(0, 2, ""), state.Selected);
        Assert.Equal(ContentType.Text, state.SelectedContent?.Type);
    }

    [Fact]
    public void MoveComponent_Buttons_SwapInTheirZoneAndStopAtTheEnds()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));
        var second = state.AddComponent(0, ContentType.Button);
        state.SetText(0, second.Content!.Value, "第二个");

        var moved = state.MoveComponent(0, second.Content.Value, -1);

        var buttons = state.Document.Pages[0].Contents.Where(c => c.Type == ContentType.Button).OrderBy(c => c.PositionNumber).Select(c => c.Content);
        Assert.Equal(["第二个", "立即查看"], buttons);
        Assert.Equal("第二个", state.Document.Pages[0].Contents[moved.Content!.Value].Content);
        Assert.Equal(BuilderRefusal.CannotMove, state.MoveComponent(0, moved.Content.Value, -1).Refusal);
        Assert.Equal(BuilderRefusal.CannotMove, state.MoveComponent(0, 0, 1).Refusal);
    }

    [Fact]
    public void CarouselImages_FiveTakenSixthRefused_AndReordered()
    {
        var state = NewState(TemplateSamples.For("CarouselSquareImage"));
        for (var i = 0; i < 4; i++)
        {
            Assert.True(state.AddComponent(0, ContentType.Image).Applied);
        }

        var sixth = state.AddComponent(0, ContentType.Image);
        var images = state.Document.Pages[0].Contents.Select((c, i) => (c, i)).Where(x => x.c.Type == ContentType.Image).Select(x => x.i).ToList();
        state.SetMaterial(0, images[4], "last");
        state.MoveComponent(0, images[4], -4);

        Assert.Equal(BuilderRefusal.NoRoom, sixth.Refusal);
        Assert.Equal(new object[] { new LocalizedArg("ContentType.Image") }, sixth.Args.ToArray());
        Assert.Equal("last", state.Document.Pages[0].Contents.Where(c => c.Type == ContentType.Image).MinBy(c => c.PositionNumber)!.Src);
    }

    [Fact]
    public void MoveComponent_Article_ImageAndTextMoveTogether()
    {
        var state = NewState(TemplateSamples.For("MultipleImageAndText"));
        var page = state.Document.Pages[0].Contents;
        var images = page.Select((c, i) => (c, i)).Where(x => x.c.Type == ContentType.Image).Select(x => x.i).ToList();
        var texts = page.Select((c, i) => (c, i)).Where(x => x.c.Type == ContentType.Text).Select(x => x.i).ToList();
        state.SetMaterial(0, images[1], "second-image");
        state.SetText(0, texts[1], "第二篇");

        state.MoveComponent(0, images[1], -1);

        var contents = state.Document.Pages[0].Contents.OrderBy(c => c.PositionNumber).ToList();
        Assert.Equal("second-image", contents.First(c => c.Type == ContentType.Image).Src);
        Assert.Equal("第二篇", contents.First(c => c.Type == ContentType.Text).Content);
    }

    [Fact]
    public void DeleteComponent_Selected_RemovedRenumberedAndSelectionCleared()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));
        var (index, _) = TemplateSamples.First(state.Document, ContentType.Image);
        state.Select(TemplatePath.Of(0, index, ""));

        var result = state.DeleteComponent(0, index);

        Assert.True(result.Applied);
        Assert.DoesNotContain(state.Document.Pages[0].Contents, c => c.Type == ContentType.Image);
        Assert.Equal([1, 2, 3], Positions(state));
        Assert.Null(state.Selected);
        Assert.Contains(state.Check.Template, v => v.Rule == RuleCodes.ZoneCount);
        Assert.Equal(BuilderRefusal.NotFound, state.DeleteComponent(0, 9).Refusal);
    }

    [Fact]
    public void SetAction_DialOnAButton_KeepsKindAndPositionAndOppoRefusesIt()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));
        var (index, button) = TemplateSamples.First(state.Document, ContentType.Button);
        Assert.DoesNotContain(state.Check.Vendors[Vendor.Oppo], v => v.Rule == RuleCodes.ActionUnsupported);

        state.SetAction(0, index, ActionType.DialPhone, TemplateAction.To("95555"));

        var changed = state.Document.Pages[0].Contents[index];
        Assert.Equal((ActionType.DialPhone, "95555", button.Type, button.PositionNumber), (changed.ActionType, changed.Action?.Target, changed.Type, changed.PositionNumber));
        Assert.Contains(state.Check.Vendors[Vendor.Oppo], v => v.Rule == RuleCodes.ActionUnsupported && v.Path == TemplatePath.Of(0, index, "action_type"));
    }

    [Fact]
    public void UpdateContent_ChangingTheKind_KeepsTheOriginalKind()
    {
        var state = NewState(TemplateSamples.For("PureText"));

        state.UpdateContent(0, 0, c => c with { Type = ContentType.Video, PositionNumber = 9, Content = "新标题" });

        Assert.Equal((ContentType.Text, 1, "新标题"), (state.Document.Pages[0].Contents[0].Type, state.Document.Pages[0].Contents[0].PositionNumber, state.Document.Pages[0].Contents[0].Content));
    }

    [Fact]
    public void SetMaterial_Video_SetsSourceAndCover()
    {
        var state = NewState(TemplateSamples.For("Video"));
        var (index, _) = TemplateSamples.First(state.Document, ContentType.Video);

        state.SetMaterial(0, index, "v1", "c1");

        Assert.Equal(("v1", "c1", 1), (state.Document.Pages[0].Contents[index].Src, state.Document.Pages[0].Contents[index].Cover, state.Document.Pages[0].Contents[index].SrcType));
    }

    [Fact]
    public void Pages_CarouselTakesTenCards_EleventhRefused_LastOneKept()
    {
        var state = NewState(TemplateSamples.For("Carousel"));
        while (state.Document.Pages.Length < 10)
        {
            Assert.True(state.AddPage().Applied);
        }

        var eleventh = state.AddPage();
        for (var p = 9; p > 0; p--)
        {
            state.RemovePage(p);
        }

        Assert.Equal(BuilderRefusal.TooManyPages, eleventh.Refusal);
        Assert.Equal(new object[] { new LocalizedArg("Layout.Carousel"), 10 }, eleventh.Args.ToArray());
        Assert.Equal(BuilderRefusal.LastPage, state.RemovePage(0).Refusal);
    }

    [Fact]
    public void MovePage_CarouselCard_MovedAndRenumbered()
    {
        var state = NewState(TemplateSamples.For("Carousel"));
        state.AddPage();
        var first = state.Document.Pages[0];

        var result = state.MovePage(0, 2);

        Assert.Equal(2, result.Page);
        Assert.Same(first.Contents[0], state.Document.Pages[2].Contents[0]);
        Assert.Equal([1, 2, 3], state.Document.Pages.Select(p => p.PageOrder));
        Assert.Equal(BuilderRefusal.CannotMove, state.MovePage(0, 3).Refusal);
    }

    [Fact]
    public void Settings_EachSetterChangesItsFieldAndTheCheckFollows()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));

        state.SetName("春季测试模板");
        state.SetUse(TemplateUse.TrialCommercial);
        state.SetVendors([Vendor.Huawei, Vendor.Vivo]);
        state.SetSmsExample("【华为云】新品到店");
        state.SetSmsSignatures(["华为云", "优选"]);
        state.SetSmsTemplate("");

        var d = state.Document;
        Assert.Equal(("春季测试模板", TemplateUse.TrialCommercial, "【华为云】新品到店", (string?)null), (d.Name, d.Use, d.SmsExample, d.SmsTemplate));
        Assert.Equal(new[] { Vendor.Huawei, Vendor.Vivo }, d.TargetVendors);
        Assert.Equal(new[] { "华为云", "优选" }, d.SmsSignatures.ToArray());
        Assert.Contains(state.Check.Template, v => v.Rule == RuleCodes.SmsTemplateRequired);
        Assert.Contains(state.Check.Template, v => v.Rule == RuleCodes.TrialTitleTestWord);
        Assert.Equal(6, state.UndoDepth);
    }

    [Fact]
    public void SetParam_Declared_ExampleChangedInPlace_RemoveParamUnknownRefused()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));

        state.SetParam("code", "A1");
        state.SetParam("${name}", "李四");

        Assert.Equal([("name", "李四"), ("code", "A1")], state.Document.Params.Select(p => (p.Name, p.Example)));
        Assert.Contains(state.Check.Template, v => v.Rule == RuleCodes.ParamsMismatch);
        Assert.True(state.RemoveParam("code").Applied);
        Assert.DoesNotContain(state.Check.Template, v => v.Rule == RuleCodes.ParamsMismatch);
        Assert.Equal(BuilderRefusal.NotFound, state.RemoveParam("code").Refusal);
    }

    [Fact]
    public void Edit_SameValue_NoHistoryEntryNoNotification()
    {
        var state = NewState(TemplateSamples.For("PureText"));

        state.SetName(state.Document.Name);

        Assert.Equal((0, false, false), (changes, state.CanUndo, state.IsDirty));
    }

    [Fact]
    public void UndoRedo_TakeEditsBackInOrder_NewEditClearsRedo_BackToSavedIsClean()
    {
        var state = NewState(TemplateSamples.For("PureText"));
        var saved = state.Document;
        state.SetName("一");
        state.SetName("二");

        state.Undo();
        Assert.Equal("一", state.Document.Name);
        state.Undo();
        Assert.Same(saved, state.Document);
        Assert.False(state.IsDirty);
        Assert.Equal(BuilderRefusal.NothingToUndo, state.Undo().Refusal);

        state.Redo();
        Assert.Equal("一", state.Document.Name);
        Assert.True(state.CanRedo);
        state.SetName("三");
        Assert.False(state.CanRedo);
        Assert.Equal(BuilderRefusal.NothingToUndo, state.Redo().Refusal);
        Assert.Equal(6, changes);
    }

    [Fact]
    public void Undo_HistoryIsBoundedAtTheLimit()
    {
        var state = NewState(TemplateSamples.For("PureText"));
        for (var i = 1; i <= TemplateBuilderState.HistoryLimit + 20; i++)
        {
            state.SetName($"名称{i}");
        }

        var undone = 0;
        while (state.Undo().Applied)
        {
            undone++;
        }

        Assert.True(TemplateBuilderState.HistoryLimit >= 50);
        Assert.Equal(TemplateBuilderState.HistoryLimit, undone);
        Assert.Equal("名称20", state.Document.Name);
        Assert.Equal(TemplateBuilderState.HistoryLimit, Enumerable.Range(0, 1000).TakeWhile(_ => state.Redo().Applied).Count());
    }

    [Fact]
    public void Undo_OfAnAddedComponent_ClearsItsSelection()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));
        state.AddComponent(0, ContentType.Button);
        Assert.NotNull(state.SelectedContent);

        state.Undo();

        Assert.Null(state.Selected);
    }

    [Fact]
    public void Select_ViolationPath_NotifiesWithoutAnEdit()
    {
        var state = NewState(TemplateSamples.For("PureText"));

        state.Select(TemplatePath.Template("sms_template"));

        Assert.Equal(TemplatePath.Template("sms_template"), state.Selected);
        Assert.Null(state.SelectedContent);
        Assert.Equal((1, false, false), (changes, state.CanUndo, state.IsDirty));
    }

    [Fact]
    public async Task SaveAsync_SavesTheDocumentSeenAtTheStartAndMarksItSaved()
    {
        var state = NewState();
        state.SetLayout("PureText");
        clock.Advance(TimeSpan.FromMinutes(3));
        TemplateDocument? written = null;

        await state.SaveAsync(
            (document, _) =>
            {
                written = document;
                state.SetName("保存期间的修改");
                return Task.CompletedTask;
            },
            CancellationToken.None);

        Assert.Equal("PureText", written?.CardId);
        Assert.Equal("", written?.Name);
        Assert.Equal(clock.GetUtcNow(), state.LastSavedAt);
        Assert.True(state.IsDirty);
        state.Undo();
        Assert.False(state.IsDirty);
    }

    [Fact]
    public async Task SaveAsync_Failing_StaysDirtyAndUnsaved()
    {
        var state = NewState();
        state.SetLayout("PureText");

        await Assert.ThrowsAsync<InvalidOperationException>(() => state.SaveAsync((_, _) => throw new InvalidOperationException("disk full"), CancellationToken.None));

        Assert.True(state.IsDirty);
        Assert.Null(state.LastSavedAt);
    }

    [Fact]
    public void SetMaterials_TooSmallPicture_ChecksAgain()
    {
        var state = NewState(TemplateSamples.For("StandardImageAndText"));
        var (_, image) = TemplateSamples.First(state.Document, ContentType.Image);

        state.SetMaterials(new Dictionary<string, MaterialFacts> { [image.Src!] = new(10, 10, 1_000, "png") });

        Assert.Contains(state.Check.Vendors.Values.SelectMany(v => v), v => v.Rule == RuleCodes.ImageRatio);
    }

    [Fact]
    public void AddTemplateBuilder_OneStatePerScope()
    {
        using var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddTemplateBuilder().BuildServiceProvider();
        using var a = services.CreateScope();
        using var b = services.CreateScope();

        Assert.Same(a.ServiceProvider.GetRequiredService<TemplateBuilderState>(), a.ServiceProvider.GetRequiredService<TemplateBuilderState>());
        Assert.NotSame(a.ServiceProvider.GetRequiredService<TemplateBuilderState>(), b.ServiceProvider.GetRequiredService<TemplateBuilderState>());
    }

    [Fact]
    public void Resources_KeysTheBuilderAndPreviewBuildAtRunTime_ExistInBothLanguages()
    {
        var keys = Enum.GetValues<BuilderRefusal>().Select(r => BuilderResult.Refused(r).MessageKey!)
            .Concat(Enum.GetValues<Vendor>().Select(v => $"TemplatePreview.Vendor.{v}"))
            .Concat(Enum.GetValues<Severity>().Select(s => $"TemplatePreview.Severity.{s}"))
            .Concat(["TemplatePreview.State.Submitted", "TemplatePreview.State.NotSubmitted", "TemplatePreview.State.NotTargeted"])
            .ToList();

        foreach (var file in new[] { "SharedResource.resx", "SharedResource.zh-CN.resx" })
        {
            var present = ResourceKeys(file);
            Assert.All(keys, k => Assert.Contains(k, present));
        }
    }

    private static HashSet<string> ResourceKeys(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "KooMessage.Console.sln")))
        {
            dir = dir.Parent;
        }

        return [.. XDocument.Load(Path.Combine(dir.FullName, "src", "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];
    }
}
