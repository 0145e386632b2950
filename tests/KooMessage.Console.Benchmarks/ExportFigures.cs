using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using KooMessage.Console.Common.Exports;
using Microsoft.Data.Sqlite;
using MiniExcelLibs;

namespace KooMessage.Console.Benchmarks;

/// <summary>
/// Export figures. Peak working set is process-wide, so each export runs alone in a child process of this program
/// (<c>--figure NAME DB ROWS</c>) and reports its own time and peak; the parent seeds the SQLite file once and runs
/// each child <see cref="Runs"/> times, taking the median time and the largest peak.
/// </summary>
internal static class ExportFigures
{
    public const string FigureArgument = "--figure";

    private const string Query = """
        SELECT Signature, Phone, Template, Status, Segments, Price, SentAt, Day FROM ExportRows ORDER BY Id LIMIT $n
        """;

    private static readonly ExportColumn[] Columns =
    [
        new("签名", ExportCellKind.Text, 20),
        new("手机号", ExportCellKind.Identifier, 16),
        new("模板编号", ExportCellKind.Identifier, 14),
        new("状态", ExportCellKind.Text, 10),
        new("计费条数", ExportCellKind.Whole, 10),
        new("单价", ExportCellKind.Number, 10),
        new("发送时间", ExportCellKind.DateTime, 19),
        new("日期", ExportCellKind.Date, 12),
    ];

    private static int Runs(bool small) => small ? 1 : 3;

    public static async Task PrintAsync(bool small)
    {
        var large = small ? 20_000 : 1_048_575;
        var medium = small ? 5_000 : 100_000;
        var db = Path.Combine(Path.GetTempPath(), $"km-export-bench-{Guid.NewGuid():N}.db");
        try
        {
            // One row more than the figure exports: the split check below writes it onto a second sheet.
            await SeedAsync(db, large + 1);
            var console = await RunAsync("console", db, large, small);
            var baseline = await RunAsync("baseline", db, large, small);
            PrintRatio(
                $"export of {large:N0} rows x {Columns.Length} columns from SQLite into .xlsx, median of {Runs(small)}, each run in its own process",
                ($"console ExportWriters.For({large:N0}) ({ExportWriters.For(large).GetType().Name})", console),
                ("baseline SqliteDataReader -> MiniExcel.SaveAsAsync", baseline));

            var closedXml = await RunAsync("closedxml", db, medium, small);
            var streaming = await RunAsync("streaming", db, medium, small);
            PrintRatio(
                $"export of {medium:N0} rows: where ClosedXML stops paying (SmallMaxRows = {ExportWriters.SmallMaxRows:N0}), median of {Runs(small)}",
                ("ClosedXmlExportWriter (styled, in memory)", closedXml),
                ("StreamingExportWriter", streaming));

            // The sheet split, at full size at Excel's own limit: 1,048,576 rows are 1,048,575 on the first sheet and 1 on
            // the second. --small splits 20,001 rows the same way (the writer's per-sheet limit set to 20,000).
            var split = await RunAsync("split", db, large + 1, small);
            System.Console.WriteLine($"sheet split: {large + 1:N0} rows written as {large:N0} + 1 on two sheets (checked in the file), {split.Time.TotalMilliseconds:F0} ms {split.PeakMiB} MiB peak");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(db);
        }
    }

    private static void PrintRatio(string figure, (string Name, Result Value) measured, (string Name, Result Value) baseline)
    {
        System.Console.WriteLine($"{figure}:");
        foreach (var (name, value) in new[] { measured, baseline })
        {
            System.Console.WriteLine($"  {name,-66} {value.Time.TotalMilliseconds,9:F0} ms {value.PeakMiB,6} MiB peak");
        }

        System.Console.WriteLine($"  {"ratio time " + measured.Name.Split(' ')[0] + " / " + baseline.Name.Split(' ')[0],-66} {measured.Value.Time / baseline.Value.Time,9:F2}");
    }

    private sealed record Result(TimeSpan Time, long PeakMiB);

    private static async Task<Result> RunAsync(string figure, string db, int rows, bool small)
    {
        var results = new List<Result>();
        for (var i = 0; i < Runs(small); i++)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(ExportFigures).Assembly.Location);
            }

            foreach (var argument in new[] { FigureArgument, figure, db, rows.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            using var child = Process.Start(start)!;
            var output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            if (child.ExitCode != 0)
            {
                throw new InvalidOperationException($"Export figure {figure} failed with exit code {child.ExitCode}.");
            }

            var parts = output.Trim().Split('\n')[^1].Split(' ');
            results.Add(new Result(TimeSpan.FromMilliseconds(double.Parse(parts[0], CultureInfo.InvariantCulture)), long.Parse(parts[1], CultureInfo.InvariantCulture)));
        }

        return new Result(results.Select(r => r.Time).Order().ElementAt(results.Count / 2), results.Max(r => r.PeakMiB));
    }

    /// <summary>The child: one export, then one line "milliseconds peak-MiB".</summary>
    public static async Task RunChildAsync(string figure, string db, int rows)
    {
        var file = Path.Combine(Path.GetTempPath(), $"km-export-{figure}-{Guid.NewGuid():N}.xlsx");
        try
        {
            var watch = Stopwatch.StartNew();
            long written;
            await using (var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = Query;
                command.Parameters.AddWithValue("$n", rows);
                if (figure == "baseline")
                {
                    await using var reader = await command.ExecuteReaderAsync();
                    await MiniExcel.SaveAsAsync(file, reader);
                    written = rows;
                }
                else
                {
                    IExportWriter writer = figure switch
                    {
                        "console" => ExportWriters.For(rows),
                        "closedxml" => new ClosedXmlExportWriter(),
                        "streaming" => new StreamingExportWriter(),
                        "split" => new StreamingExportWriter { RowsPerSheet = rows - 1 },
                        _ => throw new ArgumentOutOfRangeException(nameof(figure), figure, null),
                    };
                    await using var target = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                    written = await writer.WriteAsync(target, "签名", Columns, ReadAsync(command), _ => ValueTask.CompletedTask, CancellationToken.None);
                }
            }

            var elapsed = watch.Elapsed;
            if (written != rows || new FileInfo(file).Length == 0)
            {
                throw new InvalidOperationException($"{figure} wrote {written} of {rows} rows.");
            }

            if (figure == "split")
            {
                CheckSplit(file);
            }

            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalMilliseconds:F0} {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024}"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Two sheets: the second holds its header and the one row that did not fit on the first.</summary>
    private static void CheckSplit(string file)
    {
        using var zip = ZipFile.OpenRead(file);
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).ToList();
        using var second = new StreamReader(zip.GetEntry("xl/worksheets/sheet2.xml")!.Open());
        var xml = second.ReadToEnd();
        if (sheets.Count != 2 || !xml.Contains("<row r=\"2\"", StringComparison.Ordinal) || xml.Contains("<row r=\"3\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The split wrote {sheets.Count} sheets, not the last row alone on a second one.");
        }
    }

    private static async IAsyncEnumerable<object?[]> ReadAsync(SqliteCommand command, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return
            [
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetDouble(5), reader.GetDateTime(6), reader.GetDateTime(7),
            ];
        }
    }

    /// <summary>Message-record-like rows, inserted raw in one transaction with one prepared command.</summary>
    private static async Task SeedAsync(string db, int rows)
    {
        await using var connection = new SqliteConnection($"Data Source={db}");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE ExportRows (Id INTEGER PRIMARY KEY, Signature TEXT NOT NULL, Phone TEXT NOT NULL, Template TEXT NOT NULL,
                    Status TEXT NOT NULL, Segments INTEGER NOT NULL, Price REAL NOT NULL, SentAt TEXT NOT NULL, Day TEXT NOT NULL)
                """;
            await create.ExecuteNonQueryAsync();
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO ExportRows VALUES ($id, $signature, $phone, $template, $status, $segments, $price, $sentAt, $day)";
        var parameters = new[] { "$id", "$signature", "$phone", "$template", "$status", "$segments", "$price", "$sentAt", "$day" }
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name }))
            .ToArray();
        string[] statuses = ["已送达", "发送中", "失败", "已读"];
        var start = new DateTime(2026, 1, 1, 8, 0, 0);
        for (var i = 0; i < rows; i++)
        {
            var sentAt = start.AddSeconds(i * 7L);
            parameters[0].Value = i + 1;
            parameters[1].Value = $"【甲公司{i % 50}】";
            parameters[2].Value = $"138{i:D8}";
            parameters[3].Value = $"{i % 997:D6}";
            parameters[4].Value = statuses[i % statuses.Length];
            parameters[5].Value = 1 + (i % 3);
            parameters[6].Value = 0.035 + (i % 7 * 0.001);
            parameters[7].Value = sentAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            parameters[8].Value = sentAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
