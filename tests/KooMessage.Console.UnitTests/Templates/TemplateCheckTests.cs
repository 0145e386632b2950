using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.UnitTests.Templates;

/// <summary>The check at every limit of the rule book, read from the book itself (data-driven) and from the reference.</summary>
public sealed class TemplateCheckTests
{
    private static readonly RuleBook Book = RuleBook.Default;

    public static TheoryData<string> Layouts() => [.. Book.Layouts.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Run_SampleOfEachLayout_IsCleanForEveryVendorSupportingIt(string layoutId)
    {
        var result = TemplateCheck.Run(TemplateSamples.For(layoutId));

        Assert.Empty(result.Template);
        foreach (var vendor in RuleBook.AllVendors)
        {
            if (Book.Rule(vendor, layoutId).Supported)
            {
                Assert.Empty(result.Vendors[vendor]);
                Assert.True(result.CanSubmitTo(vendor));
            }
            else
            {
                Assert.Equal(RuleCodes.LayoutUnsupported, Assert.Single(result.Vendors[vendor]).Rule);
                Assert.False(result.CanSubmitTo(vendor));
            }
        }
    }

    public static TheoryData<Vendor, string, TextRole> TextLimits()
    {
        var data = new TheoryData<Vendor, string, TextRole>();
        foreach (var rule in Book.Rules.Where(r => r.Supported).OrderBy(r => r.LayoutId, StringComparer.Ordinal).ThenBy(r => r.Vendor))
        {
            foreach (var role in Book.Layouts[rule.LayoutId].Zones.Select(z => z.Role).OfType<TextRole>().Distinct())
            {
                data.Add(rule.Vendor, rule.LayoutId, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TextLimits))]
    public void Run_TextAtBelowAboveTheVendorsLimit_FlagsOnlyAbove(Vendor vendor, string layoutId, TextRole role)
    {
        var limit = Book.Rule(vendor, layoutId).Limit(role)!;
        var expected = limit.Source.Assumed ? Severity.Warning : Severity.Error;

        Assert.Empty(TextViolations(vendor, layoutId, role, limit.Chars - 1));
        Assert.Empty(TextViolations(vendor, layoutId, role, limit.Chars));
        var above = Assert.Single(TextViolations(vendor, layoutId, role, limit.Chars + 1));
        Assert.Equal((RuleCodes.TextTooLong, expected, limit.Chars + 1), (above.Rule, above.Severity, (int)above.Args[1]));
        Assert.Equal(limit.Source, above.Source);
    }

    [Theory]
    [InlineData(Vendor.Huawei, 17)]
    [InlineData(Vendor.Xiaomi, 40)]
    [InlineData(Vendor.Oppo, 17)]
    [InlineData(Vendor.Vivo, 30)]
    [InlineData(Vendor.Meizu, 14)]
    public void Run_StandardImageAndTextTitle_IsAnErrorPastTheFaqLimit(Vendor vendor, int chars)
    {
        Assert.Empty(TextViolations(vendor, "StandardImageAndText", TextRole.Title, chars));
        Assert.Equal(Severity.Error, Assert.Single(TextViolations(vendor, "StandardImageAndText", TextRole.Title, chars + 1)).Severity);
    }

    [Fact]
    public void Run_XiaomiBodyOfSixShortLines_ExceedsItsFiveLines()
    {
        var document = SetText(TemplateSamples.For("StandardImageAndText"), "StandardImageAndText", TextRole.Body, "一\n二\n三\n四\n五\n六", out var path);

        var xiaomi = TemplateCheck.Run(document).Vendors[Vendor.Xiaomi].Where(v => v.Path == path).ToList();

        Assert.Equal((RuleCodes.TextTooManyLines, 5, 6), (Assert.Single(xiaomi).Rule, (int)xiaomi[0].Args[0], (int)xiaomi[0].Args[1]));
    }

    [Fact]
    public void Run_TextWithParameter_IsMeasuredWithTheExampleFilledIn()
    {
        var title = "${name}" + new string('好', 16);
        var document = SetText(TemplateSamples.For("StandardImageAndText"), "StandardImageAndText", TextRole.Title, title, out var path);

        var huawei = TemplateCheck.Run(document).Vendors[Vendor.Huawei].Single(v => v.Path == path);

        Assert.Equal(18, (int)huawei.Args[1]);
    }

    public static TheoryData<Vendor, string> Unsupported()
    {
        var data = new TheoryData<Vendor, string>();
        foreach (var rule in Book.Rules.Where(r => !r.Supported).OrderBy(r => r.LayoutId, StringComparer.Ordinal).ThenBy(r => r.Vendor))
        {
            data.Add(rule.Vendor, rule.LayoutId);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Run_LayoutTheVendorLacks_IsAnErrorForThatVendorOnly(Vendor vendor, string layoutId)
    {
        var result = TemplateCheck.Run(TemplateSamples.For(layoutId).WithVendors(RuleBook.AllVendors));

        var error = Assert.Single(result.Vendors[vendor]);
        Assert.Equal((RuleCodes.LayoutUnsupported, Severity.Error, "card_id"), (error.Rule, error.Severity, error.Path.ToString()));
        Assert.Empty(result.Vendors[Vendor.Huawei]);
    }

    [Fact]
    public void Run_VideoForXiaomi_IsUnsupported()
    {
        var result = TemplateCheck.Run(TemplateSamples.For("Video"));

        Assert.Equal(RuleCodes.LayoutUnsupported, Assert.Single(result.Vendors[Vendor.Xiaomi]).Rule);
        Assert.Empty(result.Vendors[Vendor.Oppo]);
    }

    public static TheoryData<Vendor, string, int> ImageMinimums()
    {
        var data = new TheoryData<Vendor, string, int>();
        foreach (var rule in Book.Rules.Where(r => r.Supported && r.Image is not null).OrderBy(r => r.LayoutId, StringComparer.Ordinal).ThenBy(r => r.Vendor))
        {
            for (var i = 0; i < rule.Image!.Sizes.Length; i++)
            {
                if (rule.Image.Sizes[i].MinWidth is not null)
                {
                    data.Add(rule.Vendor, rule.LayoutId, i);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ImageMinimums))]
    public void Run_ImageAtAndBelowTheMinimumPixels_FlagsOnlyBelow(Vendor vendor, string layoutId, int sizeIndex)
    {
        var image = Book.Rule(vendor, layoutId).Image!;
        var size = image.Sizes[sizeIndex];
        var (w, h) = (size.MinWidth!.Value, size.MinHeight!.Value);

        Assert.Empty(ImageViolations(vendor, layoutId, new MaterialFacts(w, h, image.MaxBytes, "png")));
        var below = Assert.Single(ImageViolations(vendor, layoutId, new MaterialFacts(w - 1, h - 1, image.MaxBytes, "png")));
        Assert.Equal((RuleCodes.ImageTooSmall, image.Source.Severity), (below.Rule, below.Severity));
        var tooLarge = Assert.Single(ImageViolations(vendor, layoutId, new MaterialFacts(w, h, image.MaxBytes + 1, "png")));
        Assert.Equal(RuleCodes.VendorFileTooLarge, tooLarge.Rule);
    }

    [Theory]
    [InlineData(Vendor.Vivo, "StandardImageAndText", 1088, 1088)]
    [InlineData(Vendor.Huawei, "Notification1", 1088, 612)]
    [InlineData(Vendor.Oppo, "CarouselVerticalImage", 1088, 612)]
    public void Run_ImageOfTheWrongRatio_IsFlagged(Vendor vendor, string layoutId, int width, int height)
    {
        var violation = Assert.Single(ImageViolations(vendor, layoutId, new MaterialFacts(width, height, 1000, "png")));

        Assert.Equal(RuleCodes.ImageRatio, violation.Rule);
    }

    [Fact]
    public void Run_VivoVideoCoverBelow1088By612_IsAnError()
    {
        var document = TemplateSamples.For("Video");
        var video = TemplateSamples.First(document, ContentType.Video).Content;
        var materials = new Dictionary<string, MaterialFacts> { [video.Cover!] = new(1087, 611, 1000, "jpg") };

        var result = TemplateCheck.Run(document, materials);

        var cover = Assert.Single(result.Vendors[Vendor.Vivo], v => v.Path.Field == "cover");
        Assert.Equal((RuleCodes.ImageTooSmall, Severity.Error), (cover.Rule, cover.Severity));
        Assert.DoesNotContain(result.Vendors[Vendor.Huawei], x => x.Path.Field == "cover" && x.Rule == RuleCodes.ImageTooSmall);
    }

    [Theory]
    [InlineData(Vendor.Huawei, 10L * 1024 * 1024)]
    [InlineData(Vendor.Oppo, 25L * 1024 * 1024)]
    public void Run_VideoAtAndAboveTheVendorsSize_FlagsOnlyAbove(Vendor vendor, long max)
    {
        Assert.DoesNotContain(VideoViolations(vendor, new MaterialFacts(1920, 1080, max, "mp4")), v => v.Rule == RuleCodes.VendorFileTooLarge);
        Assert.Contains(VideoViolations(vendor, new MaterialFacts(1920, 1080, max + 1, "mp4")), v => v.Rule == RuleCodes.VendorFileTooLarge);
    }

    [Fact]
    public void Run_TsVideo_OnlyVivoTakesIt_AndNoVendorCapsVivo()
    {
        var huge = new MaterialFacts(1920, 1080, 500L * 1024 * 1024, "ts");

        Assert.Empty(VideoViolations(Vendor.Vivo, huge));
        Assert.Contains(VideoViolations(Vendor.Huawei, huge), v => v.Rule == RuleCodes.VideoFormat);
    }

    [Fact]
    public void Run_VideoPastThePlatformCaps_IsATemplateErrorAndALengthWarning()
    {
        var document = TemplateSamples.For("Video");
        var video = TemplateSamples.First(document, ContentType.Video).Content;
        var at = TemplateCheck.Run(document, new Dictionary<string, MaterialFacts> { [video.Src!] = new(1920, 1080, 7L * 1024 * 1024, "mp4", 33) });
        var above = TemplateCheck.Run(document, new Dictionary<string, MaterialFacts> { [video.Src!] = new(1920, 1080, 7L * 1024 * 1024 + 1, "mp4", 34) });

        Assert.Empty(at.Template);
        Assert.Equal(
            [(RuleCodes.MaterialTooLarge, Severity.Error), (RuleCodes.VideoTooLong, Severity.Warning)],
            above.Template.Select(v => (v.Rule, v.Severity)));
    }

    public static TheoryData<Vendor, string> SubTypeRules()
    {
        var data = new TheoryData<Vendor, string>();
        foreach (var rule in Book.Rules.Where(r => r.Supported && r.SubTypes is not null).OrderBy(r => r.LayoutId, StringComparer.Ordinal).ThenBy(r => r.Vendor))
        {
            data.Add(rule.Vendor, rule.LayoutId);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SubTypeRules))]
    public void Run_SubTypeAtAndAboveTheVendorsLargest_FlagsOnlyAbove(Vendor vendor, string layoutId)
    {
        var largest = Book.Rule(vendor, layoutId).SubTypes!.Values.Max();
        var sample = TemplateSamples.For(layoutId);

        Assert.Empty(TemplateCheck.Run(sample with { SubType = largest }).Vendors[vendor]);
        var violation = Assert.Single(TemplateCheck.Run(sample with { SubType = largest + 1 }).Vendors[vendor]);
        Assert.Equal((RuleCodes.SubTypeUnsupported, Severity.Error, "sub_type"), (violation.Rule, violation.Severity, violation.Path.ToString()));
    }

    [Fact]
    public void Run_EcommerceColourCombination3_OnlyHuaweiTakesIt()
    {
        var result = TemplateCheck.Run(TemplateSamples.For("ECImageAndText") with { SubType = 3 });

        Assert.Empty(result.Vendors[Vendor.Huawei]);
        Assert.Equal(RuleCodes.SubTypeUnsupported, Assert.Single(result.Vendors[Vendor.Oppo]).Rule);
    }

    [Fact]
    public void Run_OpenUrlForOppo_IsAWarningOnlyForOppo()
    {
        var result = TemplateCheck.Run(WithButtonAction(ActionType.OpenUrl, TemplateSamples.Shop));

        var oppo = Assert.Single(result.Vendors[Vendor.Oppo]);
        Assert.Equal((RuleCodes.ActionDiscouraged, Severity.Warning), (oppo.Rule, oppo.Severity));
        Assert.True(result.CanSubmitTo(Vendor.Oppo));
        Assert.Empty(result.Vendors[Vendor.Huawei]);
    }

    public static TheoryData<Vendor, ActionType> VendorActions()
    {
        var data = new TheoryData<Vendor, ActionType>();
        foreach (var vendor in RuleBook.AllVendors)
        {
            foreach (var action in Enum.GetValues<ActionType>())
            {
                data.Add(vendor, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VendorActions))]
    public void Run_EachActionForEachVendor_IsAnErrorExactlyWhenTheVendorLacksIt(Vendor vendor, ActionType action)
    {
        var result = TemplateCheck.Run(WithButtonAction(action, new TemplateAction { Target = "https://a.example.com", FloorType = FloorType.H5, FloorUrl = "https://a.example.com" }));

        var unsupported = result.Vendors[vendor].Where(v => v.Rule == RuleCodes.ActionUnsupported).ToList();
        Assert.Equal(Book.Vendors[vendor].UnsupportedActions.Contains(action), unsupported.Count == 1);
        Assert.All(unsupported, v => Assert.Equal(Severity.Error, v.Severity));
    }

    [Theory]
    [InlineData(Vendor.Oppo, FloorType.QuickApp)]
    [InlineData(Vendor.Vivo, FloorType.QuickApp)]
    [InlineData(Vendor.Xiaomi, FloorType.H5)]
    public void Run_FallbackTheVendorLacks_IsAnError(Vendor vendor, FloorType floor)
    {
        var document = WithButtonAction(ActionType.OpenApp, App(floor)).WithVendors(vendor);

        var violation = Assert.Single(TemplateCheck.Run(document).Vendors[vendor]);

        Assert.Equal((RuleCodes.FloorTypeUnsupported, Severity.Error, "action.floor_type"), (violation.Rule, violation.Severity, violation.Path.Field));
        Assert.Empty(TemplateCheck.Run(document).Vendors[Vendor.Huawei]);
    }

    [Fact]
    public void Run_SamsungAppMarketFallback_IsAnErrorAloneAndAWarningWithOthers()
    {
        var alone = WithButtonAction(ActionType.OpenApp, App(FloorType.AppMarket)).WithVendors(Vendor.Samsung);
        var withHuawei = alone.WithVendors(Vendor.Samsung, Vendor.Huawei);

        Assert.Equal(RuleCodes.FloorTypeUnsupported, Assert.Single(TemplateCheck.Run(alone).Vendors[Vendor.Samsung]).Rule);
        var warning = Assert.Single(TemplateCheck.Run(withHuawei).Vendors[Vendor.Samsung]);
        Assert.Equal((RuleCodes.FloorTypeIgnored, Severity.Warning), (warning.Rule, warning.Severity));
    }

    [Fact]
    public void Run_OppoBrowserFallbackWithoutAddress_NeedsTheFloorUrl()
    {
        var without = WithButtonAction(ActionType.OpenApp, App(FloorType.Browser) with { FloorUrl = null }).WithVendors(Vendor.Oppo);

        Assert.Equal(RuleCodes.FloorUrlRequired, Assert.Single(TemplateCheck.Run(without).Vendors[Vendor.Oppo]).Rule);
        Assert.Empty(TemplateCheck.Run(WithButtonAction(ActionType.OpenApp, App(FloorType.Browser)).WithVendors(Vendor.Oppo)).Vendors[Vendor.Oppo]);
    }

    [Fact]
    public void Run_ImageAndButtonWithoutAction_AreErrors()
    {
        var document = TemplateSamples.For("StandardImageAndText");
        var (image, content) = TemplateSamples.First(document, ContentType.Image);
        var (button, buttonContent) = TemplateSamples.First(document, ContentType.Button);
        document = document.WithContent(0, image, content with { ActionType = null, Action = null })
            .WithContent(0, button, buttonContent with { ActionType = null, Action = null });

        var errors = TemplateCheck.Run(document).Template.Where(v => v.Rule == RuleCodes.ActionRequired).Select(v => v.Path.Content);

        Assert.Equal([image, button], errors);
    }

    [Fact]
    public void Run_CarouselImageWithAnAction_IsIgnoredWithAWarning()
    {
        var document = TemplateSamples.For("Carousel");
        var (index, image) = TemplateSamples.First(document, ContentType.Image);

        var result = TemplateCheck.Run(document.WithContent(0, index, image with { ActionType = ActionType.OpenBrowser, Action = TemplateSamples.Shop }));

        var warning = Assert.Single(result.Template);
        Assert.Equal((RuleCodes.ImageActionIgnored, Severity.Warning), (warning.Rule, warning.Severity));
    }

    [Theory]
    [InlineData(ActionType.OpenUrl, "http://a.example.com", "ActionScheme")]
    [InlineData(ActionType.OpenUrl, "", "ActionTargetLength")]
    [InlineData(ActionType.DialPhone, "123456789012345678901", "ActionTargetLength")]
    [InlineData(ActionType.OpenPopup, "1234567890123456789012345678901", "ActionTargetLength")]
    [InlineData(ActionType.CopyParameter, "123456789012345678901", "ActionTargetLength")]
    public void Run_ActionTargetOutOfItsRules_IsAnError(ActionType action, string target, string code)
    {
        var result = TemplateCheck.Run(WithButtonAction(action, new TemplateAction { Target = target, Content = "内容", TextButton = "确定" }));

        Assert.Contains(result.Template, v => v.Rule == typeof(RuleCodes).GetField(code)!.GetValue(null) as RuleCode && v.Path.Field == "action.target");
    }

    [Theory]
    [InlineData(ActionType.DialPhone, "12345678901234567890")]
    [InlineData(ActionType.OpenBrowser, "http://a.example.com")]
    [InlineData(ActionType.CopyParameter, "12345678901234567890")]
    public void Run_ActionTargetAtItsLimit_IsAccepted(ActionType action, string target)
    {
        var result = TemplateCheck.Run(WithButtonAction(action, TemplateAction.To(target)));

        Assert.DoesNotContain(result.Template, v => v.Path.Field.StartsWith("action", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_PopupWithoutButtonTextAndOverlongContent_FlagsBothFields()
    {
        var result = TemplateCheck.Run(WithButtonAction(ActionType.OpenPopup, new TemplateAction { Target = "提示", Content = new string('好', 101) }));

        Assert.Equal(
            [(RuleCodes.ActionFieldTooLong, "action.content"), (RuleCodes.ActionFieldRequired, "action.text_button")],
            result.Template.Select(v => (v.Rule, v.Path.Field)));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(17, false)]
    [InlineData(18, true)]
    public void Run_NameLength_OneToSeventeen(int length, bool flagged)
    {
        var result = TemplateCheck.Run(TemplateSamples.For("StandardImageAndText") with { Name = new string('名', length) });

        Assert.Equal(flagged, result.Template.Any(v => v.Rule == RuleCodes.NameLength && v.Path.ToString() == "tpl_name"));
    }

    [Theory]
    [InlineData(70, false)]
    [InlineData(71, true)]
    public void Run_SmsExampleLength_AtMostSeventy(int length, bool flagged)
    {
        var result = TemplateCheck.Run(TemplateSamples.For("StandardImageAndText") with { SmsExample = new string('例', length) });

        Assert.Equal(flagged, result.Template.Any(v => v.Rule == RuleCodes.SmsExampleTooLong));
    }

    [Theory]
    [InlineData(3, 20, false, false)]
    [InlineData(4, 20, true, false)]
    [InlineData(1, 21, false, true)]
    [InlineData(1, 0, false, true)]
    public void Run_SmsSignatures_AtMostThreeOfTwentyCharacters(int count, int length, bool tooMany, bool badLength)
    {
        var result = TemplateCheck.Run(TemplateSamples.For("StandardImageAndText") with { SmsSignatures = [.. Enumerable.Repeat(new string('签', length), count)] });

        Assert.Equal(tooMany, result.Template.Any(v => v.Rule == RuleCodes.SmsSignsTooMany));
        Assert.Equal(badLength, result.Template.Any(v => v.Rule == RuleCodes.SmsSignLength && v.Path.ToString() == "sms_signs[0]"));
    }

    [Fact]
    public void Run_SignatureWithBrackets_IsAnError()
    {
        var result = TemplateCheck.Run(TemplateSamples.For("StandardImageAndText") with { SmsSignatures = ["【华为云】"] });

        Assert.Contains(result.Template, v => v.Rule == RuleCodes.SmsSignBrackets);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_VivoTarget_RequiresSignaturesAndSmsTemplate(bool vivo)
    {
        var document = TemplateSamples.For("StandardImageAndText") with { SmsSignatures = [], SmsTemplate = null };
        document = vivo ? document.WithVendors(Vendor.Huawei, Vendor.Vivo) : document.WithVendors(Vendor.Huawei, Vendor.Xiaomi);

        var codes = TemplateCheck.Run(document).Template.Select(v => v.Rule).ToList();

        Assert.Equal(vivo, codes.Contains(RuleCodes.SmsSignsRequired));
        Assert.Equal(vivo, codes.Contains(RuleCodes.SmsTemplateRequired));
    }

    [Theory]
    [InlineData(370, false)]
    [InlineData(371, true)]
    public void Run_SmsTemplateCountsSlotsAtTheirMaximum_AtMost370(int total, bool flagged)
    {
        // "[文本0-99]" counts 99; "拒收请回复R" 6; the rest is filler.
        var text = "[文本0-99]" + new string('短', total - 99 - 6) + "拒收请回复R";

        var result = TemplateCheck.Run(TemplateSamples.For("StandardImageAndText") with { SmsTemplate = text });

        var tooLong = result.Template.Where(v => v.Rule == RuleCodes.SmsTemplateTooLong).ToList();
        Assert.Equal(flagged, tooLong.Count == 1);
        Assert.All(tooLong, v => Assert.Equal(total, (int)v.Args[1]));
    }

    [Theory]
    [InlineData("尊敬的[文本0-10]用户。拒收请回复R", null)]
    [InlineData("尊敬的[字母0-99][数字1-4]。拒收请回复R", null)]
    [InlineData("尊敬的[文本0-100]。拒收请回复R", "SmsTemplateSlot")]
    [InlineData("尊敬的[汉字0-10]。拒收请回复R", "SmsTemplateSlot")]
    [InlineData("尊敬的[文本10-2]。拒收请回复R", "SmsTemplateSlot")]
    [InlineData("尊敬的[文本0-10]用户。", "SmsTemplateOptOut")]
    public void Run_SmsTemplateSlotsAndOptOut_AreChecked(string text, string? code)
    {
        var result = TemplateCheck.Run(TemplateSamples.For("StandardImageAndText") with { SmsTemplate = text });

        var found = result.Template.Select(v => v.Rule.MessageKey).ToList();
        Assert.Equal(code is null ? [] : ["TemplateRule." + code], found);
    }

    [Fact]
    public void Run_CommercialTemplateWithTestWord_IsAnErrorAtTheField()
    {
        var document = SetText(TemplateSamples.For("StandardImageAndText"), "StandardImageAndText", TextRole.Body, "${name}测试文案", out var path);

        var violation = Assert.Single(TemplateCheck.Run(document).Template);

        Assert.Equal((RuleCodes.CommercialTestWord, path), (violation.Rule, violation.Path));
    }

    [Theory]
    [InlineData("春季新品推广", "春季新品上市", new[] { "TrialNameTestWord", "TrialTitleTestWord" })]
    [InlineData("春季新品测试", "春季新品上市", new[] { "TrialTitleTestWord" })]
    [InlineData("春季新品推广", "测试春季新品", new[] { "TrialNameTestWord" })]
    [InlineData("春季新品测试", "测试春季新品", new string[0])]
    public void Run_TrialTemplate_NeedsTestWordInNameAndMainTitle(string name, string title, string[] codes)
    {
        var document = SetText(TemplateSamples.For("StandardImageAndText"), "StandardImageAndText", TextRole.Title, title, out _) with { Name = name, Use = TemplateUse.TrialCommercial };

        var found = TemplateCheck.Run(document).Template.Select(v => v.Rule.MessageKey);

        Assert.Equal(codes.Select(c => "TemplateRule." + c), found);
    }

    [Fact]
    public void UsedParameters_AllCardTexts_InOrderOnce()
    {
        var document = WithButtonAction(ActionType.OpenUrl, TemplateAction.To("https://a.example.com/${code}?u=${name}"))
            with { SmsTemplate = "${ignored}拒收请回复R" };

        Assert.Equal(["name", "code"], TemplateTexts.UsedParameters(document));
    }

    [Fact]
    public void Run_UsedAndDeclaredParametersDiffer_IsKm90016802ListingBoth()
    {
        var document = WithButtonAction(ActionType.OpenUrl, TemplateAction.To("https://a.example.com/${code}"))
            .WithParam("unused", "x");

        var mismatch = Assert.Single(TemplateCheck.Run(document).Template);

        Assert.Equal(("KM.90016802", "params"), (mismatch.Code, mismatch.Path.ToString()));
        Assert.Equal(["name", "code"], (IEnumerable<string>)mismatch.Args[0]);
        Assert.Equal(["name", "unused"], (IEnumerable<string>)mismatch.Args[1]);
    }

    [Fact]
    public void Run_DeclaredWithDollarBraces_MatchesTheUsedName()
    {
        var document = TemplateSamples.For("StandardImageAndText") with { Params = [new TemplateParam("${name}", "张三")] };

        Assert.Empty(TemplateCheck.Run(document).Template);
    }

    [Fact]
    public void Run_DynamicImage_IsAnError()
    {
        var document = TemplateSamples.For("StandardImageAndText");
        var (index, image) = TemplateSamples.First(document, ContentType.Image);

        var result = TemplateCheck.Run(document.WithContent(0, index, image with { Src = "https://img.example.com/${name}.png", SrcType = 2 }));

        Assert.Contains(result.Template, v => v.Rule == RuleCodes.DynamicImage && v.Path == TemplatePath.Of(0, index, "src"));
    }

    [Theory]
    [InlineData(20, 20, 100, null)]
    [InlineData(21, 20, 100, "ParamsTooMany")]
    [InlineData(1, 21, 100, "ParamNameLength")]
    [InlineData(1, 20, 101, "ParamExampleLength")]
    [InlineData(1, 20, 0, "ParamExampleLength")]
    public void Run_ParameterLimits_AtAndAbove(int count, int nameLength, int exampleLength, string? code)
    {
        var names = Enumerable.Range(0, count).Select(i => (i.ToString(System.Globalization.CultureInfo.InvariantCulture) + new string('p', nameLength))[..nameLength]).ToList();
        var body = string.Concat(names.Select(n => "${" + n + "}"));
        var document = SetText(TemplateSamples.For("PureText"), "PureText", TextRole.Body, body, out _)
            with { Params = [.. names.Select(n => new TemplateParam(n, new string('例', exampleLength)))] };

        var found = TemplateCheck.Run(document).Template.Select(v => v.Rule.MessageKey).Distinct();

        Assert.Equal(code is null ? [] : ["TemplateRule." + code], found);
    }

    [Theory]
    [InlineData("A<b", "ForbiddenCharacters")]
    [InlineData("A>b", "ForbiddenCharacters")]
    [InlineData("A&b", "ForbiddenCharacters")]
    [InlineData("A  b", "RepeatedSpaces")]
    public void Run_ForbiddenCharactersAndRepeatedSpaces_AreErrors(string scene, string code)
    {
        var violation = Assert.Single(TemplateCheck.Run(TemplateSamples.For("StandardImageAndText") with { Scene = scene }).Template);

        Assert.Equal(("TemplateRule." + code, "scene"), (violation.MessageKey, violation.Path.ToString()));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void Run_CarouselPages_TwoToTen(int pages, bool flagged)
    {
        var sample = TemplateSamples.For("Carousel");
        var document = sample with { Pages = [.. Enumerable.Range(1, pages).Select(i => sample.Pages[0] with { PageOrder = i })] };

        Assert.Equal(flagged, TemplateCheck.Run(document).Template.Any(v => v.Rule == RuleCodes.PageCount));
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void Run_ImageCarousel_AtMostFiveImages(int images, bool flagged)
    {
        var document = TemplateSamples.For("CarouselSquareImage");
        var image = TemplateSamples.First(document, ContentType.Image).Content;
        var others = document.Pages[0].Contents.Where(c => c.Type != ContentType.Image);
        document = document.WithPage(0, document.Pages[0] with { Contents = [.. Enumerable.Repeat(image, images), .. others] });

        var zone = TemplateCheck.Run(document).Template.Where(v => v.Rule == RuleCodes.ZoneCount).ToList();

        Assert.Equal(flagged, zone.Count == 1);
        Assert.All(zone, v => Assert.Equal((LocalizedArg.Zone("images"), new CountRange(1, 5), images), ((LocalizedArg)v.Args[0], (CountRange)v.Args[1], (int)v.Args[2])));
    }

    [Fact]
    public void Run_VideoInAnImageLayout_HasNoPlace()
    {
        var document = TemplateSamples.For("StandardImageAndText");
        document = document.WithPage(0, document.Pages[0] with { Contents = document.Pages[0].Contents.Add(TemplateContent.Video(9, "1", "2")) });

        var violation = Assert.Single(TemplateCheck.Run(document).Template);

        Assert.Equal((RuleCodes.ComponentNotInLayout, "video"), (violation.Rule, violation.Args[0]));
    }

    [Fact]
    public void Run_UnknownLayout_IsATemplateErrorAndUnsupportedEverywhere()
    {
        var result = TemplateCheck.Run(TemplateSamples.For("StandardImageAndText") with { CardId = "Hologram" });

        Assert.Contains(result.Template, v => v.Rule == RuleCodes.UnknownLayout);
        Assert.All(RuleBook.AllVendors, v => Assert.False(result.CanSubmitTo(v)));
    }

    [Fact]
    public async Task SensitiveWordsAsync_NamesTheWordAndTheField()
    {
        var document = SetText(TemplateSamples.For("StandardImageAndText"), "StandardImageAndText", TextRole.Body, "${name}全网最低价", out var path);
        string[] words = ["最低价", "第一"];

        var found = await TemplateCheck.SensitiveWordsAsync(
            document, (text, _) => Task.FromResult(words.FirstOrDefault(w => text.Contains(w, StringComparison.Ordinal))), CancellationToken.None);

        var violation = Assert.Single(found);
        Assert.Equal(("KM.90016801", path, "最低价", path.ToString()), (violation.Code, violation.Path, (string)violation.Args[0], (string)violation.Args[1]));
    }

    [Fact]
    public void All_TextsOfTheTemplate_CarryTheirPaths()
    {
        var paths = TemplateTexts.All(TemplateSamples.For("StandardImageAndText")).Select(t => t.Path.ToString()).ToList();

        Assert.Contains("tpl_name", paths);
        Assert.Contains("sms_signs[0]", paths);
        Assert.Contains("params[0].example", paths);
        Assert.Contains("pages[0].contents[1].content", paths);
        Assert.Contains("pages[0].contents[3].action.target", paths);
    }

    private static List<TemplateViolation> TextViolations(Vendor vendor, string layoutId, TextRole role, int chars)
    {
        var document = SetText(TemplateSamples.For(layoutId), layoutId, role, new string('好', chars), out var path);
        return [.. TemplateCheck.Run(document).Vendors[vendor].Where(v => v.Path == path)];
    }

    private static List<TemplateViolation> ImageViolations(Vendor vendor, string layoutId, MaterialFacts facts)
    {
        var document = TemplateSamples.For(layoutId);
        var (index, image) = TemplateSamples.First(document, ContentType.Image);
        var materials = new Dictionary<string, MaterialFacts> { [image.Src!] = facts };
        return [.. TemplateCheck.Run(document, materials).Vendors[vendor].Where(v => v.Path == TemplatePath.Of(0, index, "src"))];
    }

    private static List<TemplateViolation> VideoViolations(Vendor vendor, MaterialFacts facts)
    {
        var document = TemplateSamples.For("Video");
        var video = TemplateSamples.First(document, ContentType.Video).Content;
        return [.. TemplateCheck.Run(document, new Dictionary<string, MaterialFacts> { [video.Src!] = facts }).Vendors[vendor].Where(v => v.Path.Field == "src")];
    }

    /// <summary>The sample with the first text of <paramref name="role"/> replaced; the body keeps using ${name}.</summary>
    internal static TemplateDocument SetText(TemplateDocument document, string layoutId, TextRole role, string text, out TemplatePath path)
    {
        var placed = ZonePlacement.Place(Book.Layouts[layoutId], document.Pages[0]).First(p => p.Zone?.Role == role);
        path = TemplatePath.Of(0, placed.Index, "content");
        var changed = document.WithContent(0, placed.Index, placed.Content with { Content = text });
        return TemplateTexts.UsedParameters(changed).Contains("name") ? changed : changed with { Params = [] };
    }

    private static TemplateDocument WithButtonAction(ActionType action, TemplateAction target)
    {
        var document = TemplateSamples.For("StandardImageAndText");
        var (index, button) = TemplateSamples.First(document, ContentType.Button);
        return document.WithContent(0, index, button with { ActionType = action, Action = target });
    }

    private static TemplateAction App(FloorType floor) =>
        new() { Target = "weixin://dl/business", PackageName = "com.tencent.mm", FloorType = floor, FloorUrl = "https://m.example.com" };
}
