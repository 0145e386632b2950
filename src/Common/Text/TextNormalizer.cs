using System.Buffers;
using System.Globalization;
using System.Text;

namespace KooMessage.Console.Common.Text;

/// <summary>
/// The one place text is normalized before it is checked, compared or stored, so that characters a reader cannot see
/// (zero-width spaces, soft hyphens, direction marks), look-alike spaces and full-width forms cannot make two equal
/// texts differ or hide a sensitive word.
/// </summary>
public static class TextNormalizer
{
    /// <summary>
    /// Unicode NFKC (full-width letters, digits and punctuation fold to ASCII, compatibility characters to their plain
    /// form); invisible characters (format characters such as U+200B, U+200D, U+2060, U+FEFF, U+00AD, other default
    /// ignorable code points, control characters) removed; every kind of line break becomes <c>\n</c> and every other
    /// space (U+00A0, U+3000, tab, ...) a plain space. Nothing is trimmed.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        // Invisible characters go before NFKC too, so that a character split from its combining mark by one still composes.
        var composed = Clean(text).Normalize(NormalizationForm.FormKC);
        return DropStrayMarks(Clean(composed));
    }

    /// <summary>
    /// A text as typed, without what a reader cannot see: invisible and control characters removed, line breaks as
    /// <c>\n</c>, other spaces plain; no NFKC (full-width punctuation stays as written) and nothing trimmed.
    /// </summary>
    public static string Visible(string? text) => string.IsNullOrEmpty(text) ? "" : Clean(text);

    /// <summary>A name as it is stored and compared: <see cref="Normalize"/>, runs of white space as one space, trimmed.</summary>
    public static string Name(string? text)
    {
        var normalized = Normalize(text);
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString().TrimEnd(' ');
    }

    /// <summary>
    /// The form texts are matched in (sensitive words): <see cref="Normalize"/> with every white space and every
    /// combining mark removed, so that neither a space of any kind nor an accent inside a word can hide it.
    /// </summary>
    public static string Compact(string? text)
    {
        var normalized = Normalize(text).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (!char.IsWhiteSpace(c) && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// A combining mark left after NFKC on a character it cannot belong to (a Chinese character, a digit, a space): shown
    /// over its neighbour it is invisible to a reader, so it is dropped. Marks on letters that take them are kept.
    /// </summary>
    private static string DropStrayMarks(string text)
    {
        var builder = new StringBuilder(text.Length);
        var previous = new Rune(' ');
        foreach (var rune in text.EnumerateRunes())
        {
            var isMark = Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;
            if (isMark && (!Rune.IsLetter(previous) || IsCjk(previous.Value)))
            {
                continue;
            }

            builder.Append(rune.ToString());
            if (!isMark)
            {
                previous = rune;
            }
        }

        return builder.ToString();
    }

    private static bool IsCjk(int c) =>
        c is >= 0x2E80 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0xFF00 and <= 0xFFEF or >= 0x20000 and <= 0x3FFFF;

    private static string Clean(string text)
    {
        var lines = text.ReplaceLineEndings("\n");
        var builder = new StringBuilder(lines.Length);
        for (var i = 0; i < lines.Length;)
        {
            var status = Rune.DecodeFromUtf16(lines.AsSpan(i), out var rune, out var length);
            var start = i;
            i += Math.Max(length, 1);
            if (status != OperationStatus.Done)
            {
                // A lone surrogate is dropped: NFKC would refuse the whole string.
                continue;
            }

            if (rune.Value == '\n')
            {
                builder.Append('\n');
            }
            else if (Rune.IsWhiteSpace(rune) || IsBlank(rune.Value))
            {
                builder.Append(' ');
            }
            else if (!IsInvisible(rune))
            {
                builder.Append(lines, start, length);
            }
        }

        return builder.ToString();
    }

    /// <summary>Characters that print as nothing but are not white space to Unicode (U+2800 BRAILLE PATTERN BLANK).</summary>
    private static bool IsBlank(int c) => c == 0x2800;

    private static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
        || IsDefaultIgnorable(rune.Value);

    /// <summary>Unicode's Default_Ignorable_Code_Point characters that are not format characters (fillers, variation selectors).</summary>
    private static bool IsDefaultIgnorable(int c) =>
        c is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFFA0
        || c is >= 0x180B and <= 0x180F
        || c is >= 0xFE00 and <= 0xFE0F
        || c is >= 0x2060 and <= 0x206F
        || c is >= 0x1BCA0 and <= 0x1BCA3
        || c is >= 0xE0000 and <= 0xE0FFF;
}
