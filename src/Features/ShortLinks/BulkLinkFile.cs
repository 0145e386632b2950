using System.Text;
using ClosedXML.Excel;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.Capability;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>Why one row of a bulk file is refused; the dry run puts it into the reader's words.</summary>
public enum BulkRowProblem
{
    MobileMissing,

    /// <summary>libphonenumber refused it; the argument is the <see cref="NumberProblem"/>.</summary>
    BadNumber,

    /// <summary>The same mobile is on an earlier row; the argument is that row's number.</summary>
    Duplicate,

    /// <summary>Declared parameters without a value; the argument lists them.</summary>
    ParamMissing,

    /// <summary>A value longer than <see cref="BulkLinkFile.ValueMax"/>; the argument names the parameter.</summary>
    ValueTooLong,

    CustFlagTooLong,

    /// <summary>Values past the header's columns (several numbers typed on one line, say); the argument is the header's width.</summary>
    ExtraValues,
}

public sealed record BulkRowIssue(BulkRowProblem Problem, string Argument = "")
{
    /// <summary>The problem in the reader's words (the dry runs of bulk links and of send tasks say it alike).</summary>
    public string Describe(IStringLocalizer l) => Problem switch
    {
        BulkRowProblem.MobileMissing => l["Validation.Required", BulkLinkFile.MobileHeader],
        BulkRowProblem.BadNumber => l["BulkLinks.BadNumber", l[$"NumberProblem.{Argument}"]],
        BulkRowProblem.Duplicate => l["BulkLinks.Duplicate", Argument],
        BulkRowProblem.ParamMissing => l["BulkLinks.ParamMissing", Argument],
        BulkRowProblem.ValueTooLong => l["BulkLinks.ValueTooLong", Argument, BulkLinkFile.ValueMax],
        BulkRowProblem.ExtraValues => l["BulkLinks.ExtraValues", Argument],
        _ => l["BulkLinks.CustFlagTooLong", ShortLink.CustFlagMax],
    };
}

/// <summary>A row that becomes a link: its row in the file, customer flag, SHA1 of country code + number and values.</summary>
public sealed record BulkLink(int Row, string CustFlag, string NumberHash, Dictionary<string, string> Values);

/// <summary>One data row as the dry run judged it.</summary>
public sealed record BulkRowResult(int Row, BulkLink? Link, IReadOnlyList<BulkRowIssue> Issues);

/// <summary>
/// The bulk file of 个性化 links (千人千面): a header row with 手机号, one column per template parameter (<c>${name}</c> or
/// <c>name</c>) and optionally 客户标识, then one row per customer. .xlsx (first sheet) or .csv in UTF-8 (with or without
/// BOM) or GB18030 (what Excel on a Chinese Windows saves). Blank rows are skipped; columns it does not know are ignored.
/// </summary>
public static class BulkLinkFile
{
    public const int RowsMax = 100_000;
    public const long BytesMax = 20 * 1024 * 1024;

    /// <summary>A dynamic parameter value: 1–100 characters, as the template's parameter example (OAS CreateAimPersonalTemplate).</summary>
    public const int ValueMax = 100;

    public const string MobileHeader = "手机号";
    public const string CustFlagHeader = "客户标识";

    private static readonly string[] MobileHeaders = [MobileHeader, "手机号码", "号码", "mobile"];
    private static readonly string[] CustFlagHeaders = [CustFlagHeader, "cust_flag"];

    static BulkLinkFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The template file's header: 手机号, each parameter as <c>${name}</c>, 客户标识.</summary>
    public static string[] Header(IReadOnlyList<string> parameters) => [MobileHeader, .. parameters.Select(p => "${" + p + "}"), CustFlagHeader];

    /// <summary>The template file for <paramref name="parameters"/>: the header and one example row, as .xlsx.</summary>
    public static byte[] TemplateWorkbook(IReadOnlyList<string> parameters)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("links");
        var header = Header(parameters);
        for (var i = 0; i < header.Length; i++)
        {
            sheet.Cell(1, i + 1).Value = header[i];
            sheet.Cell(1, i + 1).Style.Font.Bold = true;
            sheet.Column(i + 1).Style.NumberFormat.Format = "@";
            sheet.Column(i + 1).Width = 18;
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The file's rows with their row numbers (the header is row 1); xlsx by its zip signature, anything else as CSV.</summary>
    public static IEnumerable<(int Row, string[] Cells)> Rows(Stream content)
    {
        var head = new byte[3];
        var read = content.ReadAtLeast(head, 3, throwOnEndOfStream: false);
        content.Position = 0;
        if (read >= 2 && head[0] == 'P' && head[1] == 'K')
        {
            return XlsxRows(content);
        }

        var bom = read == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
        var encoding = bom || IsUtf8(content) ? (Encoding)new UTF8Encoding(false) : Encoding.GetEncoding("GB18030");
        content.Position = 0;
        return CsvRows(new StreamReader(content, encoding, detectEncodingFromByteOrderMarks: bom, leaveOpen: true));
    }

    /// <summary>Where 手机号, 客户标识 and each parameter are, or the headers that are missing.</summary>
    public static (BulkColumns? Columns, IReadOnlyList<string> Missing) Columns(string[] header, IReadOnlyList<string> parameters)
    {
        int? mobile = null;
        int? flag = null;
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = TextNormalizer.Name(header[i]);
            var bare = name.StartsWith("${", StringComparison.Ordinal) && name.EndsWith('}') ? name[2..^1].Trim() : name;
            if (MobileHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                mobile ??= i;
            }
            else if (CustFlagHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                flag ??= i;
            }
            else if (parameters.Contains(bare))
            {
                values.TryAdd(bare, i);
            }
        }

        var missing = (mobile is null ? [MobileHeader] : Array.Empty<string>()).Concat(parameters.Where(p => !values.ContainsKey(p)).Select(p => "${" + p + "}")).ToList();
        return missing.Count > 0 ? (null, missing) : (new BulkColumns(mobile!.Value, flag, values, header.Length), missing);
    }

    private static bool IsUtf8(Stream content)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[81920];
        var chars = new char[81921];
        int read;
        try
        {
            while ((read = content.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static IEnumerable<(int, string[])> XlsxRows(Stream content)
    {
        using var workbook = new XLWorkbook(content);
        var sheet = workbook.Worksheets.First();
        var last = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
        foreach (var row in sheet.RowsUsed())
        {
            yield return (row.RowNumber(), [.. Enumerable.Range(1, last).Select(c => row.Cell(c).GetFormattedString())]);
        }
    }

    private static IEnumerable<(int, string[])> CsvRows(StreamReader reader)
    {
        using (reader)
        {
            foreach (var row in Common.Files.CsvRows.Read(reader))
            {
                yield return row;
            }
        }
    }
}

/// <summary>The columns of a bulk file's header: 手机号, 客户标识 (optional) and each parameter's, of a header <paramref name="width"/> cells wide.</summary>
public sealed class BulkColumns(int mobile, int? custFlag, IReadOnlyDictionary<string, int> values, int width)
{
    private readonly Dictionary<string, int> firstRows = new(StringComparer.Ordinal);

    /// <summary>The 手机号 column.</summary>
    public int MobileColumn => mobile;

    /// <summary>
    /// Judges one data row: a mobile libphonenumber accepts (the capability check's rules), not on an earlier row, every
    /// parameter filled and no value too long. The customer flag is the 客户标识 cell, or the mobile as written.
    /// </summary>
    public BulkRowResult Check(int row, string[] cells)
    {
        string Cell(int? i) => i is { } at && at < cells.Length ? cells[at].Trim() : "";
        var issues = new List<BulkRowIssue>();
        var mobileText = Cell(mobile);
        string? digits = null;
        if (mobileText.Length == 0)
        {
            issues.Add(new(BulkRowProblem.MobileMissing));
        }
        else if (mobileText.Length > MobileNumbers.InputMax)
        {
            issues.Add(new(BulkRowProblem.BadNumber, nameof(NumberProblem.InputTooLong)));
        }
        else if ((digits = MobileNumbers.CountryCodeAndNumber(mobileText, out var problem)) is null)
        {
            issues.Add(new(BulkRowProblem.BadNumber, problem!.Value.ToString()));
        }
        else if (!firstRows.TryAdd(digits, row))
        {
            issues.Add(new(BulkRowProblem.Duplicate, firstRows[digits].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var valuesOf = values.ToDictionary(v => v.Key, v => Cell(v.Value), StringComparer.Ordinal);
        var missing = valuesOf.Where(v => v.Value.Length == 0).Select(v => "${" + v.Key + "}").ToList();
        if (missing.Count > 0)
        {
            issues.Add(new(BulkRowProblem.ParamMissing, string.Join(", ", missing)));
        }

        issues.AddRange(valuesOf.Where(v => v.Value.Length > BulkLinkFile.ValueMax).Select(v => new BulkRowIssue(BulkRowProblem.ValueTooLong, "${" + v.Key + "}")));
        if (cells.Skip(width).Any(c => c.Trim().Length > 0))
        {
            issues.Add(new(BulkRowProblem.ExtraValues, width.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var flag = TextNormalizer.Name(Cell(custFlag));
        if (flag.Length > ShortLink.CustFlagMax)
        {
            issues.Add(new(BulkRowProblem.CustFlagTooLong));
        }

        return issues.Count > 0
            ? new BulkRowResult(row, null, issues)
            : new BulkRowResult(row, new BulkLink(row, flag.Length > 0 ? flag : mobileText, MobileNumbers.Sha1Of(digits!), valuesOf), issues);
    }
}
