using System.Text;
using ClosedXML.Excel;

namespace KooMessage.Console.Features.Capability;

/// <summary>A refused row of an import file: its row number in the file (the header is row 1) and why, in the reader's language.</summary>
public sealed record ImportRowProblem(int Row, string Message);

/// <summary>What a dry run found: the facts of the valid rows (already keyed) and every refused row.</summary>
public sealed record ImportPlan(string FileName, int Rows, int ValidRows, IReadOnlyList<CapabilityFact> Facts, IReadOnlyList<ImportRowProblem> Problems);

/// <summary>
/// Reads an import file: a header row naming a <c>number</c> (or <c>sha1</c>) column, a <c>vendor</c> column (one or
/// more vendors, comma-separated) and a <c>capable</c> column (yes/no), then one row per number. Chinese headers
/// (号码, 厂商, 是否支持) work too. Plain numbers are hashed at once; nothing of the file is kept but the keyed facts.
/// </summary>
internal static class CapabilityImportFile
{
    public const int RowsMax = 100_000;
    public const long BytesMax = 20 * 1024 * 1024;

    private static readonly string[] NumberHeaders = ["number", "mobile", "号码", "手机号", "手机号码"];
    private static readonly string[] Sha1Headers = ["sha1"];
    private static readonly string[] VendorHeaders = ["vendor", "vendors", "厂商"];
    private static readonly string[] CapableHeaders = ["capable", "supported", "是否支持", "支持"];
    private static readonly string[] Yes = ["yes", "y", "true", "1", "是", "支持"];
    private static readonly string[] No = ["no", "n", "false", "0", "否", "不支持"];

    private static readonly Dictionary<string, Templates.Document.Vendor> VendorAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["华为"] = Templates.Document.Vendor.Huawei, ["荣耀"] = Templates.Document.Vendor.Huawei, ["HONOR"] = Templates.Document.Vendor.Huawei,
        ["小米"] = Templates.Document.Vendor.Xiaomi, ["魅族"] = Templates.Document.Vendor.Meizu, ["三星"] = Templates.Document.Vendor.Samsung,
    };

    /// <summary>The file's rows as cells, header first; xlsx by its zip signature, anything else as UTF-8 CSV.</summary>
    public static IEnumerable<string[]> Rows(Stream content)
    {
        var head = new byte[2];
        var read = content.Read(head, 0, 2);
        content.Position = 0;
        return read == 2 && head[0] == 'P' && head[1] == 'K' ? XlsxRows(content) : CsvRows(content);
    }

    public enum Column
    {
        Number,
        Sha1,
        Vendor,
        Capable,
    }

    /// <summary>Where each column is, from the header row; null for a column the header does not name.</summary>
    public static Dictionary<Column, int> Columns(string[] header)
    {
        var found = new Dictionary<Column, int>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().ToLowerInvariant();
            Column? column = NumberHeaders.Contains(name) ? Column.Number : Sha1Headers.Contains(name) ? Column.Sha1
                : VendorHeaders.Contains(name) ? Column.Vendor : CapableHeaders.Contains(name) ? Column.Capable : null;
            if (column is { } c)
            {
                found.TryAdd(c, i);
            }
        }

        return found;
    }

    public static bool? Capable(string text) =>
        Yes.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase) ? true : No.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase) ? false : null;

    public static Templates.Document.Vendor? Vendor(string name) =>
        Templates.VendorNames.Parse(name.Trim()) ?? (VendorAliases.TryGetValue(name.Trim(), out var v) ? v : null);

    public static string[] VendorNames(string cell) =>
        cell.Split([',', '，', ';', '；', '\u3001', '/', '|', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IEnumerable<string[]> XlsxRows(Stream content)
    {
        using var workbook = new XLWorkbook(content);
        var sheet = workbook.Worksheets.First();
        var last = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
        foreach (var row in sheet.RowsUsed())
        {
            yield return [.. Enumerable.Range(1, last).Select(c => row.Cell(c).GetString())];
        }
    }

    private static IEnumerable<string[]> CsvRows(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        foreach (var (_, cells) in Common.Files.CsvRows.Read(reader))
        {
            yield return cells;
        }
    }
}
