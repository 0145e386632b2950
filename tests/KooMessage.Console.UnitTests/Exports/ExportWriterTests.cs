using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using KooMessage.Console.Common.Exports;

namespace KooMessage.Console.UnitTests.Exports;

/// <summary>Every workbook both writers produce, read back by ClosedXML and by exceljs.</summary>
public sealed class ExportWriterTests : IDisposable
{
    private static readonly ExportColumn[] Columns =
    [
        new("签名", ExportCellKind.Text, 20),
        new("手机号", ExportCellKind.Identifier, 16),
        new("条数", ExportCellKind.Whole, 8),
        new("金额", ExportCellKind.Number, 10.5),
        new("提交时间", ExportCellKind.DateTime, 19),
        new("日期", ExportCellKind.Date, 12),
    ];

    private static readonly DateTime At = new(2026, 3, 14, 9, 26, 53);

    private readonly string folder = Directory.CreateTempSubdirectory("km-export-").FullName;

    public static TheoryData<string> Writers => ["closedxml", "streaming"];

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static IExportWriter Writer(string name, long rowsPerSheet = 1_048_575, string? note = null) => name switch
    {
        "closedxml" => new ClosedXmlExportWriter(note) { RowsPerSheet = rowsPerSheet },
        "streaming" => new StreamingExportWriter(note) { RowsPerSheet = rowsPerSheet },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private async Task<(string File, long Written)> WriteAsync(IExportWriter writer, IEnumerable<object?[]> rows, string sheet = "签名", Func<long, ValueTask>? progress = null)
    {
        var file = Path.Combine(folder, $"{Guid.NewGuid():N}.xlsx");
        await using var stream = new FileStream(file, FileMode.CreateNew);
        var written = await writer.WriteAsync(stream, sheet, Columns, rows.ToAsyncEnumerable(), progress, CancellationToken.None);
        return (file, written);
    }

    private static IEnumerable<object?[]> Numbered(int count) =>
        Enumerable.Range(1, count).Select(i => new object?[] { $"行{i}", $"1380013{i:D4}", i, i * 1.5m, At.AddMinutes(i), At.AddDays(i) });

    private static List<string> SheetXml(string file)
    {
        using var zip = ZipFile.OpenRead(file);
        return zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal))
            .Select(e =>
            {
                using var reader = new StreamReader(e.Open());
                return reader.ReadToEnd();
            })
            .ToList();
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_MixedRow_EachReaderSeesTypedCells(string name)
    {
        object?[] row = ["【甲公司】", "13800138000", 42L, 12.34m, At, At];
        object?[] leadingZeros = [" 前后空格 ", "000123", 7, 0.5d, null, null];

        var (file, written) = await WriteAsync(Writer(name), [row, leadingZeros]);

        Assert.Equal(2, written);
        using (var workbook = new XLWorkbook(file))
        {
            var sheet = workbook.Worksheet(1);
            Assert.Equal("签名", sheet.Name);
            Assert.Equal(["签名", "手机号", "条数", "金额", "提交时间", "日期"], Enumerable.Range(1, 6).Select(c => sheet.Cell(1, c).GetString()));
            Assert.Equal(XLDataType.Text, sheet.Cell(2, 1).DataType);
            Assert.Equal("【甲公司】", sheet.Cell(2, 1).GetString());
            Assert.Equal(XLDataType.Text, sheet.Cell(2, 2).DataType);
            Assert.Equal("13800138000", sheet.Cell(2, 2).GetString());
            Assert.Equal(XLDataType.Number, sheet.Cell(2, 3).DataType);
            Assert.Equal(42d, sheet.Cell(2, 3).GetDouble());
            Assert.Equal(12.34d, sheet.Cell(2, 4).GetDouble());
            Assert.Equal(XLDataType.DateTime, sheet.Cell(2, 5).DataType);
            Assert.Equal(At, sheet.Cell(2, 5).GetDateTime());
            Assert.Equal(At.Date, sheet.Cell(2, 6).GetDateTime());
            Assert.Equal(" 前后空格 ", sheet.Cell(3, 1).GetString());
            Assert.Equal(XLDataType.Text, sheet.Cell(3, 2).DataType);
            Assert.Equal("000123", sheet.Cell(3, 2).GetString());
            Assert.True(sheet.Cell(3, 5).IsEmpty());
            Assert.Equal(3, sheet.LastRowUsed().RowNumber());
        }

        var read = (await ExcelJs.ReadAsync(file)).Sheet(0);
        Assert.Equal("签名", read.GetProperty("name").GetString());
        Assert.Equal(3, read.GetProperty("rowCount").GetInt32());
        Assert.Equal(("String", "13800138000"), (read.Cell(2, 2).Type(), read.Cell(2, 2).GetProperty("value").GetString()));
        Assert.Equal(("String", "000123"), (read.Cell(3, 2).Type(), read.Cell(3, 2).GetProperty("value").GetString()));
        Assert.Equal(("Number", 42d), (read.Cell(2, 3).Type(), read.Cell(2, 3).GetProperty("value").GetDouble()));
        Assert.Equal(("Number", 12.34d), (read.Cell(2, 4).Type(), read.Cell(2, 4).GetProperty("value").GetDouble()));
        Assert.Equal(("Date", "2026-03-14T09:26:53.000"), (read.Cell(2, 5).Type(), read.Cell(2, 5).GetProperty("value").GetString()));
        Assert.Equal("yyyy-mm-dd hh:mm:ss", read.Cell(2, 5).GetProperty("numFmt").GetString());
        Assert.Equal(("Date", "2026-03-14T00:00:00.000"), (read.Cell(2, 6).Type(), read.Cell(2, 6).GetProperty("value").GetString()));
        Assert.Equal("yyyy-mm-dd", read.Cell(2, 6).GetProperty("numFmt").GetString());
        Assert.Equal(("String", " 前后空格 "), (read.Cell(3, 1).Type(), read.Cell(3, 1).GetProperty("value").GetString()));
        Assert.Equal("Null", read.Cell(3, 5).Type());
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_TextLikeFormula_StaysText(string name)
    {
        string[] formulas = ["=1+1", "+1", "-1", "@SUM(A1)", "=HYPERLINK(\"http://x\")"];
        var rows = formulas.Select(f => new object?[] { f, f, 1, 1d, At, At });

        var (file, _) = await WriteAsync(Writer(name), rows);

        Assert.All(SheetXml(file), xml => Assert.DoesNotMatch("<(\\w+:)?f[ >]", xml));
        using (var workbook = new XLWorkbook(file))
        {
            var sheet = workbook.Worksheet(1);
            for (var i = 0; i < formulas.Length; i++)
            {
                Assert.False(sheet.Cell(i + 2, 1).HasFormula);
                Assert.Equal(formulas[i], sheet.Cell(i + 2, 1).GetString());
                Assert.Equal(formulas[i], sheet.Cell(i + 2, 2).GetString());
            }
        }

        var read = (await ExcelJs.ReadAsync(file)).Sheet(0);
        for (var i = 0; i < formulas.Length; i++)
        {
            Assert.Equal(("String", formulas[i]), (read.Cell(i + 2, 1).Type(), read.Cell(i + 2, 1).GetProperty("value").GetString()));
            Assert.Equal(("String", formulas[i]), (read.Cell(i + 2, 2).Type(), read.Cell(i + 2, 2).GetProperty("value").GetString()));
        }
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_AnyResult_HeaderBoldFrozenFilteredAndWidthsSet(string name)
    {
        var (file, _) = await WriteAsync(Writer(name), Numbered(3));

        using (var workbook = new XLWorkbook(file))
        {
            var sheet = workbook.Worksheet(1);
            Assert.Equal(1, sheet.SheetView.SplitRow);
            Assert.True(sheet.AutoFilter.IsEnabled);
            Assert.Equal("A1:F4", sheet.AutoFilter.Range.RangeAddress.ToString());
            Assert.All(Enumerable.Range(1, 6), c => Assert.True(sheet.Cell(1, c).Style.Font.Bold));
            Assert.False(sheet.Cell(2, 1).Style.Font.Bold);
            Assert.Equal(Columns.Select(c => c.Width), Enumerable.Range(1, 6).Select(c => Math.Round(sheet.Column(c).Width, 1)));
        }

        var read = (await ExcelJs.ReadAsync(file)).Sheet(0);
        Assert.Equal(1, read.GetProperty("frozenRows").GetInt32());
        Assert.Equal("A1:F4", read.GetProperty("autoFilter").GetString());
        Assert.True(read.GetProperty("rows")[0].GetProperty("bold").GetBoolean());
        Assert.False(read.GetProperty("rows")[1].GetProperty("bold").GetBoolean());
        var widths = read.GetProperty("widths").EnumerateArray().Select(w => w.GetDouble()).ToList();
        Assert.All(Columns.Zip(widths), pair => Assert.InRange(pair.Second - pair.First.Width, 0.5, 0.8));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_MoreRowsThanASheetHolds_ContinuesOnNumberedSheetsAndSaysSo(string name)
    {
        var (file, written) = await WriteAsync(Writer(name, rowsPerSheet: 10, note: "续见后续工作表"), Numbered(25));

        Assert.Equal(25, written);
        using (var workbook = new XLWorkbook(file))
        {
            Assert.Equal(["签名", "签名 (2)", "签名 (3)"], workbook.Worksheets.Select(s => s.Name));
            Assert.Equal([11, 11, 6], workbook.Worksheets.Select(s => s.LastRowUsed().RowNumber()));
            Assert.Equal("续见后续工作表", workbook.Worksheet(1).Cell(1, 8).GetString());
            Assert.True(workbook.Worksheet(2).Cell(1, 8).IsEmpty());
            Assert.Equal("行10", workbook.Worksheet(1).Cell(11, 1).GetString());
            Assert.Equal("行11", workbook.Worksheet(2).Cell(2, 1).GetString());
            Assert.Equal("行25", workbook.Worksheet(3).Cell(6, 1).GetString());
            Assert.All(workbook.Worksheets, s => Assert.Equal("手机号", s.Cell(1, 2).GetString()));
            Assert.All(workbook.Worksheets, s => Assert.Equal(1, s.SheetView.SplitRow));
            Assert.Equal([true, false, false], workbook.Worksheets.Select(s => s.TabSelected));
        }

        var sheets = (await ExcelJs.ReadAsync(file)).GetProperty("sheets").EnumerateArray().ToList();
        Assert.Equal(["签名", "签名 (2)", "签名 (3)"], sheets.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal([11, 11, 6], sheets.Select(s => s.GetProperty("rowCount").GetInt32()));
        Assert.Equal(["A1:F11", "A1:F11", "A1:F6"], sheets.Select(s => s.GetProperty("autoFilter").GetString()));
        Assert.Equal("续见后续工作表", sheets[0].Cell(1, 8).GetProperty("value").GetString());
        Assert.Equal(6, sheets[1].GetProperty("rows")[0].GetProperty("cells").GetArrayLength());
        Assert.Equal("行25", sheets[2].GetProperty("lastRow").GetProperty("cells")[0].GetProperty("value").GetString());
        Assert.Equal("13800130025", sheets[2].GetProperty("lastRow").GetProperty("cells")[1].GetProperty("value").GetString());
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_SplitWorkbook_ValidAgainstTheOpenXmlSchema(string name)
    {
        var rows = Numbered(12).Append(["=1+1", "000123", null, null, null, null]);

        var (file, _) = await WriteAsync(Writer(name, rowsPerSheet: 10), rows);

        using var document = SpreadsheetDocument.Open(file, isEditable: false);
        Assert.Equal(2, document.WorkbookPart!.WorksheetParts.Count());
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_ExactlyASheetFull_OneSheetWithoutNote(string name)
    {
        var (file, _) = await WriteAsync(Writer(name, rowsPerSheet: 10), Numbered(10));

        using var workbook = new XLWorkbook(file);
        Assert.Single(workbook.Worksheets);
        Assert.Equal(6, workbook.Worksheet(1).LastColumnUsed().ColumnNumber());
        Assert.Equal(11, workbook.Worksheet(1).LastRowUsed().RowNumber());
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_NoRows_HeaderOnly(string name)
    {
        var (file, written) = await WriteAsync(Writer(name), []);

        Assert.Equal(0, written);
        var read = (await ExcelJs.ReadAsync(file)).Sheet(0);
        Assert.Equal(1, read.GetProperty("rowCount").GetInt32());
        Assert.Equal("签名", read.Cell(1, 1).GetProperty("value").GetString());
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_ThousandsOfRows_ReportsProgressEveryThousand(string name)
    {
        var reported = new List<long>();

        var (_, written) = await WriteAsync(Writer(name), Numbered(2_500), progress: n =>
        {
            reported.Add(n);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(2_500, written);
        Assert.Equal([1_000, 2_000], reported);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_NonSeekableTarget_ReadableWorkbook(string name)
    {
        var file = Path.Combine(folder, "forward-only.xlsx");
        await using (var stream = new ForwardOnlyStream(new FileStream(file, FileMode.CreateNew)))
        {
            await Writer(name).WriteAsync(stream, "签名", Columns, Numbered(5).ToAsyncEnumerable(), null, CancellationToken.None);
        }

        var read = (await ExcelJs.ReadAsync(file)).Sheet(0);
        Assert.Equal(6, read.GetProperty("rowCount").GetInt32());
        using var workbook = new XLWorkbook(file);
        Assert.Equal("行5", workbook.Worksheet(1).Cell(6, 1).GetString());
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_NameExcelForbids_ValidSheetNames(string name)
    {
        var (file, _) = await WriteAsync(Writer(name, rowsPerSheet: 1), Numbered(2), sheet: "签名/短信:[2026]*报表?\\一个非常非常非常非常长的名字");

        var names = (await ExcelJs.ReadAsync(file)).GetProperty("sheets").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
        Assert.Equal(["签名_短信__2026__报表__一个非常非常非常非常长的名字", "签名_短信__2026__报表__一个非常非常非常非常 (2)"], names);
        Assert.All(names, n => Assert.True(n.Length <= 31 && n.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\']) < 0, n));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_ValueOfWrongType_Throws(string name)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(Writer(name), [["a", 13800138000L, 1, 1d, At, At]]));

        Assert.Contains("column 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task WriteAsync_Cancelled_StopsReadingRows(string name)
    {
        using var cancel = new CancellationTokenSource();
        await using var stream = new FileStream(Path.Combine(folder, "cancelled.xlsx"), FileMode.CreateNew);
        var read = 0;

        async IAsyncEnumerable<object?[]> RowsAsync([EnumeratorCancellation] CancellationToken ct = default)
        {
            foreach (var row in Numbered(1_000))
            {
                ct.ThrowIfCancellationRequested();
                if (++read == 50)
                {
                    await cancel.CancelAsync();
                }

                yield return row;
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Writer(name).WriteAsync(stream, "签名", Columns, RowsAsync(), null, cancel.Token));
        Assert.Equal(50, read);
    }

    [Fact]
    public void For_RowCount_ClosedXmlUpToSmallMaxRowsThenStreaming()
    {
        Assert.IsType<ClosedXmlExportWriter>(ExportWriters.For(0));
        Assert.IsType<ClosedXmlExportWriter>(ExportWriters.For(ExportWriters.SmallMaxRows));
        Assert.IsType<StreamingExportWriter>(ExportWriters.For(ExportWriters.SmallMaxRows + 1));
    }

    [Fact]
    public async Task WriteAsync_ClosedXml_PartsUseTheDefaultNamespace()
    {
        var (file, _) = await WriteAsync(Writer("closedxml"), Numbered(1));

        using var zip = ZipFile.OpenRead(file);
        Assert.All(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)), e =>
        {
            using var reader = new StreamReader(e.Open());
            Assert.DoesNotContain("<x:", reader.ReadToEnd(), StringComparison.Ordinal);
        });
    }

    /// <summary>A stream that can only be written forwards, as an HTTP response body is.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
