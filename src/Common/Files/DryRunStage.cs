namespace KooMessage.Console.Common.Files;

/// <summary>
/// Where the dry runs of one area (bulk links, send tasks, channel-number imports) keep a stage: the upload while it
/// is read, the valid rows the job takes later, the per-row report and a summary, in a private folder per account
/// under the data folder. A stage's files older than <see cref="Kept"/> go when the account's next dry run of the area
/// starts.
/// </summary>
public sealed class DryRunStage(string area)
{
    public static readonly TimeSpan Kept = TimeSpan.FromDays(8);

    private const int BufferSize = 81920;

    public string Folder(ConsoleOptions options, Guid accountId) =>
        PrivateFolder.Create(Path.Combine(PrivateFolder.Create(Path.Combine(PrivateFolder.Create(options.DataFolder), area)), accountId.ToString("N")));

    public string UploadPath(ConsoleOptions options, Guid accountId, Guid stage) => Path.Combine(Folder(options, accountId), $"{stage:N}.upload");

    public string RowsPath(ConsoleOptions options, Guid accountId, Guid stage) => Path.Combine(Folder(options, accountId), $"{stage:N}.rows");

    public string InfoPath(ConsoleOptions options, Guid accountId, Guid stage) => Path.Combine(Folder(options, accountId), $"{stage:N}.json");

    public string ReportPath(ConsoleOptions options, Guid accountId, Guid stage) => Path.Combine(Folder(options, accountId), $"{stage:N}.report.csv");

    /// <summary>Removes the account's stage files of this area last written before <paramref name="now"/> − <see cref="Kept"/>.</summary>
    public void RemoveOld(ConsoleOptions options, Guid accountId, DateTime now)
    {
        var oldest = now - Kept;
        foreach (var path in Directory.EnumerateFiles(Folder(options, accountId)).Where(p => File.GetLastWriteTimeUtc(p) < oldest))
        {
            File.Delete(path);
        }
    }

    /// <summary>Copies an upload to <paramref name="path"/> (a new file); false as soon as it passes <paramref name="maxBytes"/> (the caller deletes what was written).</summary>
    public static async Task<bool> CopyUploadAsync(Stream content, string path, long maxBytes, CancellationToken ct)
    {
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        var buffer = new byte[BufferSize];
        int read;
        long size = 0;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > maxBytes)
            {
                return false;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return true;
    }

    /// <summary>One line of a per-row report.</summary>
    public static void WriteCsvLine(StreamWriter writer, IEnumerable<string> cells) => writer.WriteLine(string.Join(',', cells.Select(CsvCell)));

    /// <summary>
    /// One cell of a report: quoted when it holds a comma, quote or line break; and a text the uploader typed that a
    /// spreadsheet would run as a formula (=, +, -, @, tab, return first) starts with an apostrophe, so it opens as text.
    /// </summary>
    public static string CsvCell(string cell)
    {
        var text = cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal) ? "'" + cell : cell;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
