namespace KooMessage.Console.Common.Exports;

/// <summary>The one place that chooses how an export is written, by the number of rows it will have.</summary>
public static class ExportWriters
{
    /// <summary>
    /// Up to this many rows an export is styled by ClosedXML in memory; above it, rows stream to the file. Measured
    /// (README, performance figures): at 100,000 rows ClosedXML takes 10 times as long as the streaming writer and
    /// peaks at 1.3 GB against 77 MB, about 12 KB per row; at 10,000 rows its peak is about 200 MB, the most one export
    /// should hold on a shared 2-core server.
    /// </summary>
    public const long SmallMaxRows = 10_000;

    /// <summary>The writer for an export of <paramref name="rowCount"/> rows; <paramref name="splitNote"/> is the text
    /// the first sheet shows when more rows than one sheet holds continue on further sheets (a default when null).</summary>
    public static IExportWriter For(long rowCount, string? splitNote = null) => rowCount <= SmallMaxRows
        ? new ClosedXmlExportWriter(splitNote)
        : new StreamingExportWriter(splitNote);
}
