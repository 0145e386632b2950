using System.Globalization;
using System.Text;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>
/// How long a menu name is by the reference's count ("一个中文占2个字符，字母和数字占1个字符"), on the name as stored
/// (<see cref="Common.Text.TextNormalizer.Name"/>: NFKC, invisible characters removed). Each user-perceived character
/// (grapheme cluster) counts once: 2 when its first code point is wide, otherwise 1. Wide are
/// CJK ideographs (U+3400–U+4DBF, U+4E00–U+9FFF, U+F900–U+FAFF, U+20000–U+3FFFF), CJK radicals and symbols
/// (U+2E80–U+303F, e.g. 、。「」), kana and Hangul (U+3040–U+30FF, U+3130–U+318F, U+AC00–U+D7AF), the full-width forms that
/// survive NFKC (U+FF01–U+FF60, U+FFE0–U+FFE6; NFKC folds most of them to ASCII, which counts 1) and emoji (pictographs
/// U+1F000–U+1FAFF, U+2600–U+27BF, U+2B00–U+2BFF): an emoji counts 2 like a Chinese character, with its skin tone in
/// the same cluster; a ZWJ sequence counts 2 per emoji in it, because the normalizer removes the joiner.
/// </summary>
public static class MenuNameWidth
{
    public static int Of(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return 0;
        }

        var width = 0;
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            width += Rune.TryGetRuneAt(element, 0, out var first) && IsWide(first.Value) ? 2 : 1;
        }

        return width;
    }

    public static bool IsWide(int c) =>
        c is >= 0x2E80 and <= 0x303F
        or >= 0x3040 and <= 0x30FF
        or >= 0x3130 and <= 0x318F
        or >= 0x3400 and <= 0x4DBF
        or >= 0x4E00 and <= 0x9FFF
        or >= 0xAC00 and <= 0xD7AF
        or >= 0xF900 and <= 0xFAFF
        or >= 0xFF01 and <= 0xFF60
        or >= 0xFFE0 and <= 0xFFE6
        or >= 0x20000 and <= 0x3FFFF
        or >= 0x1F000 and <= 0x1FAFF
        or >= 0x2600 and <= 0x27BF
        or >= 0x2B00 and <= 0x2BFF;
}
