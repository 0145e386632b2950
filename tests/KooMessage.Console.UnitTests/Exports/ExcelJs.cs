using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace KooMessage.Console.UnitTests.Exports;

/// <summary>
/// Reads an .xlsx with exceljs, a reader that shares no code with the .NET writers, through tests/xlsx-reader/read.mjs
/// (installed by tests/run.sh with npm ci). Without node or the package a test fails, saying what is missing.
/// </summary>
public static class ExcelJs
{
    public static async Task<JsonElement> ReadAsync(string file, int rows = 20)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "xlsx-reader", "read.mjs");
        if (!Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "exceljs")))
        {
            Assert.Fail("exceljs is not installed: run `npm ci --prefix tests/xlsx-reader` (tests/run.sh does it).");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(file);
        start.ArgumentList.Add(rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"node is required to read exports back with exceljs and was not found on PATH ({e.Message}); install Node.js 18 or later.");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"exceljs could not read {file}: {await error}");
            using var json = JsonDocument.Parse(await output);
            return json.RootElement.Clone();
        }
    }

    /// <summary>The folder holding KooMessage.Console.sln, found upwards from the test's output folder.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KooMessage.Console.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No KooMessage.Console.sln above {AppContext.BaseDirectory}.");
    }

    public static JsonElement Sheet(this JsonElement workbook, int index) => workbook.GetProperty("sheets")[index];

    /// <summary>The cell at a 1-based row (within the rows read) and column.</summary>
    public static JsonElement Cell(this JsonElement sheet, int row, int column) =>
        sheet.GetProperty("rows")[row - 1].GetProperty("cells")[column - 1];

    public static string Type(this JsonElement cell) => cell.GetProperty("type").GetString()!;
}
