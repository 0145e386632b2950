using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;

namespace KooMessage.Console.Features.Templates.Checks;

/// <summary>
/// The one check of a template against the rule book: the template's own rules (settings, parameters, texts, actions,
/// zones) and, for each of the six vendors, what that vendor refuses (errors) or should be told (warnings). A breach of
/// a rule whose value is marked assumed in the book is a warning. Sensitive words are checked apart
/// (<see cref="SensitiveWordsAsync"/>) because the list lives in the database.
/// </summary>
public static partial class TemplateCheck
{
    /// <param name="materials">What is known of the images and videos by their src; unknown ones skip the size checks.</param>
    public static TemplateCheckResult Run(TemplateDocument document, IReadOnlyDictionary<string, MaterialFacts>? materials = null, RuleBook? book = null)
    {
        book ??= RuleBook.Default;
        materials ??= FrozenDictionary<string, MaterialFacts>.Empty;
        var layout = book.Layouts.GetValueOrDefault(document.CardId);
        var common = new List<TemplateViolation>();
        CheckSettings(document, layout, book, common);
        CheckParameters(document, book, common);
        CheckTexts(document, common);
        CheckPages(document, layout, book, materials, common);

        var vendors = RuleBook.AllVendors.ToFrozenDictionary(v => v, v => CheckVendor(document, layout, book, v, materials).ToImmutableArray());
        return new TemplateCheckResult([.. common], vendors);
    }

    /// <summary>
    /// KM.90016801 for every text of the template holding a sensitive word, naming the word and the field.
    /// Pass the platform's <c>SensitiveWordMatcher.FindAsync</c> as <paramref name="find"/>.
    /// </summary>
    public static async Task<IReadOnlyList<TemplateViolation>> SensitiveWordsAsync(
        TemplateDocument document, Func<string, CancellationToken, Task<string?>> find, CancellationToken ct)
    {
        var found = new List<TemplateViolation>();
        foreach (var text in TemplateTexts.All(document))
        {
            if (await find(text.Text, ct) is { } word)
            {
                found.Add(Violation(RuleCodes.SensitiveWord, Severity.Error, text.Path, word, text.Path.ToString()));
            }
        }

        return found;
    }

    private static void CheckSettings(TemplateDocument document, LayoutSpec? layout, RuleBook book, List<TemplateViolation> found)
    {
        var s = book.Settings;
        var name = TemplatePath.Template("tpl_name");
        var nameLength = TextMeasure.Length(document.Name.Trim());
        if (nameLength < s.NameMin.Value || nameLength > s.NameMax.Value)
        {
            found.Add(Violation(RuleCodes.NameLength, Severity.Error, name, s.NameMin.Value, s.NameMax.Value));
        }

        if (layout is null)
        {
            found.Add(Violation(RuleCodes.UnknownLayout, Severity.Error, TemplatePath.Template("card_id"), document.CardId));
        }

        var test = s.TestWord.Value;
        if (document.Use == TemplateUse.Commercial)
        {
            found.AddRange(TemplateTexts.All(document)
                .Where(t => t.Text.Contains(test, StringComparison.Ordinal))
                .Select(t => Violation(RuleCodes.CommercialTestWord, Severity.Error, t.Path, test)));
        }
        else
        {
            if (!document.Name.Contains(test, StringComparison.Ordinal))
            {
                found.Add(Violation(RuleCodes.TrialNameTestWord, Severity.Error, name, test));
            }

            var title = ZonePlacement.MainTitle(layout, document);
            if (title?.Content.Content?.Contains(test, StringComparison.Ordinal) != true)
            {
                var path = title is { } t ? TemplatePath.Of(0, t.Index, "content") : TemplatePath.Template("pages");
                found.Add(Violation(RuleCodes.TrialTitleTestWord, Severity.Error, path, test));
            }
        }

        if (TextMeasure.Length(document.SmsExample) > s.SmsExampleMax.Value)
        {
            found.Add(Violation(RuleCodes.SmsExampleTooLong, Severity.Error, TemplatePath.Template("sms_example"), s.SmsExampleMax.Value));
        }

        var smsRequired = document.TargetVendors.Any(v => book.Vendors[v].SmsRequired);
        CheckSignatures(document, smsRequired, s, found);
        CheckSmsTemplate(document, smsRequired, s, found);
    }

    private static void CheckSignatures(TemplateDocument document, bool required, TemplateSettingsRules s, List<TemplateViolation> found)
    {
        var signs = TemplatePath.Template("sms_signs");
        if (document.SmsSignatures.Length > s.SmsSignsMax.Value)
        {
            found.Add(Violation(RuleCodes.SmsSignsTooMany, Severity.Error, signs, s.SmsSignsMax.Value));
        }

        if (required && document.SmsSignatures.All(string.IsNullOrWhiteSpace))
        {
            found.Add(Violation(RuleCodes.SmsSignsRequired, Severity.Error, signs));
        }

        for (var i = 0; i < document.SmsSignatures.Length; i++)
        {
            var sign = document.SmsSignatures[i];
            var path = TemplatePath.Template(string.Create(CultureInfo.InvariantCulture, $"sms_signs[{i}]"));
            var length = TextMeasure.Length(sign);
            if (length < 1 || length > s.SmsSignMax.Value)
            {
                found.Add(Violation(RuleCodes.SmsSignLength, Severity.Error, path, 1, s.SmsSignMax.Value));
            }

            if (sign.IndexOfAny(['[', ']', '【', '】']) >= 0)
            {
                found.Add(Violation(RuleCodes.SmsSignBrackets, Severity.Error, path));
            }
        }
    }

    private static void CheckSmsTemplate(TemplateDocument document, bool required, TemplateSettingsRules s, List<TemplateViolation> found)
    {
        var path = TemplatePath.Template("sms_template");
        var text = document.SmsTemplate;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                found.Add(Violation(RuleCodes.SmsTemplateRequired, Severity.Error, path));
            }

            return;
        }

        var length = TextMeasure.Length(text);
        foreach (Match slot in SmsSlot().Matches(text))
        {
            length -= TextMeasure.Length(slot.Value);
            var shape = SmsSlotShape().Match(slot.Groups["inner"].Value);
            var valid = shape.Success
                && s.SmsSlotKinds.Value.Contains(shape.Groups["kind"].Value)
                && int.TryParse(shape.Groups["min"].Value, CultureInfo.InvariantCulture, out var min)
                && int.TryParse(shape.Groups["max"].Value, CultureInfo.InvariantCulture, out var max)
                && min <= max && max <= s.SmsSlotMax.Value;
            if (!valid)
            {
                found.Add(Violation(RuleCodes.SmsTemplateSlot, Severity.Error, path, slot.Value, s.SmsSlotMax.Value));
                continue;
            }

            length += int.Parse(shape.Groups["max"].Value, CultureInfo.InvariantCulture);
        }

        if (length > s.SmsTemplateMax.Value)
        {
            found.Add(Violation(RuleCodes.SmsTemplateTooLong, Severity.Error, path, s.SmsTemplateMax.Value, length));
        }

        if (!text.Contains(s.OptOutText.Value, StringComparison.Ordinal))
        {
            found.Add(Violation(RuleCodes.SmsTemplateOptOut, Severity.Error, path, s.OptOutText.Value));
        }
    }

    private static void CheckParameters(TemplateDocument document, RuleBook book, List<TemplateViolation> found)
    {
        var s = book.Settings;
        var all = TemplatePath.Template("params");
        if (document.Params.Length > s.ParamsMax.Value)
        {
            found.Add(Violation(RuleCodes.ParamsTooMany, Severity.Error, all, s.ParamsMax.Value));
        }

        var declared = new List<string>();
        for (var i = 0; i < document.Params.Length; i++)
        {
            var param = document.Params[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"params[{i}]");
            var bare = TemplateTexts.BareName(param.Name);
            if (bare.Length < 1 || TextMeasure.Length(bare) > s.ParamNameMax.Value)
            {
                found.Add(Violation(RuleCodes.ParamNameLength, Severity.Error, TemplatePath.Template(at + ".name"), 1, s.ParamNameMax.Value));
            }

            var example = TextMeasure.Length(param.Example);
            if (example < 1 || example > s.ParamExampleMax.Value)
            {
                found.Add(Violation(RuleCodes.ParamExampleLength, Severity.Error, TemplatePath.Template(at + ".example"), 1, s.ParamExampleMax.Value));
            }

            if (declared.Contains(bare))
            {
                found.Add(Violation(RuleCodes.ParamDuplicate, Severity.Error, TemplatePath.Template(at + ".name"), bare));
            }
            else
            {
                declared.Add(bare);
            }
        }

        var used = TemplateTexts.UsedParameters(document);
        if (!used.ToHashSet(StringComparer.Ordinal).SetEquals(declared))
        {
            found.Add(Violation(RuleCodes.ParamsMismatch, Severity.Error, all, used, declared));
        }

        foreach (var text in TemplateTexts.All(document).Where(t => t.InCard && IsMaterialField(t.Path.Field)))
        {
            if (TemplateTexts.ParametersIn(text.Text).Any())
            {
                found.Add(Violation(RuleCodes.DynamicImage, Severity.Error, text.Path));
            }
        }
    }

    private static void CheckTexts(TemplateDocument document, List<TemplateViolation> found)
    {
        foreach (var text in TemplateTexts.All(document))
        {
            if (text.Text.IndexOfAny(['<', '>', '&']) >= 0)
            {
                found.Add(Violation(RuleCodes.ForbiddenCharacters, Severity.Error, text.Path));
            }

            if (text.Text.Contains("  ", StringComparison.Ordinal))
            {
                found.Add(Violation(RuleCodes.RepeatedSpaces, Severity.Error, text.Path));
            }
        }
    }

    private static void CheckPages(TemplateDocument document, LayoutSpec? layout, RuleBook book, IReadOnlyDictionary<string, MaterialFacts> materials, List<TemplateViolation> found)
    {
        var pages = TemplatePath.Template("pages");
        var maxPages = Math.Min(book.Settings.PagesMax.Value, layout?.MaxPages ?? int.MaxValue);
        if (document.Pages.Length < (layout?.MinPages ?? 1) || document.Pages.Length > maxPages)
        {
            found.Add(Violation(RuleCodes.PageCount, layout?.PagesSource.Severity ?? Severity.Error, pages, layout?.MinPages ?? 1, maxPages));
        }

        for (var p = 0; p < document.Pages.Length; p++)
        {
            var page = document.Pages[p];
            var placed = layout is null ? [] : ZonePlacement.Place(layout, page);
            if (layout is not null)
            {
                foreach (var zone in layout.Zones)
                {
                    var count = placed.Count(x => x.Zone == zone);
                    if (count < zone.Min || count > zone.Max)
                    {
                        found.Add(Violation(RuleCodes.ZoneCount, zone.Source.Severity, TemplatePath.OfPage(p), LocalizedArg.Zone(zone.Name), new CountRange(zone.Min, zone.Max), count) with { Source = zone.Source });
                    }
                }
            }

            for (var c = 0; c < page.Contents.Length; c++)
            {
                var content = page.Contents[c];
                var zone = placed.FirstOrDefault(x => x.Index == c)?.Zone;
                if (layout is not null && zone is null)
                {
                    found.Add(Violation(
                        content.Type == ContentType.FollowPub ? RuleCodes.FollowPubUnsupported : RuleCodes.ComponentNotInLayout,
                        Severity.Error, TemplatePath.Of(p, c, "type"), JsonName(content.Type)));
                }

                CheckContent(content, zone, p, c, book, materials, found);
            }
        }
    }

    private static void CheckContent(TemplateContent content, LayoutZone? zone, int p, int c, RuleBook book, IReadOnlyDictionary<string, MaterialFacts> materials, List<TemplateViolation> found)
    {
        if (TextMeasure.Length(content.Content) > book.Settings.ContentMax.Value)
        {
            found.Add(Violation(RuleCodes.ContentTooLong, Severity.Error, TemplatePath.Of(p, c, "content"), book.Settings.ContentMax.Value));
        }

        var needsAction = content.Type == ContentType.Button || (content.Type == ContentType.Image && zone?.Actions != false);
        if (content.Type == ContentType.Image && zone?.Actions == false && content.ActionType is not null)
        {
            found.Add(Violation(RuleCodes.ImageActionIgnored, Severity.Warning, TemplatePath.Of(p, c, "action_type")));
        }
        else if (content.ActionType is { } type)
        {
            CheckAction(content.Action ?? new TemplateAction(), book.Actions[type], p, c, found);
        }
        else if (needsAction)
        {
            found.Add(Violation(RuleCodes.ActionRequired, Severity.Error, TemplatePath.Of(p, c, "action_type")));
        }

        var m = book.Materials;
        switch (content.Type)
        {
            case ContentType.Image:
                CheckMaterial(content.Src, m.Image, TemplatePath.Of(p, c, "src"), materials, found);
                break;
            case ContentType.Video:
                CheckMaterial(content.Src, m.Video, TemplatePath.Of(p, c, "src"), materials, found);
                CheckMaterial(content.Cover, m.Image, TemplatePath.Of(p, c, "cover"), materials, found);
                break;
        }
    }

    private static void CheckAction(TemplateAction action, ActionSpec spec, int p, int c, List<TemplateViolation> found)
    {
        var target = TemplatePath.Of(p, c, "action.target");
        var length = TextMeasure.Length(action.Target);
        if (length < spec.TargetMin || length > spec.TargetMax)
        {
            found.Add(Violation(RuleCodes.ActionTargetLength, Severity.Error, target, spec.TargetMin, spec.TargetMax));
        }

        if (!spec.Schemes.IsEmpty && length > 0 && !spec.Schemes.Any(s => action.Target.StartsWith(s + "://", StringComparison.OrdinalIgnoreCase)))
        {
            found.Add(Violation(RuleCodes.ActionScheme, Severity.Error, target, (IEnumerable<string>)[.. spec.Schemes.Select(s => s + "://")]));
        }

        var values = TemplateTexts.ContentStrings(new TemplateContent { Action = action })
            .Where(f => f.Field.StartsWith("action.", StringComparison.Ordinal))
            .ToDictionary(f => f.Field["action.".Length..], f => f.Text, StringComparer.Ordinal);
        foreach (var field in spec.Fields)
        {
            var value = values.GetValueOrDefault(field.Name);
            var path = TemplatePath.Of(p, c, "action." + field.Name);
            if (field.Required && string.IsNullOrWhiteSpace(value))
            {
                found.Add(Violation(RuleCodes.ActionFieldRequired, Severity.Error, path, field.Name));
            }
            else if (TextMeasure.Length(value) > field.Max)
            {
                found.Add(Violation(RuleCodes.ActionFieldTooLong, Severity.Error, path, field.Name, field.Max));
            }
        }
    }

    private static void CheckMaterial(string? src, MaterialRule rule, TemplatePath path, IReadOnlyDictionary<string, MaterialFacts> materials, List<TemplateViolation> found)
    {
        if (src is null || !materials.TryGetValue(src, out var facts))
        {
            return;
        }

        if (!rule.Formats.Contains(facts.Format, StringComparer.OrdinalIgnoreCase))
        {
            found.Add(Violation(RuleCodes.MaterialFormat, Severity.Error, path, facts.Format, rule.Formats));
        }

        if (facts.Bytes > rule.MaxBytes)
        {
            found.Add(Violation(RuleCodes.MaterialTooLarge, Severity.Error, path, rule.MaxBytes, facts.Bytes));
        }

        if (rule.SuggestedSeconds is { } seconds && facts.Seconds > seconds)
        {
            found.Add(Violation(RuleCodes.VideoTooLong, Severity.Warning, path, seconds, Math.Round(facts.Seconds.Value, 1)));
        }
    }

    private static IEnumerable<TemplateViolation> CheckVendor(TemplateDocument document, LayoutSpec? layout, RuleBook book, Vendor vendor, IReadOnlyDictionary<string, MaterialFacts> materials)
    {
        var rule = book.Rule(vendor, document.CardId);
        if (layout is null || !rule.Supported)
        {
            yield return Violation(RuleCodes.LayoutUnsupported, Severity.Error, TemplatePath.Template("card_id"), document.CardId) with { Source = rule.SupportSource };
            yield break;
        }

        if (document.SubType is { } subType && rule.SubTypes is { } subTypes && !subTypes.Values.Contains(subType))
        {
            yield return Violation(RuleCodes.SubTypeUnsupported, subTypes.Source.Severity, TemplatePath.Template("sub_type"), subType) with { Source = subTypes.Source };
        }

        var vendorRule = book.Vendors[vendor];
        var others = document.TargetVendors.Any(v => v != vendor);
        var targeted = document.TargetVendors.Contains(vendor);
        for (var p = 0; p < document.Pages.Length; p++)
        {
            foreach (var placed in ZonePlacement.Place(layout, document.Pages[p]))
            {
                var (c, content, zone) = (placed.Index, placed.Content, placed.Zone);
                if (zone?.Role is { } role && content.Content is { } text && rule.Limit(role) is { } limit)
                {
                    foreach (var v in CheckText(TemplateTexts.Fill(text, document.Params), limit, TemplatePath.Of(p, c, "content")))
                    {
                        yield return v;
                    }
                }

                if (content.ActionType is { } action && !(content.Type == ContentType.Image && zone?.Actions == false))
                {
                    foreach (var v in CheckVendorAction(action, content.Action, vendorRule, others, targeted, p, c))
                    {
                        yield return v;
                    }
                }

                if (content.Type == ContentType.Image)
                {
                    foreach (var v in CheckImage(content.Src, rule.Image, materials, TemplatePath.Of(p, c, "src")))
                    {
                        yield return v;
                    }
                }

                if (content.Type == ContentType.Video)
                {
                    foreach (var v in CheckImage(content.Cover, rule.Cover, materials, TemplatePath.Of(p, c, "cover")))
                    {
                        yield return v;
                    }

                    foreach (var v in CheckVideo(content.Src, rule.Video, materials, TemplatePath.Of(p, c, "src")))
                    {
                        yield return v;
                    }
                }
            }
        }
    }

    private static IEnumerable<TemplateViolation> CheckText(string text, TextLimit limit, TemplatePath path)
    {
        var length = TextMeasure.Length(text);
        if (length > limit.Chars)
        {
            yield return Violation(RuleCodes.TextTooLong, limit.Source.Severity, path, limit.Chars, length) with { Source = limit.Source };
            yield break;
        }

        if (limit.Lines is { } lines)
        {
            var shown = text.Replace("\r", "", StringComparison.Ordinal).Split('\n')
                .Sum(line => Math.Max(1, (TextMeasure.Length(line) + limit.PerLine - 1) / limit.PerLine));
            if (shown > lines)
            {
                yield return Violation(RuleCodes.TextTooManyLines, limit.Source.Severity, path, lines, shown) with { Source = limit.Source };
            }
        }
    }

    private static IEnumerable<TemplateViolation> CheckVendorAction(ActionType action, TemplateAction? target, VendorRule vendor, bool others, bool targeted, int p, int c)
    {
        var at = TemplatePath.Of(p, c, "action_type");
        if (vendor.UnsupportedActions.Contains(action))
        {
            yield return Violation(RuleCodes.ActionUnsupported, Severity.Error, at, JsonName(action)) with { Source = vendor.ActionsSource };
        }
        else if (vendor.WarnedActions.Contains(action))
        {
            yield return Violation(RuleCodes.ActionDiscouraged, Severity.Warning, at, JsonName(action)) with { Source = vendor.ActionsSource };
        }

        if (action != ActionType.OpenApp)
        {
            yield break;
        }

        var floor = target?.FloorType ?? FloorType.AppMarket;
        var floorPath = TemplatePath.Of(p, c, "action.floor_type");
        var floorCode = (int)floor;
        if (!vendor.FloorTypes.Contains(floor))
        {
            yield return (vendor.FloorIgnoredWithOthers && others
                ? Violation(RuleCodes.FloorTypeIgnored, Severity.Warning, floorPath, floorCode)
                : Violation(RuleCodes.FloorTypeUnsupported, Severity.Error, floorPath, floorCode)) with { Source = vendor.FloorSource };
        }
        else if (targeted && vendor.FloorUrlRequired.Contains(floor) && string.IsNullOrWhiteSpace(target?.FloorUrl))
        {
            yield return Violation(RuleCodes.FloorUrlRequired, Severity.Error, TemplatePath.Of(p, c, "action.floor_url"), floorCode) with { Source = vendor.FloorSource };
        }
    }

    private static IEnumerable<TemplateViolation> CheckImage(string? src, ImageRule? rule, IReadOnlyDictionary<string, MaterialFacts> materials, TemplatePath path)
    {
        if (rule is null || src is null || !materials.TryGetValue(src, out var facts) || facts.Width <= 0 || facts.Height <= 0)
        {
            yield break;
        }

        var severity = rule.Source.Severity;
        var actual = Pixels(facts.Width, facts.Height);
        if (rule.Sizes.FirstOrDefault(s => s.Fits(facts.Width, facts.Height)) is not { } size)
        {
            yield return Violation(RuleCodes.ImageRatio, severity, path, (IEnumerable<string>)[.. rule.Sizes.Select(s => s.Ratio)], actual) with { Source = rule.Source };
        }
        else if (facts.Width < size.MinWidth || facts.Height < size.MinHeight)
        {
            yield return Violation(RuleCodes.ImageTooSmall, severity, path, Pixels(size.MinWidth!.Value, size.MinHeight!.Value), actual) with { Source = rule.Source };
        }

        if (facts.Bytes > rule.MaxBytes)
        {
            yield return Violation(RuleCodes.VendorFileTooLarge, severity, path, rule.MaxBytes, facts.Bytes) with { Source = rule.Source };
        }
    }

    private static IEnumerable<TemplateViolation> CheckVideo(string? src, VideoRule? rule, IReadOnlyDictionary<string, MaterialFacts> materials, TemplatePath path)
    {
        if (rule is null || src is null || !materials.TryGetValue(src, out var facts))
        {
            yield break;
        }

        var severity = rule.Source.Severity;
        if (!rule.Formats.Contains(facts.Format, StringComparer.OrdinalIgnoreCase))
        {
            yield return Violation(RuleCodes.VideoFormat, severity, path, rule.Formats, facts.Format) with { Source = rule.Source };
        }

        if (rule.MaxBytes is { } max && facts.Bytes > max)
        {
            yield return Violation(RuleCodes.VendorFileTooLarge, severity, path, max, facts.Bytes) with { Source = rule.Source };
        }

        if (facts.Width > 0 && facts.Height > 0 && !new ImageSize(rule.Ratio, null, null).Fits(facts.Width, facts.Height))
        {
            yield return Violation(RuleCodes.ImageRatio, severity, path, (IEnumerable<string>)[rule.Ratio], Pixels(facts.Width, facts.Height)) with { Source = rule.Source };
        }
    }

    private static bool IsMaterialField(string field) => field is "src" or "cover" or "oppo_background" or "vivo_background";

    private static string Pixels(int width, int height) => string.Create(CultureInfo.InvariantCulture, $"{width}*{height}");

    /// <summary>An enum as KooMessage spells it (OPEN_URL, video).</summary>
    private static string JsonName<T>(T value)
        where T : struct, Enum =>
        System.Text.Json.JsonSerializer.Serialize(value, TemplateJson.Options).Trim('"');

    private static TemplateViolation Violation(RuleCode rule, Severity severity, TemplatePath path, params object[] args) =>
        new(rule, severity, path, [.. args]);

    [GeneratedRegex(@"\[(?<inner>[^\[\]]*)\]")]
    private static partial Regex SmsSlot();

    [GeneratedRegex(@"^(?<kind>\p{L}+)(?<min>\d+)-(?<max>\d+)$")]
    private static partial Regex SmsSlotShape();
}
