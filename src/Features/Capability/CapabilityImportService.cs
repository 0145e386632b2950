using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Capability;

/// <summary>An import job as its page shows it.</summary>
public sealed record ImportProgress(Guid JobId, JobState State, long Done, long? Total, string? ErrorKey);

/// <summary>How many facts the table holds, by where they came from.</summary>
public sealed record CapabilityFigures(int Imported, int Learned, int Capable);

/// <summary>
/// The platform administrator's import of capability data: a dry run reads the file and reports every refused row,
/// then the valid rows are written by a job (files of 100,000 rows), with progress.
/// </summary>
public sealed class CapabilityImportService(
    AccessGuard guard, TenantDb dbs, CapabilityKeys keys, JobQueue jobs, AuditLog audit, IOptions<ConsoleOptions> options, IStringLocalizer<SharedResource> l)
{
    public const string JobKind = "capability.import";
    public const string FileField = "File";

    public async Task<Result<ImportPlan>> DryRunAsync(string fileName, Stream content, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.CapabilityImport, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > CapabilityImportFile.BytesMax)
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Files.TooLarge", l["Field.ImportFile"], fileName, FileSizes.Text(CapabilityImportFile.BytesMax)]).OnField(FileField);
            }

            copy.Write(buffer, 0, read);
        }

        copy.Position = 0;
        var hasher = await keys.GetAsync(ct);
        return await Task.Run(() => Plan(fileName, copy, hasher), ct);
    }

    /// <summary>Queues the job that writes <paramref name="plan"/>'s valid rows; only their keyed hashes reach the disk.</summary>
    public async Task<Result<Guid>> ImportAsync(ImportPlan plan, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.CapabilityImport, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (plan.Facts.Count == 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["CapabilityImport.NothingValid"]).OnField(FileField);
        }

        var file = Guid.CreateVersion7();
        await CapabilityImportJob.WriteFactsAsync(CapabilityImportJob.FactsPath(options.Value, file), plan.Facts, ct);
        await using var db = await dbs.ForPlatformAsync(auth.Value, "import capability data", ct);
        var job = jobs.Enqueue(db, JobKind, null, new CapabilityImportJob.Parameters(file, plan.Facts.Count), auth.Value);
        audit.Record(db, auth.Value, new AuditChange(null, AuditActions.Create, CapabilityModule.ImportAuditType, job.Id.ToString(), plan.FileName, null,
            new { plan.FileName, plan.Rows, plan.ValidRows, Facts = plan.Facts.Count, Refused = plan.Problems.Count }));
        await db.SaveChangesAsync(ct);
        jobs.Wake();
        return job.Id;
    }

    public async Task<Result<ImportProgress?>> ProgressAsync(Guid jobId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.CapabilityImport, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "read a capability import's progress", ct);
        return await db.Jobs.AsNoTracking().Where(j => j.Id == jobId && j.Kind == JobKind)
            .Select(j => new ImportProgress(j.Id, j.State, j.Done, j.Total, j.ErrorKey)).SingleOrDefaultAsync(ct);
    }

    public async Task<Result<CapabilityFigures>> FiguresAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.CapabilityImport, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForPlatformAsync(auth.Value, "count capability data", ct);
        var rows = db.MobileCapabilities.AsNoTracking();
        return new CapabilityFigures(
            await rows.CountAsync(r => r.Source == CapabilitySource.Imported, ct),
            await rows.CountAsync(r => r.Source == CapabilitySource.Learned, ct),
            await rows.CountAsync(r => r.Capable, ct));
    }

    private Result<ImportPlan> Plan(string fileName, Stream content, NumberKeys hasher)
    {
        var problems = new List<ImportRowProblem>();
        var facts = new List<CapabilityFact>();
        var seen = new Dictionary<(string, Vendor), int>();
        Dictionary<CapabilityImportFile.Column, int>? columns = null;
        var rowNumber = 0;
        var dataRows = 0;
        var valid = 0;
        IEnumerable<string[]> rows;
        try
        {
            rows = CapabilityImportFile.Rows(content).ToList();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or ArgumentException or InvalidOperationException)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["CapabilityImport.Unreadable", fileName]).OnField(FileField);
        }

        foreach (var cells in rows)
        {
            rowNumber++;
            if (columns is null)
            {
                columns = CapabilityImportFile.Columns(cells);
                var hasNumber = columns.ContainsKey(CapabilityImportFile.Column.Number) || columns.ContainsKey(CapabilityImportFile.Column.Sha1);
                if (!hasNumber || !columns.ContainsKey(CapabilityImportFile.Column.Vendor) || !columns.ContainsKey(CapabilityImportFile.Column.Capable))
                {
                    return new KmError(ErrorCodes.InvalidParameter, l["CapabilityImport.Header"]).OnField(FileField);
                }

                continue;
            }

            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (++dataRows > CapabilityImportFile.RowsMax)
            {
                return new KmError(ErrorCodes.InvalidParameter, l["CapabilityImport.TooManyRows", CapabilityImportFile.RowsMax]).OnField(FileField);
            }

            string Cell(CapabilityImportFile.Column c) => columns.TryGetValue(c, out var i) && i < cells.Length ? cells[i].Trim() : "";
            var sha1Column = !columns.ContainsKey(CapabilityImportFile.Column.Number);
            var parsed = sha1Column
                ? MobileNumbers.Parse(Cell(CapabilityImportFile.Column.Sha1), EncryptionAlg.Sha1)
                : MobileNumbers.Parse(Cell(CapabilityImportFile.Column.Number), EncryptionAlg.None);
            if (parsed.Problem is { } problem)
            {
                problems.Add(new(rowNumber, l["CapabilityImport.BadNumber", l[$"NumberProblem.{problem}"]]));
                continue;
            }

            var names = CapabilityImportFile.VendorNames(Cell(CapabilityImportFile.Column.Vendor));
            var unknown = names.FirstOrDefault(n => CapabilityImportFile.Vendor(n) is null);
            if (names.Length == 0 || unknown is not null)
            {
                problems.Add(new(rowNumber, names.Length == 0 ? l["Validation.Required", l["Field.Vendor"]] : l["CapabilityImport.UnknownVendor", unknown!]));
                continue;
            }

            if (CapabilityImportFile.Capable(Cell(CapabilityImportFile.Column.Capable)) is not { } capable)
            {
                problems.Add(new(rowNumber, l["CapabilityImport.BadCapable", Cell(CapabilityImportFile.Column.Capable)]));
                continue;
            }

            var vendors = names.Select(n => CapabilityImportFile.Vendor(n)!.Value).Distinct().ToList();
            var duplicate = vendors.Select(v => seen.TryGetValue((parsed.Sha1!, v), out var first) ? first : 0).FirstOrDefault(r => r > 0);
            if (duplicate > 0)
            {
                problems.Add(new(rowNumber, l["CapabilityImport.Duplicate", duplicate]));
                continue;
            }

            var key = hasher.Of(parsed.Sha1!);
            foreach (var vendor in vendors)
            {
                seen[(parsed.Sha1!, vendor)] = rowNumber;
                facts.Add(new CapabilityFact(key, vendor, capable));
            }

            valid++;
        }

        if (columns is null)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["CapabilityImport.Header"]).OnField(FileField);
        }

        return new ImportPlan(fileName, dataRows, valid, facts, problems);
    }
}
