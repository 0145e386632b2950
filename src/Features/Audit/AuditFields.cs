using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Audit;

/// <summary>
/// An audit entry's before/after JSON as the reader reads it: one row per field, labelled in the reader's language
/// (the forms' field labels where the names match), yes/no for booleans; anything nested stays JSON.
/// </summary>
public static class AuditFields
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["UpLinkAddress"] = "Field.UpLink",
        ["StatusReason"] = "Field.ReviewDesc",
        ["ReviewReason"] = "Field.ReviewDesc",
        ["Word"] = "Field.SensitiveWord",
        ["IsInvolvedThird"] = "Field.InvolvedThird",
        ["Source"] = "Field.SignatureSource",
        ["Type"] = "Field.SignatureType",
    };

    public static IReadOnlyList<(string Label, string Value)> Rows(string? json, IStringLocalizer l)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return [(l["Audit.Value"], json)];
        }

        return document.RootElement.EnumerateObject().Select(p => (Label(p.Name, l), Value(p.Value, l))).ToList();
    }

    private static string Label(string name, IStringLocalizer l)
    {
        var text = l[Labels.GetValueOrDefault(name, $"Field.{name}")];
        return text.ResourceNotFound ? name : text.Value;
    }

    private static string Value(JsonElement value, IStringLocalizer l) => value.ValueKind switch
    {
        JsonValueKind.True => l["Common.Yes"],
        JsonValueKind.False => l["Common.No"],
        JsonValueKind.Null => "—",
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : "—",
        _ => value.GetRawText(),
    };
}
