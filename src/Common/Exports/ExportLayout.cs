using System.Globalization;
using System.Text;

namespace KooMessage.Console.Common.Exports;

/// <summary>The rules both writers share: sheet names, the per-sheet row cap, the split note, and what a cell may hold.</summary>
internal static class ExportLayout
{
    /// <summary>Excel's last row is 1,048,576; row 1 is the header.</summary>
    public const long MaxDataRowsPerSheet = 1_048_575;

    public const int ProgressEvery = 1_000;

    /// <summary>Excel keeps at most 32,767 characters in a cell.</summary>
    public const int MaxCellText = 32_767;

    private const int MaxSheetName = 31;

    /// <summary>The note is written in row 1, one empty column after the last header.</summary>
    public const int NoteColumnGap = 2;

    public const string DefaultSplitNote = "行数超过一个工作表的上限，其余的行在后面的工作表中 / More rows than one sheet holds: continued on the following sheets";

    private static readonly char[] Forbidden = ['[', ']', ':', '*', '?', '/', '\\'];

    /// <summary>A valid Excel sheet name for the <paramref name="number"/>-th sheet (1-based): "签名", "签名 (2)", ...</summary>
    public static string SheetName(string name, int number)
    {
        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            clean.Append(Array.IndexOf(Forbidden, c) >= 0 || char.IsControl(c) ? '_' : c);
        }

        var trimmed = clean.ToString().Trim().Trim('\'');
        var baseName = trimmed.Length == 0 ? "Sheet" : trimmed;
        var suffix = number == 1 ? "" : $" ({number})";
        var room = MaxSheetName - suffix.Length;
        if (baseName.Length > room)
        {
            baseName = baseName[..room];
            if (char.IsHighSurrogate(baseName[^1]))
            {
                baseName = baseName[..^1];
            }
        }

        return baseName + suffix;
    }

    /// <summary>Text as Excel and XML 1.0 can hold it: characters XML forbids dropped, cut at Excel's cell limit.</summary>
    public static string CleanText(string text)
    {
        var valid = true;
        for (var i = 0; i < text.Length && valid; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else
            {
                valid = IsXmlChar(c);
            }
        }

        var result = valid ? text : Sanitize(text);
        return result.Length > MaxCellText ? result[..MaxCellText] : result;
    }

    private static string Sanitize(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (IsXmlChar(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    private static bool IsXmlChar(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);

    public static string Text(object value, int column, long row) => value is string s
        ? CleanText(s)
        : throw Mismatch(value, column, row, "a string");

    public static bool TryNumber(object value, out double number, out string invariant)
    {
        switch (value)
        {
            case int i:
                number = i;
                invariant = i.ToString(CultureInfo.InvariantCulture);
                return true;
            case long l:
                number = l;
                invariant = l.ToString(CultureInfo.InvariantCulture);
                return true;
            case decimal m:
                number = (double)m;
                invariant = m.ToString(CultureInfo.InvariantCulture);
                return true;
            case double d:
                number = d;
                invariant = d.ToString("R", CultureInfo.InvariantCulture);
                return true;
            default:
                number = 0;
                invariant = "";
                return false;
        }
    }

    public static InvalidOperationException Mismatch(object value, int column, long row, string expected) =>
        new($"Export row {row}, column {column + 1}: expected {expected}, got {value.GetType().Name}.");

    /// <summary>
    /// The width Excel stores for a column <paramref name="characters"/> digits wide: the digits plus 5 pixels of
    /// padding, in units of the default font's 7-pixel digit, cut to 1/256 (ECMA-376 18.3.1.13). ClosedXML adds the
    /// same padding when it saves, so both writers' columns look alike.
    /// </summary>
    public static double StoredWidth(double characters) => Math.Truncate(((characters * 7) + 5) / 7 * 256) / 256;

    /// <summary>Excel's column letters for a 0-based column index: A, B, ..., Z, AA, ...</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}
