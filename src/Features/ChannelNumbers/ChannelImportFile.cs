using System.Globalization;
using ClosedXML.Excel;
using KooMessage.Console.Common.Text;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>A refusal of one import row: the rule it broke and what the message names (a row, a number, a value).</summary>
public sealed record ChannelRowIssue(ChannelProblem Problem, string Argument = "")
{
    public string Describe(IStringLocalizer l) => ChannelNumberRules.Describe(Problem, l, Argument);
}

/// <summary>A row that becomes a channel number.</summary>
public sealed record ChannelImportRow(int Row, ChannelNumberType Type, string Number, IReadOnlyList<string> Signatures, bool SignCheck);

/// <summary>One data row as the dry run judged it.</summary>
public sealed record ChannelRowResult(int Row, ChannelImportRow? Port, IReadOnlyList<ChannelRowIssue> Issues);

/// <summary>
/// The import workbook of channel numbers: a header row 通道号类型 / 通道号 / 签名 / 是否校验签名, then one port per row.
/// The type is 1, 3 or 5 or its name (普通, 前缀号段, 后缀号段); signatures are separated by a comma, 、 or ； (full-
/// or half-width); 是否校验签名 is 1/是 or 0/否 (blank: 0). Read by <c>BulkLinkFile.Rows</c> (.xlsx, or .csv).
/// </summary>
public static class ChannelImportFile
{
    public const int RowsMax = 10_000;
    public const long BytesMax = 5 * 1024 * 1024;

    public const string TypeHeader = "通道号类型";
    public const string NumberHeader = "通道号";
    public const string SignaturesHeader = "签名";
    public const string SignCheckHeader = "是否校验签名";

    public static readonly string[] Header = [TypeHeader, NumberHeader, SignaturesHeader, SignCheckHeader];

    public static readonly char[] SignatureSeparators = [',', '，', ';', '；', '\u3001', '\n'];

    private static readonly Dictionary<string, ChannelNumberType> TypeNames = new(StringComparer.Ordinal)
    {
        ["1"] = ChannelNumberType.Normal, ["普通"] = ChannelNumberType.Normal,
        ["3"] = ChannelNumberType.Prefix, ["前缀号段"] = ChannelNumberType.Prefix,
        ["5"] = ChannelNumberType.Suffix, ["后缀号段"] = ChannelNumberType.Suffix,
    };

    /// <summary>The type a cell names (its number or its name), or null.</summary>
    public static ChannelNumberType? ParseType(string text) => TypeNames.TryGetValue(text, out var type) ? type : null;

    /// <summary>The template workbook: the header, typed as text so numbers keep their leading zeros, and one example row.</summary>
    public static byte[] TemplateWorkbook()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("ports");
        string[] example = ["1", "106912340001", "星河科技；星河商城", "1"];
        double[] widths = [14, 26, 36, 16];
        for (var i = 0; i < Header.Length; i++)
        {
            var column = sheet.Column(i + 1);
            column.Style.NumberFormat.Format = "@";
            column.Width = widths[i];
            sheet.Cell(1, i + 1).Value = Header[i];
            sheet.Cell(1, i + 1).Style.Font.Bold = true;
            sheet.Cell(2, i + 1).SetValue(example[i]);
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>Where each column is, or the headers that are missing.</summary>
    public static (int[]? Columns, IReadOnlyList<string> Missing) Columns(string[] header)
    {
        var names = header.Select(TextNormalizer.Name).ToList();
        var at = Header.Select(h => names.IndexOf(h)).ToArray();
        var missing = Header.Where((_, i) => at[i] < 0 && i != 3).ToList();
        return missing.Count > 0 ? (null, missing) : (at, missing);
    }
}

/// <summary>Judges the rows of one import, remembering the numbers of earlier rows and those the account has.</summary>
public sealed class ChannelImportChecker(int[] columns, IReadOnlySet<string> existing)
{
    private readonly Dictionary<string, int> firstRows = new(StringComparer.Ordinal);

    public ChannelRowResult Check(int row, string[] cells)
    {
        string Cell(int i) => columns[i] is var at and >= 0 && at < cells.Length ? cells[at].Trim() : "";
        var issues = new List<ChannelRowIssue>();
        var typeText = TextNormalizer.Name(Cell(0));
        var type = ChannelImportFile.ParseType(typeText);
        if (type is null)
        {
            issues.Add(new(ChannelProblem.TypeUnknown));
        }

        var number = ChannelNumberRules.NormalizeNumber(Cell(1));
        if (ChannelNumberRules.CheckNumber(type ?? ChannelNumberType.Normal, number) is { } numberProblem)
        {
            issues.Add(new(numberProblem));
        }
        else if (!firstRows.TryAdd(number, row))
        {
            issues.Add(new(ChannelProblem.DuplicateInFile, firstRows[number].ToString(CultureInfo.InvariantCulture)));
        }
        else if (existing.Contains(number))
        {
            issues.Add(new(ChannelProblem.Exists, number));
        }

        var signatures = ChannelNumberRules.NormalizeSignatures(Cell(2).Split(ChannelImportFile.SignatureSeparators));
        if (ChannelNumberRules.CheckSignatures(signatures) is { } signatureProblem)
        {
            issues.Add(new(signatureProblem));
        }

        var checkText = TextNormalizer.Name(Cell(3));
        bool? signCheck = checkText switch
        {
            "" or "0" or "否" => false,
            "1" or "是" => true,
            _ => null,
        };
        if (signCheck is null)
        {
            issues.Add(new(ChannelProblem.SignCheckUnreadable, checkText));
        }
        else if (type is { } known && ChannelNumberRules.CheckSignCheck(known, signCheck.Value) is { } checkProblem)
        {
            issues.Add(new(checkProblem));
        }

        return issues.Count > 0
            ? new ChannelRowResult(row, null, issues)
            : new ChannelRowResult(row, new ChannelImportRow(row, type!.Value, number, signatures, signCheck!.Value), issues);
    }
}
