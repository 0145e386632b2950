using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace KooMessage.Console.Common.Exports;

/// <summary>
/// Writes large exports row by row straight into the .xlsx package (a zip of SpreadsheetML parts written with
/// <see cref="XmlWriter"/> in the default namespace, strings inline, so memory stays flat whatever the row count).
/// The first sheet's rows go through a temporary file: only after the last of them is read is it known whether the
/// result continues on a second sheet, which the first sheet's header row has to say.
/// </summary>
public sealed class StreamingExportWriter(string? splitNote = null) : IExportWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string HeaderStyle = "1";
    private const string DateTimeStyle = "2";
    private const string DateStyle = "3";
    private const string IdentifierStyle = "4";

    private static readonly XmlWriterSettings PartSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        CheckCharacters = false,
        CloseOutput = false,
    };

    private static readonly XmlWriterSettings FragmentSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        CheckCharacters = false,
        CloseOutput = false,
        ConformanceLevel = ConformanceLevel.Fragment,
    };

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
        var letters = Enumerable.Range(0, columns.Count + ExportLayout.NoteColumnGap).Select(ExportLayout.ColumnName).ToArray();
        var sheetRows = new List<long>();
        await using var feed = new Feed(rows.GetAsyncEnumerator(ct), progress);
        await feed.MoveAsync();
        using (var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var body = new FileStream(
                Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose))
            {
                using (var writer = XmlWriter.Create(body, FragmentSettings))
                {
                    sheetRows.Add(await WriteRowsAsync(writer, feed, columns, letters));
                }

                body.Position = 0;
                var note = feed.HasCurrent ? splitNote ?? ExportLayout.DefaultSplitNote : null;
                WriteFirstSheet(zip, columns, letters, note, sheetRows[0], body);
            }

            while (feed.HasCurrent)
            {
                var entry = zip.CreateEntry($"xl/worksheets/sheet{sheetRows.Count + 1}.xml", CompressionLevel.Fastest);
                await using var stream = entry.Open();
                using var writer = XmlWriter.Create(stream, PartSettings);
                WriteSheetStart(writer, columns, letters, first: false, null);
                var count = await WriteRowsAsync(writer, feed, columns, letters);
                WriteSheetEnd(writer, columns, letters, count);
                sheetRows.Add(count);
            }

            var names = Enumerable.Range(1, sheetRows.Count).Select(n => ExportLayout.SheetName(sheetName, n)).ToList();
            WritePackageParts(zip, names, sheetRows, letters[columns.Count - 1]);
        }

        await target.FlushAsync(ct);
        return feed.Written;
    }

    private static void WriteFirstSheet(ZipArchive zip, IReadOnlyList<ExportColumn> columns, string[] letters, string? note, long count, Stream body)
    {
        var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
        using var stream = entry.Open();
        using var writer = XmlWriter.Create(stream, PartSettings);
        WriteSheetStart(writer, columns, letters, first: true, note);
        writer.Flush();
        body.CopyTo(stream);
        WriteSheetEnd(writer, columns, letters, count);
    }

    /// <summary>Only the first sheet is selected: Excel groups all selected sheets, and typing then edits them all.</summary>
    private static void WriteSheetStart(XmlWriter w, IReadOnlyList<ExportColumn> columns, string[] letters, bool first, string? note)
    {
        w.WriteStartDocument(true);
        w.WriteStartElement("worksheet", Main);
        w.WriteAttributeString("xmlns", "r", null, Relationships);
        w.WriteStartElement("sheetViews");
        w.WriteStartElement("sheetView");
        if (first)
        {
            w.WriteAttributeString("tabSelected", "1");
        }

        w.WriteAttributeString("workbookViewId", "0");
        w.WriteStartElement("pane");
        w.WriteAttributeString("ySplit", "1");
        w.WriteAttributeString("topLeftCell", "A2");
        w.WriteAttributeString("activePane", "bottomLeft");
        w.WriteAttributeString("state", "frozen");
        w.WriteEndElement();
        w.WriteStartElement("selection");
        w.WriteAttributeString("pane", "bottomLeft");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("cols");
        for (var c = 0; c < columns.Count; c++)
        {
            var index = (c + 1).ToString(CultureInfo.InvariantCulture);
            w.WriteStartElement("col");
            w.WriteAttributeString("min", index);
            w.WriteAttributeString("max", index);
            w.WriteAttributeString("width", ExportLayout.StoredWidth(columns[c].Width).ToString("R", CultureInfo.InvariantCulture));
            w.WriteAttributeString("customWidth", "1");
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteStartElement("sheetData");
        w.WriteStartElement("row");
        w.WriteAttributeString("r", "1");
        for (var c = 0; c < columns.Count; c++)
        {
            WriteText(w, letters[c], "1", ExportLayout.CleanText(columns[c].Header), HeaderStyle);
        }

        if (note is not null)
        {
            WriteText(w, letters[columns.Count + ExportLayout.NoteColumnGap - 1], "1", ExportLayout.CleanText(note), null);
        }

        w.WriteEndElement();
    }

    private static void WriteSheetEnd(XmlWriter w, IReadOnlyList<ExportColumn> columns, string[] letters, long count)
    {
        w.WriteEndElement();
        w.WriteStartElement("autoFilter");
        w.WriteAttributeString("ref", FilterRange(letters[columns.Count - 1], count));
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static string FilterRange(string lastColumn, long count) =>
        string.Create(CultureInfo.InvariantCulture, $"A1:{lastColumn}{count + 1}");

    /// <summary>Writes rows from <paramref name="feed"/> until it ends or the sheet is full; returns the rows written.</summary>
    private async Task<long> WriteRowsAsync(XmlWriter w, Feed feed, IReadOnlyList<ExportColumn> columns, string[] letters)
    {
        long count = 0;
        while (feed.HasCurrent && count < RowsPerSheet)
        {
            count++;
            var values = feed.Current;
            if (values.Length != columns.Count)
            {
                throw new InvalidOperationException($"Export row {feed.Written + 1} has {values.Length} values for {columns.Count} columns.");
            }

            var rowNumber = (count + 1).ToString(CultureInfo.InvariantCulture);
            w.WriteStartElement("row");
            w.WriteAttributeString("r", rowNumber);
            for (var c = 0; c < values.Length; c++)
            {
                if (values[c] is { } value)
                {
                    WriteCell(w, letters[c], rowNumber, columns[c].Kind, value, c, feed.Written + 1);
                }
            }

            w.WriteEndElement();
            await feed.AdvanceAsync();
        }

        return count;
    }

    private static void WriteCell(XmlWriter w, string letter, string rowNumber, ExportCellKind kind, object value, int column, long row)
    {
        switch (kind)
        {
            case ExportCellKind.Text:
                WriteText(w, letter, rowNumber, ExportLayout.Text(value, column, row), null);
                break;
            case ExportCellKind.Identifier:
                WriteText(w, letter, rowNumber, ExportLayout.Text(value, column, row), IdentifierStyle);
                break;
            case ExportCellKind.Whole or ExportCellKind.Number:
                if (!ExportLayout.TryNumber(value, out var number, out var invariant))
                {
                    throw ExportLayout.Mismatch(value, column, row, "a number");
                }

                if (double.IsFinite(number))
                {
                    WriteValue(w, letter, rowNumber, invariant, null);
                }

                break;
            case ExportCellKind.DateTime or ExportCellKind.Date:
                var at = value as DateTime? ?? throw ExportLayout.Mismatch(value, column, row, "a DateTime");
                var date = kind == ExportCellKind.Date;
                var serial = (date ? at.Date : at).ToOADate();
                WriteValue(w, letter, rowNumber, serial.ToString("R", CultureInfo.InvariantCulture), date ? DateStyle : DateTimeStyle);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static void WriteCellStart(XmlWriter w, string letter, string rowNumber, string? style)
    {
        w.WriteStartElement("c");
        w.WriteStartAttribute("r");
        w.WriteString(letter);
        w.WriteString(rowNumber);
        w.WriteEndAttribute();
        if (style is not null)
        {
            w.WriteAttributeString("s", style);
        }
    }

    /// <summary>An inline string: never a formula, whatever its first character, and never converted to a number.</summary>
    private static void WriteText(XmlWriter w, string letter, string rowNumber, string text, string? style)
    {
        WriteCellStart(w, letter, rowNumber, style);
        w.WriteAttributeString("t", "inlineStr");
        w.WriteStartElement("is");
        w.WriteStartElement("t");
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
        {
            w.WriteAttributeString("xml", "space", null, "preserve");
        }

        w.WriteString(text);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteValue(XmlWriter w, string letter, string rowNumber, string invariant, string? style)
    {
        WriteCellStart(w, letter, rowNumber, style);
        w.WriteStartElement("v");
        w.WriteString(invariant);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WritePackageParts(ZipArchive zip, List<string> names, List<long> sheetRows, string lastColumn)
    {
        WritePart(zip, "xl/styles.xml", WriteStyles);
        WritePart(zip, "xl/workbook.xml", w =>
        {
            w.WriteStartElement("workbook", Main);
            w.WriteAttributeString("xmlns", "r", null, Relationships);
            w.WriteStartElement("sheets");
            for (var i = 0; i < names.Count; i++)
            {
                w.WriteStartElement("sheet");
                w.WriteAttributeString("name", names[i]);
                w.WriteAttributeString("sheetId", (i + 1).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("id", Relationships, $"rId{i + 1}");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteStartElement("definedNames");
            for (var i = 0; i < names.Count; i++)
            {
                var range = FilterRange(lastColumn, sheetRows[i]).Split(':');
                w.WriteStartElement("definedName");
                w.WriteAttributeString("name", "_xlnm._FilterDatabase");
                w.WriteAttributeString("localSheetId", i.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("hidden", "1");
                w.WriteString($"'{names[i].Replace("'", "''", StringComparison.Ordinal)}'!{Absolute(range[0])}:{Absolute(range[1])}");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        });
        WritePart(zip, "xl/_rels/workbook.xml.rels", w =>
        {
            w.WriteStartElement("Relationships", PackageRelationships);
            for (var i = 0; i < names.Count; i++)
            {
                WriteRelationship(w, $"rId{i + 1}", "worksheet", $"worksheets/sheet{i + 1}.xml");
            }

            WriteRelationship(w, $"rId{names.Count + 1}", "styles", "styles.xml");
            w.WriteEndElement();
        });
        WritePart(zip, "_rels/.rels", w =>
        {
            w.WriteStartElement("Relationships", PackageRelationships);
            WriteRelationship(w, "rId1", "officeDocument", "xl/workbook.xml");
            w.WriteEndElement();
        });
        WritePart(zip, "[Content_Types].xml", w =>
        {
            const string Types = "http://schemas.openxmlformats.org/package/2006/content-types";
            w.WriteStartElement("Types", Types);
            w.WriteStartElement("Default");
            w.WriteAttributeString("Extension", "rels");
            w.WriteAttributeString("ContentType", "application/vnd.openxmlformats-package.relationships+xml");
            w.WriteEndElement();
            w.WriteStartElement("Default");
            w.WriteAttributeString("Extension", "xml");
            w.WriteAttributeString("ContentType", "application/xml");
            w.WriteEndElement();
            WriteOverride(w, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
            WriteOverride(w, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
            for (var i = 0; i < names.Count; i++)
            {
                WriteOverride(w, $"/xl/worksheets/sheet{i + 1}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
            }

            w.WriteEndElement();
        });
    }

    private static string Absolute(string cell)
    {
        var digits = cell.AsSpan().IndexOfAnyInRange('0', '9');
        return $"${cell[..digits]}${cell[digits..]}";
    }

    private static void WriteRelationship(XmlWriter w, string id, string type, string target)
    {
        w.WriteStartElement("Relationship");
        w.WriteAttributeString("Id", id);
        w.WriteAttributeString("Type", $"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{type}");
        w.WriteAttributeString("Target", target);
        w.WriteEndElement();
    }

    private static void WriteOverride(XmlWriter w, string part, string contentType)
    {
        w.WriteStartElement("Override");
        w.WriteAttributeString("PartName", part);
        w.WriteAttributeString("ContentType", contentType);
        w.WriteEndElement();
    }

    private static void WritePart(ZipArchive zip, string path, Action<XmlWriter> write)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        using var writer = XmlWriter.Create(stream, PartSettings);
        writer.WriteStartDocument(true);
        write(writer);
        writer.WriteEndDocument();
    }

    /// <summary>Styles: 0 normal, 1 header (bold, filled), 2 date and time, 3 date, 4 text ("@", for identifiers).</summary>
    private static void WriteStyles(XmlWriter w)
    {
        w.WriteStartElement("styleSheet", Main);
        w.WriteStartElement("numFmts");
        w.WriteAttributeString("count", "2");
        WriteNumberFormat(w, ExportFormats.DateTimeFormatId, ExportFormats.DateTime);
        WriteNumberFormat(w, ExportFormats.DateFormatId, ExportFormats.Date);
        w.WriteEndElement();
        w.WriteStartElement("fonts");
        w.WriteAttributeString("count", "2");
        WriteFont(w, bold: false);
        WriteFont(w, bold: true);
        w.WriteEndElement();
        w.WriteStartElement("fills");
        w.WriteAttributeString("count", "3");
        WriteFill(w, "none", null);
        WriteFill(w, "gray125", null);
        WriteFill(w, "solid", ExportFormats.HeaderFill);
        w.WriteEndElement();
        w.WriteStartElement("borders");
        w.WriteAttributeString("count", "1");
        w.WriteStartElement("border");
        w.WriteElementString("left", "");
        w.WriteElementString("right", "");
        w.WriteElementString("top", "");
        w.WriteElementString("bottom", "");
        w.WriteElementString("diagonal", "");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("cellStyleXfs");
        w.WriteAttributeString("count", "1");
        WriteXf(w, "0", "0", "0", inStyle: false);
        w.WriteEndElement();
        w.WriteStartElement("cellXfs");
        w.WriteAttributeString("count", "5");
        WriteXf(w, "0", "0", "0", inStyle: true);
        WriteXf(w, "0", "1", "2", inStyle: true);
        WriteXf(w, ExportFormats.DateTimeFormatId.ToString(CultureInfo.InvariantCulture), "0", "0", inStyle: true);
        WriteXf(w, ExportFormats.DateFormatId.ToString(CultureInfo.InvariantCulture), "0", "0", inStyle: true);
        WriteXf(w, ExportFormats.TextFormatId.ToString(CultureInfo.InvariantCulture), "0", "0", inStyle: true);
        w.WriteEndElement();
        w.WriteStartElement("cellStyles");
        w.WriteAttributeString("count", "1");
        w.WriteStartElement("cellStyle");
        w.WriteAttributeString("name", "Normal");
        w.WriteAttributeString("xfId", "0");
        w.WriteAttributeString("builtinId", "0");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteNumberFormat(XmlWriter w, int id, string code)
    {
        w.WriteStartElement("numFmt");
        w.WriteAttributeString("numFmtId", id.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("formatCode", code);
        w.WriteEndElement();
    }

    private static void WriteFont(XmlWriter w, bool bold)
    {
        w.WriteStartElement("font");
        if (bold)
        {
            w.WriteElementString("b", "");
        }

        w.WriteStartElement("sz");
        w.WriteAttributeString("val", "11");
        w.WriteEndElement();
        w.WriteStartElement("name");
        w.WriteAttributeString("val", "Calibri");
        w.WriteEndElement();
        w.WriteStartElement("family");
        w.WriteAttributeString("val", "2");
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteFill(XmlWriter w, string pattern, string? rgb)
    {
        w.WriteStartElement("fill");
        w.WriteStartElement("patternFill");
        w.WriteAttributeString("patternType", pattern);
        if (rgb is not null)
        {
            w.WriteStartElement("fgColor");
            w.WriteAttributeString("rgb", "FF" + rgb);
            w.WriteEndElement();
            w.WriteStartElement("bgColor");
            w.WriteAttributeString("indexed", "64");
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteXf(XmlWriter w, string numFmtId, string fontId, string fillId, bool inStyle)
    {
        w.WriteStartElement("xf");
        w.WriteAttributeString("numFmtId", numFmtId);
        w.WriteAttributeString("fontId", fontId);
        w.WriteAttributeString("fillId", fillId);
        w.WriteAttributeString("borderId", "0");
        if (inStyle)
        {
            w.WriteAttributeString("xfId", "0");
            if (numFmtId != "0")
            {
                w.WriteAttributeString("applyNumberFormat", "1");
            }

            if (fontId != "0")
            {
                w.WriteAttributeString("applyFont", "1");
            }

            if (fillId != "0")
            {
                w.WriteAttributeString("applyFill", "1");
            }
        }

        w.WriteEndElement();
    }

    /// <summary>The row source with one row of look-ahead, so a full sheet knows whether another one follows.</summary>
    private sealed class Feed(IAsyncEnumerator<object?[]> rows, Func<long, ValueTask>? progress) : IAsyncDisposable
    {
        public bool HasCurrent { get; private set; }

        public object?[] Current => rows.Current;

        public long Written { get; private set; }

        public async ValueTask MoveAsync() => HasCurrent = await rows.MoveNextAsync();

        /// <summary>Counts the current row as written, reports progress every 1,000 rows, and reads the next one.</summary>
        public async ValueTask AdvanceAsync()
        {
            Written++;
            if (progress is not null && Written % ExportLayout.ProgressEvery == 0)
            {
                await progress(Written);
            }

            await MoveAsync();
        }

        public ValueTask DisposeAsync() => rows.DisposeAsync();
    }
}
