using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Templates.Builder;

/// <summary>One message at a builder field: vendor-independent (no vendors) or the vendors it applies to.</summary>
public sealed record FieldMessage(Severity Severity, string Text, IReadOnlyList<Vendor> Vendors);

/// <summary>
/// The check's violations at one field of the builder, for showing them where they arise: the vendor-independent ones
/// first, then each vendor's, the same message for several vendors said once with their names.
/// </summary>
public static class FieldViolations
{
    /// <summary>Messages at a component's field: <paramref name="field"/> itself or its parts ("action" takes "action.target").</summary>
    public static IReadOnlyList<FieldMessage> At(TemplateCheckResult check, TemplateDocument document, IStringLocalizer l, int page, int content, params string[] fields) =>
        Collect(check, document, l, p => p.Page == page && p.Content == content && fields.Any(f => Matches(p.Field, f)));

    /// <summary>Messages at a template setting (tpl_name, sms_signs, params…), parts included (sms_signs[1], params[0].name).</summary>
    public static IReadOnlyList<FieldMessage> AtSetting(TemplateCheckResult check, TemplateDocument document, IStringLocalizer l, params string[] fields) =>
        Collect(check, document, l, p => p.Page is null && fields.Any(f => Matches(p.Field, f)));

    /// <summary>The zone-count messages of one page's zone (too few or too many components).</summary>
    public static IReadOnlyList<FieldMessage> AtZone(TemplateCheckResult check, TemplateDocument document, IStringLocalizer l, int page, string zone) =>
        Collect(check, document, l, p => p.Page == page && p.Content is null, v => v.Rule == RuleCodes.ZoneCount && v.Args.Length > 0 && Equals(v.Args[0], LocalizedArg.Zone(zone)));

    /// <summary>The errors among <paramref name="messages"/> joined for a field's error text; null when there are none.</summary>
    public static string? ErrorText(IReadOnlyList<FieldMessage> messages, IStringLocalizer l) =>
        messages.Where(m => m.Severity == Severity.Error && m.Vendors.Count == 0).Select(m => m.Text).ToList() is { Count: > 0 } errors
            ? string.Join(" ", errors)
            : null;

    /// <summary>How a vendor-bound message reads: "华为、OPPO：…".</summary>
    public static string Label(FieldMessage message, IStringLocalizer l) =>
        message.Vendors.Count == 0
            ? message.Text
            : l["TemplateBuilder.VendorMessage", l.JoinList(message.Vendors.Select(v => l["TemplatePreview.Vendor." + v].Value)), message.Text];

    private static bool Matches(string field, string wanted) =>
        field == wanted || field.StartsWith(wanted + ".", StringComparison.Ordinal) || field.StartsWith(wanted + "[", StringComparison.Ordinal);

    /// <summary>How many errors a component has, vendor-independent or of a vendor the template targets.</summary>
    public static int ErrorCount(TemplateCheckResult check, TemplateDocument document, int page, int content)
    {
        var targets = document.TargetVendors.ToHashSet();
        return check.Template.Concat(check.Vendors.Where(v => targets.Contains(v.Key)).SelectMany(v => v.Value))
            .Count(v => v.Severity == Severity.Error && v.Path.Page == page && v.Path.Content == content);
    }

    // Only the vendors the template targets: the others' previews show what they would refuse, the fields do not.
    private static List<FieldMessage> Collect(TemplateCheckResult check, TemplateDocument document, IStringLocalizer l, Func<TemplatePath, bool> where, Func<TemplateViolation, bool>? also = null)
    {
        bool Wanted(TemplateViolation v) => where(v.Path) && (also is null || also(v));
        var targets = document.TargetVendors.ToHashSet();
        var messages = check.Template.Where(Wanted).Select(v => new FieldMessage(v.Severity, v.Message(l), [])).ToList();
        messages.AddRange(check.Vendors.Where(pair => targets.Contains(pair.Key))
            .SelectMany(pair => pair.Value.Where(Wanted).Select(v => (Vendor: pair.Key, v.Severity, Text: v.Message(l))))
            .GroupBy(x => (x.Severity, x.Text))
            .Select(g => new FieldMessage(g.Key.Severity, g.Key.Text, [.. g.Select(x => x.Vendor).Distinct().Order()])));
        return [.. messages.OrderByDescending(m => m.Severity).ThenBy(m => m.Vendors.Count)];
    }
}
