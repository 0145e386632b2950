using System.IO.Compression;
using System.Xml.Linq;
using ClosedXML.Excel;

namespace KooMessage.Console.Common.Exports;

/// <summary>
/// Writes small exports with ClosedXML: the whole workbook is built in memory (about 10 KB per row of 8 columns), so
/// <see cref="ExportWriters"/> sends only results up to <see cref="ExportWriters.SmallMaxRows"/> here.
/// </summary>
public sealed class ClosedXmlExportWriter(string? splitNote = null) : IExportWriter
{
    /// <summary>Data rows per sheet before the next sheet begins; tests lower it to split small results.</summary>
    internal long RowsPerSheet { get; init; } = ExportLayout.MaxDataRowsPerSheet;

    public async Task<long> WriteAsync(
        Stream target,
        string sheetName,
        IReadOnlyList<ExportColumn> columns,
        IAsyncEnumerable<object?[]> rows,
        Func<long, ValueTask>? progress,
        CancellationToken ct)
    {
        using var workbook = new XLWorkbook();
        var sheet = AddSheet(workbook, sheetName, columns);
        long written = 0;
        long inSheet = 0;
        await foreach (var values in rows.WithCancellation(ct))
        {
            if (values.Length != columns.Count)
            {
                throw new InvalidOperationException($"Export row {written + 1} has {values.Length} values for {columns.Count} columns.");
            }

            if (inSheet == RowsPerSheet)
            {
                Finish(sheet, columns, inSheet);
                if (workbook.Worksheets.Count == 1)
                {
                    sheet.Cell(1, columns.Count + ExportLayout.NoteColumnGap).SetValue(ExportLayout.CleanText(splitNote ?? ExportLayout.DefaultSplitNote));
                }

                sheet = AddSheet(workbook, sheetName, columns);
                inSheet = 0;
            }

            inSheet++;
            written++;
            var line = (int)inSheet + 1;
            for (var c = 0; c < values.Length; c++)
            {
                if (values[c] is { } value)
                {
                    SetCell(sheet.Cell(line, c + 1), columns[c].Kind, value, c, written);
                }
            }

            if (progress is not null && written % ExportLayout.ProgressEvery == 0)
            {
                await progress(written);
            }
        }

        Finish(sheet, columns, inSheet);
        using var saved = new MemoryStream();
        workbook.SaveAs(saved);
        saved.Position = 0;
        await WriteDefaultNamespaceAsync(saved, target, ct);
        return written;
    }

    private static IXLWorksheet AddSheet(XLWorkbook workbook, string sheetName, IReadOnlyList<ExportColumn> columns)
    {
        var sheet = workbook.Worksheets.Add(ExportLayout.SheetName(sheetName, workbook.Worksheets.Count + 1));
        for (var c = 0; c < columns.Count; c++)
        {
            var column = sheet.Column(c + 1);
            // AdjustToContents needs GDI+, which Linux lacks: widths are always given.
            column.Width = columns[c].Width;
            switch (columns[c].Kind)
            {
                case ExportCellKind.Identifier:
                    column.Style.NumberFormat.NumberFormatId = ExportFormats.TextFormatId;
                    break;
                case ExportCellKind.DateTime:
                    column.Style.DateFormat.Format = ExportFormats.DateTime;
                    break;
                case ExportCellKind.Date:
                    column.Style.DateFormat.Format = ExportFormats.Date;
                    break;
                default:
                    break;
            }

            var header = sheet.Cell(1, c + 1);
            header.SetValue(ExportLayout.CleanText(columns[c].Header));
            header.Style.Font.Bold = true;
            header.Style.Fill.BackgroundColor = XLColor.FromHtml("#" + ExportFormats.HeaderFill);
        }

        sheet.SheetView.FreezeRows(1);
        sheet.TabSelected = workbook.Worksheets.Count == 1;
        return sheet;
    }

    private static void Finish(IXLWorksheet sheet, IReadOnlyList<ExportColumn> columns, long rows) =>
        sheet.Range(1, 1, (int)rows + 1, columns.Count).SetAutoFilter();

    // SetValue keeps a string as text: the Value setter would turn "000123" into the number 123.
    private static void SetCell(IXLCell cell, ExportCellKind kind, object value, int column, long row)
    {
        switch (kind)
        {
            case ExportCellKind.Text or ExportCellKind.Identifier:
                cell.SetValue(ExportLayout.Text(value, column, row));
                cell.DataType = XLDataType.Text;
                break;
            case ExportCellKind.Whole or ExportCellKind.Number:
                if (!ExportLayout.TryNumber(value, out var number, out _))
                {
                    throw ExportLayout.Mismatch(value, column, row, "a number");
                }

                if (value is decimal exact)
                {
                    cell.SetValue(exact);
                }
                else if (double.IsFinite(number))
                {
                    cell.SetValue(number);
                }

                break;
            case ExportCellKind.DateTime or ExportCellKind.Date:
                var at = value as DateTime? ?? throw ExportLayout.Mismatch(value, column, row, "a DateTime");
                cell.SetValue(kind == ExportCellKind.Date ? at.Date : at);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>
    /// Copies the package, rewriting each XML part from ClosedXML's prefixed form (&lt;x:worksheet xmlns:x="..."&gt;,
    /// &lt;ap:Properties&gt;) so that its root's namespace is the default one. Both are valid XML, but readers that match
    /// element names literally (exceljs among them) find no &lt;workbook&gt; or &lt;Properties&gt; in the prefixed form and fail.
    /// </summary>
    private static async Task WriteDefaultNamespaceAsync(Stream package, Stream target, CancellationToken ct)
    {
        using var source = new ZipArchive(package, ZipArchiveMode.Read);
        using (var copy = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                await using var input = entry.Open();
                await using var output = copy.CreateEntry(entry.FullName, CompressionLevel.Fastest).Open();
                if (entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                {
                    var document = await XDocument.LoadAsync(input, System.Xml.Linq.LoadOptions.None, ct);
                    UseDefaultNamespace(document);
                    await document.SaveAsync(output, System.Xml.Linq.SaveOptions.DisableFormatting, ct);
                }
                else
                {
                    await input.CopyToAsync(output, ct);
                }
            }
        }

        await target.FlushAsync(ct);
    }

    private static void UseDefaultNamespace(XDocument document)
    {
        if (document.Root is not { } root || root.Name.Namespace == XNamespace.None)
        {
            return;
        }

        var main = root.Name.NamespaceName;
        foreach (var element in root.DescendantsAndSelf())
        {
            element.Attributes().Where(a => a.IsNamespaceDeclaration && a.Value == main).Remove();
        }

        root.SetAttributeValue("xmlns", main);
    }
}
