namespace KooMessage.Console.Common.Exports;

/// <summary>How a column's values are written: Identifier is text even when all digits (phone numbers, codes, ids).</summary>
public enum ExportCellKind
{
    Text,
    Identifier,
    Whole,
    Number,
    DateTime,
    Date,
}

/// <summary>One column of an export: the header already in the requester's language, the width in Excel character units.</summary>
public sealed record ExportColumn(string Header, ExportCellKind Kind, double Width);

/// <summary>Writes one .xlsx workbook from a stream of rows; both implementations write the same layout.</summary>
public interface IExportWriter
{
    /// <summary>
    /// Writes one workbook to <paramref name="target"/> (any writable stream; it need not seek), reading
    /// <paramref name="rows"/> as they come. Each cell is a string (Text, Identifier), an int, long, decimal or double
    /// (Whole, Number), a DateTime already in the account's local time (DateTime, Date), or null for an empty cell.
    /// <paramref name="progress"/> is called with the rows written so far, every 1,000 rows. Returns the rows written.
    /// </summary>
    Task<long> WriteAsync(
        Stream target,
        string sheetName,
        IReadOnlyList<ExportColumn> columns,
        IAsyncEnumerable<object?[]> rows,
        Func<long, ValueTask>? progress,
        CancellationToken ct);
}
