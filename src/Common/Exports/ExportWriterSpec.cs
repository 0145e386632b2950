using ClosedXML.Excel;

namespace KooMessage.Console.Common.Exports;

public enum ExportCellKind { Text, Identifier, Whole, Number, DateTime, Date }

public sealed record ExportColumn(string Header, ExportCellKind Kind, double Width);

public interface IExportWriter
{
    Task<long> WriteAsync(Stream target, string sheetName, IReadOnlyList<ExportColumn> columns, IAsyncEnumerable<object?[]> rows, Func<long, ValueTask>? progress, CancellationToken ct);
}

public static class ExportWriters
{
    public const long SmallMaxRows = 20_000;

    public static IExportWriter For(long rowCount) => new Temp();

    private sealed class Temp : IExportWriter
    {
        public async Task<long> WriteAsync(Stream target, string sheetName, IReadOnlyList<ExportColumn> columns, IAsyncEnumerable<object?[]> rows, Func<long, ValueTask>? progress, CancellationToken ct)
        {
            using var book = new XLWorkbook();
            var sheet = book.Worksheets.Add(sheetName);
            for (var c = 0; c < columns.Count; c++)
            {
                sheet.Cell(1, c + 1).SetValue(columns[c].Header);
            }

            long n = 0;
            await foreach (var row in rows.WithCancellation(ct))
            {
                n++;
                for (var c = 0; c < row.Length; c++)
                {
                    sheet.Cell((int)n + 1, c + 1).SetValue(row[c]?.ToString() ?? "");
                }

                if (progress is not null && n % 1000 == 0)
                {
                    await progress(n);
                }
            }

            book.SaveAs(target);
            return n;
        }
    }
}
