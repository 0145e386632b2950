using System.Text;

namespace KooMessage.Console.Features.SmsTemplates;

/// <summary>What a composed SMS costs: its length in billed characters and the number of segments it is sent (and billed) as.</summary>
public readonly record struct SmsLength(int Characters, int Segments);

/// <summary>
/// The SMS a send writes from an approved template: 【signature】 + the content with its variables filled and its
/// short-link slot replaced by the link + 拒收请回复R; and how many segments it is billed as. Pure.
/// </summary>
/// <remarks>
/// Characters are counted as the gateway sends them, in UCS-2 (Kannel coding=2): one per UTF-16 unit, so a Chinese
/// character, a letter, a digit, a space, a punctuation mark and a line break each count one, and a character outside
/// the basic plane (most emoji) counts two, as it takes two units of the 70.
/// </remarks>
public static class SmsComposer
{
    public const string OptOut = "拒收请回复R";

    /// <summary>One SMS holds 70 characters.</summary>
    public const int SingleSegment = 70;

    /// <summary>A longer text goes in parts of 67 characters each (3 go to the header that joins the parts again).</summary>
    public const int MultiSegment = 67;

    /// <summary>
    /// The text sent: <paramref name="values"/> fill the other variables by index (a value missing leaves its
    /// placeholder, which a send's dry run reports); every NEWTEXT placeholder becomes <paramref name="link"/>. The
    /// opt-out tail is added unless the content already ends with it.
    /// </summary>
    public static string Compose(string signature, string content, IReadOnlyList<SmsTemplateVariable> variables, IReadOnlyDictionary<int, string> values, string link)
    {
        var byIndex = variables.ToDictionary(v => v.Index, v => v.Type);
        var text = new StringBuilder();
        text.Append('【').Append(signature).Append('】');
        var at = 0;
        foreach (var (placeholder, index) in SmsTemplateRules.Placeholders(content))
        {
            var start = content.IndexOf(placeholder, at, StringComparison.Ordinal);
            text.Append(content, at, start - at);
            at = start + placeholder.Length;
            var filled = index is { } i && byIndex.TryGetValue(i, out var type)
                ? type == SmsVariableType.NEWTEXT ? link : values.GetValueOrDefault(i)
                : null;
            text.Append(filled ?? placeholder);
        }

        text.Append(content, at, content.Length - at);
        if (!content.EndsWith(OptOut, StringComparison.Ordinal))
        {
            text.Append(OptOut);
        }

        return text.ToString();
    }

    /// <summary>Billed characters (UTF-16 units, see the remarks) and segments: 70 fit one, longer texts go as parts of 67.</summary>
    public static SmsLength Measure(string text) => new(text.Length, Segments(text.Length));

    public static int Segments(string text) => Segments(text.Length);

    /// <summary>The segments of a text <paramref name="characters"/> long.</summary>
    public static int Segments(int characters) => characters == 0 ? 0 : characters <= SingleSegment ? 1 : (characters + MultiSegment - 1) / MultiSegment;

    /// <summary>
    /// The range a template's SMS will measure while its values are unknown: each variable at its shortest (one
    /// character) and at its longest (KM.00001375: PHONE 15, the others 20); the link as given.
    /// </summary>
    public static (SmsLength Shortest, SmsLength Longest) Estimate(string signature, string content, IReadOnlyList<SmsTemplateVariable> variables, string link)
    {
        SmsLength With(Func<SmsTemplateVariable, int> length) =>
            Measure(Compose(signature, content, variables, variables.ToDictionary(v => v.Index, v => new string('0', length(v))), link));
        return (With(_ => 1), With(v => SmsTemplateRules.MaxValueLength(v.Type)));
    }
}
