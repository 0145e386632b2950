using System.Globalization;
using System.Text;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>A refused row of an import: its row in the file (the header is row 1) and why, in the reader's language.</summary>
public sealed record ChannelImportProblem(int Row, string Message);

/// <summary>What a dry run found: counts, the first refused rows, and the stage on disk holding the valid rows and the per-row report.</summary>
public sealed record ChannelImportPlan(Guid Stage, string FileName, int Rows, int Valid, IReadOnlyList<ChannelImportProblem> FirstProblems)
{
    public int Invalid => Rows - Valid;
}

/// <summary>An import's job as the dialog shows it.</summary>
public sealed record ChannelImportProgress(JobState State, long Done, long? Total, long? Imported, string? ErrorKey)
{
    public bool IsEnded => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}

/// <summary>
/// Channel numbers from a workbook, as the bulk short links do it (<see cref="BulkLinkService"/>): the dry run reads the
/// uploaded file from disk row by row, writes the valid rows and a per-row report into the account's stage folder and
/// returns counts and the first problems; committing queues <see cref="ChannelImportJob"/>, which adds the valid rows in
/// batches with progress. Imported numbers start in review.
/// </summary>
public sealed class ChannelImportService(
    AccessGuard guard, TenantDb dbs, JobQueue jobs, AuditLog audit, IOptions<ConsoleOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const string JobKind = "channel_numbers.import";
    public const string FileField = "File";
    public const int ProblemsShown = 20;

    private static readonly DryRunStage Stages = new("channel-imports");

    private sealed record StageInfo(string FileName, int Rows, int Valid);

    public static string RowsPath(ConsoleOptions options, Guid accountId, Guid stage) => Stages.RowsPath(options, accountId, stage);

    /// <summary>The template workbook, for anyone who may register channel numbers.</summary>
    public async Task<Result<(string FileName, byte[] Content)>> TemplateFileAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        return ($"{l["ChannelNumbers.Import.TemplateFileName"]}.xlsx", ChannelImportFile.TemplateWorkbook());
    }

    public async Task<Result<ChannelImportPlan>> DryRunAsync(string fileName, Stream content, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var accountId = auth.Value.AccountId!.Value;
        Stages.RemoveOld(options.Value, accountId, clock.GetUtcNow().UtcDateTime);
        var stage = Guid.CreateVersion7();
        var upload = Stages.UploadPath(options.Value, accountId, stage);
        try
        {
            if (!await DryRunStage.CopyUploadAsync(content, upload, ChannelImportFile.BytesMax, ct))
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Files.TooLarge", l["ChannelNumbers.Import.File"], fileName, FileSizes.Text(ChannelImportFile.BytesMax)]).OnField(FileField);
            }

            await using var db = await dbs.ForAsync(auth.Value, ct);
            var existing = (await db.ChannelNumbers.AsNoTracking().Select(c => c.Number).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var culture = CultureInfo.CurrentUICulture;
            return await Task.Run(() => Plan(accountId, stage, fileName, upload, existing, culture, ct), ct);
        }
        finally
        {
            File.Delete(upload);
        }
    }

    /// <summary>The full per-row report of one of the caller's account's dry runs, or null when it is gone.</summary>
    public async Task<Result<(string FileName, string Path)?>> ReportAsync(Guid stage, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var path = Stages.ReportPath(options.Value, auth.Value.AccountId!.Value, stage);
        (string FileName, string Path)? found = File.Exists(path) ? ($"{l["ChannelNumbers.Import.ReportFileName"]}-{stage.ToString("N")[..8]}.csv", path) : null;
        return Result<(string FileName, string Path)?>.Ok(found);
    }

    /// <summary>Queues the job that adds the valid rows of the dry run <paramref name="stage"/>; returns the job's id.</summary>
    public async Task<Result<Guid>> CommitAsync(Guid stage, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        var accountId = user.AccountId!.Value;
        var infoPath = Stages.InfoPath(options.Value, accountId, stage);
        if (!File.Exists(infoPath) || !File.Exists(Stages.RowsPath(options.Value, accountId, stage)))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["ChannelNumbers.Import.PlanGone"]).OnField(FileField);
        }

        var info = JsonSerializer.Deserialize<StageInfo>(await File.ReadAllTextAsync(infoPath, ct))!;
        if (info.Valid == 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["ChannelNumbers.Import.NothingValid"]).OnField(FileField);
        }

        await using var db = await dbs.ForAsync(user, ct);
        var job = jobs.Enqueue(db, JobKind, accountId, new ChannelImportJob.Parameters(stage, info.Valid), user);
        job.Total = info.Valid;
        audit.Record(db, user, new AuditChange(accountId, AuditActions.Import, ChannelNumbersModule.AuditType, job.Id.ToString(), info.FileName, null,
            new { File = info.FileName, info.Rows, info.Valid }));
        await db.SaveChangesAsync(ct);
        File.Delete(infoPath);
        jobs.Wake();
        return job.Id;
    }

    public async Task<Result<ChannelImportProgress?>> ProgressAsync(Guid jobId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await db.Jobs.AsNoTracking().Where(j => j.Id == jobId && j.Kind == JobKind)
            .Select(j => new ChannelImportProgress(j.State, j.Done, j.Total, j.ResultRows, j.ErrorKey)).SingleOrDefaultAsync(ct);
    }

    private Result<ChannelImportPlan> Plan(Guid accountId, Guid stage, string fileName, string upload, IReadOnlySet<string> existing, CultureInfo culture, CancellationToken ct)
    {
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        var rowsPath = Stages.RowsPath(options.Value, accountId, stage);
        var reportPath = Stages.ReportPath(options.Value, accountId, stage);
        var problems = new List<ChannelImportProblem>();
        var rows = 0;
        var valid = 0;
        var ok = false;
        try
        {
            using var input = new FileStream(upload, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            using var validRows = new StreamWriter(rowsPath, false, new UTF8Encoding(false));
            using var report = new StreamWriter(reportPath, false, new UTF8Encoding(true));
            ChannelImportChecker? checker = null;
            foreach (var (row, cells) in BulkLinkFile.Rows(input))
            {
                ct.ThrowIfCancellationRequested();
                if (checker is null)
                {
                    var (columns, missing) = ChannelImportFile.Columns(cells);
                    if (columns is null)
                    {
                        return HeaderMissing(missing);
                    }

                    checker = new ChannelImportChecker(columns, existing);
                    DryRunStage.WriteCsvLine(report, [.. cells, l["ChannelNumbers.Import.ReportError"]]);
                    continue;
                }

                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (++rows > ChannelImportFile.RowsMax)
                {
                    return new KmError(ErrorCodes.InvalidParameter, l["ChannelNumbers.Import.TooManyRows", ChannelImportFile.RowsMax.ToString("N0", culture)]).OnField(FileField);
                }

                var result = checker.Check(row, cells);
                var message = string.Join(" ", result.Issues.Select(i => i.Describe(l)));
                DryRunStage.WriteCsvLine(report, [.. cells, message]);
                if (result.Port is { } port)
                {
                    valid++;
                    validRows.WriteLine(JsonSerializer.Serialize(port));
                }
                else if (problems.Count < ProblemsShown)
                {
                    problems.Add(new(row, message));
                }
            }

            if (checker is null)
            {
                return HeaderMissing(ChannelImportFile.Header[..3]);
            }

            if (rows == 0)
            {
                return new KmError(ErrorCodes.InvalidParameter, l["ChannelNumbers.Import.NoRows"]).OnField(FileField);
            }

            ok = true;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or InvalidOperationException or DecoderFallbackException)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["ChannelNumbers.Import.Unreadable", fileName]).OnField(FileField);
        }
        finally
        {
            if (!ok)
            {
                File.Delete(rowsPath);
                File.Delete(reportPath);
            }
        }

        var name = Path.GetFileName(fileName);
        File.WriteAllText(Stages.InfoPath(options.Value, accountId, stage), JsonSerializer.Serialize(new StageInfo(name, rows, valid)));
        return new ChannelImportPlan(stage, name, rows, valid, problems);
    }

    private KmError HeaderMissing(IEnumerable<string> missing) =>
        new KmError(ErrorCodes.InvalidParameter, l["ChannelNumbers.Import.Header", string.Join(l["Common.ListSeparator"], missing)]).OnField(FileField);
}
