using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Data;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Downloads;

/// <summary>
/// Writes one export: counts the filter's rows, streams them from the database through the writer that count calls for
/// into a staged file named by the job's id, and stores it with the export row in one transaction. A rerun (the process
/// died) replaces the staged file it left; a rerun after the commit finds the file stored and ends at once.
/// </summary>
public sealed class ExportJob(TenantDb dbs, FileStore files, IEnumerable<IExportSource> sources, IStringLocalizer<SharedResource> l) : IJobHandler
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public string Kind => ExportService.JobKind;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var accountId = context.AccountId ?? throw new InvalidOperationException($"Export {context.JobId} has no account.");
        await using var db = await dbs.ForAccountAsync(accountId, $"export {context.JobId}", ct);
        var export = await db.Exports.SingleOrDefaultAsync(e => e.Id == context.JobId, ct)
            ?? throw new JobFailedException("Downloads.Error.NotFound");
        if (export.FileId is { } stored)
        {
            return new JobResult(stored, export.Rows);
        }

        var source = sources.FirstOrDefault(s => s.Key == export.Source) ?? throw new JobFailedException("Downloads.Error.UnknownSource");
        var culture = CultureInfo.GetCultureInfo(export.Culture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        var chosen = JsonSerializer.Deserialize<string[]>(export.Fields) ?? [];
        var picked = Enumerable.Range(0, source.Fields.Count).Where(i => chosen.Contains(source.Fields[i].Key)).ToArray();
        var columns = picked.Select(i => source.Fields[i]).Select(f => new ExportColumn(l[f.HeaderKey], f.Kind, f.Width)).ToList();

        var total = await source.CountAsync(db, export.Parameters, ct);
        await context.ReportAsync(0, total, ct);
        long written = 0;
        using var staged = await files.StageGeneratedAsync(export.Id, export.FileName, async (target, token) =>
        {
            await using var reader = await dbs.ForAccountAsync(accountId, $"read rows of export {context.JobId}", token);
            var rows = Pick(source.RowsAsync(reader, export.Parameters, export.TimeZone, l, token), picked, source.Fields.Count, token);
            written = await ExportWriters.For(total, l["Downloads.SplitNote"]).WriteAsync(target, l[source.TitleKey], columns, rows, n => context.ReportAsync(n, Math.Max(total, n), token), token);
        }, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var file = files.AddGenerated(db, export.RequestedBy, accountId, staged, XlsxContentType);
        export.FileId = file.Id;
        export.Size = staged.Size;
        export.Rows = written;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new JobResult(file.Id, written);
    }

    private static async IAsyncEnumerable<object?[]> Pick(IAsyncEnumerable<object?[]> rows, int[] picked, int all, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (picked.Length == all)
            {
                yield return row;
                continue;
            }

            var cells = new object?[picked.Length];
            for (var i = 0; i < picked.Length; i++)
            {
                cells[i] = row[picked[i]];
            }

            yield return cells;
        }
    }
}
