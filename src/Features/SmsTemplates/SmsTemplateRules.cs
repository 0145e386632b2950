using System.Text.RegularExpressions;

namespace KooMessage.Console.Features.SmsTemplates;

/// <summary>
/// How a template's content names its variables: <c>${index}</c>, as KooMessage's example writes it
/// ("详情请咨询4000-955**** ${1}" with variable_index 1, OAS CreateAimMsgTemplate). Pure, shared by the form's
/// validator, the dialog's variable editor and the composer.
/// </summary>
public static partial class SmsTemplateRules
{
    /// <summary>A template carries exactly one short-link slot: at least one because KooMessage refuses a template without it (KM.00001377), at most one because an SMS carries one card link.</summary>
    public const int LinkSlots = 1;

    public static string Placeholder(int index) => $"${{{index}}}";

    /// <summary>Every <c>${…}</c> in the content, in order, with its index, or null when what is between the braces is not an index 1–20.</summary>
    public static IReadOnlyList<(string Text, int? Index)> Placeholders(string? content) =>
        [.. PlaceholderPattern().Matches(content ?? "").Select(m => (m.Value, int.TryParse(m.Groups[1].Value, out var i) && m.Groups[1].Value.All(char.IsAsciiDigit)
            && i is >= 1 and <= SmsTemplate.VariablesMax ? i : (int?)null))];

    /// <summary>The placeholders written with something other than an index (<c>${name}</c>, <c>${}</c>, <c>${21}</c>).</summary>
    public static IReadOnlyList<string> Malformed(string? content) => [.. Placeholders(content).Where(p => p.Index is null).Select(p => p.Text).Distinct()];

    /// <summary>Indexes used in the content that no variable declares.</summary>
    public static IReadOnlyList<int> Undeclared(string? content, IEnumerable<int> declared)
    {
        var known = declared.ToHashSet();
        return [.. Placeholders(content).Select(p => p.Index).OfType<int>().Distinct().Where(i => !known.Contains(i)).Order()];
    }

    /// <summary>Declared variables the content never uses.</summary>
    public static IReadOnlyList<int> Unused(string? content, IEnumerable<int> declared)
    {
        var used = Placeholders(content).Select(p => p.Index).OfType<int>().ToHashSet();
        return [.. declared.Distinct().Where(i => !used.Contains(i)).Order()];
    }

    /// <summary>How often the content writes <paramref name="index"/>.</summary>
    public static int Occurrences(string? content, int index) => Placeholders(content).Count(p => p.Index == index);

    /// <summary>
    /// The index a new variable takes: the smallest one the content writes without a variable, else the smallest 1–20
    /// not declared yet; null when all twenty are.
    /// </summary>
    public static int? NextIndex(string? content, IEnumerable<int> declared)
    {
        var taken = declared.ToHashSet();
        return Undeclared(content, taken).Cast<int?>().FirstOrDefault()
            ?? Enumerable.Range(1, SmsTemplate.VariablesMax).Cast<int?>().FirstOrDefault(i => !taken.Contains(i!.Value));
    }

    /// <summary>The longest value a variable takes when sent (KM.00001375: PHONE 1–15 characters, the others 1–20).</summary>
    public static int MaxValueLength(SmsVariableType type) => type == SmsVariableType.PHONE ? 15 : 20;

    [GeneratedRegex(@"\$\{([^{}]*)\}")]
    private static partial Regex PlaceholderPattern();
}
