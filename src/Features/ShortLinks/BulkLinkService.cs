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
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>A refused row of a bulk file: its row in the file (the header is row 1) and why, in the reader's language.</summary>
public sealed record BulkProblem(int Row, string Message);

/// <summary>
/// What a dry run found: counts, the first refused rows, and the stage on disk that holds the valid rows (for the job)
/// and the per-row report (every row with its error column).
/// </summary>
public sealed record BulkPlan(Guid Stage, string FileName, string TplId, int Rows, int Valid, IReadOnlyList<BulkProblem> FirstProblems)
{
    public int Invalid => Rows - Valid;
}

/// <summary>A bulk task's generation as its page shows it (the job's state; its id is the task's).</summary>
public sealed record BulkProgress(JobState State, long Done, long? Total, string? ErrorKey)
{
    public bool IsEnded => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}

/// <summary>
/// 个性化 links in bulk (千人千面): a dry run reads the uploaded file from disk, row by row, writing the valid rows and a
/// per-row report into the account's stage folder; confirming creates the task and queues <see cref="BulkLinkJob"/>,
/// which generates the links in batches. Nothing of the file stays in the circuit but the counts and the first problems.
/// </summary>
public sealed class BulkLinkService(
    AccessGuard guard, TenantDb dbs, ShortLinkService links, JobQueue jobs, AuditLog audit, IOptions<ConsoleOptions> options, TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public const string JobKind = "short_links.bulk";
    public const string FileField = "File";

    /// <summary>How many refused rows the dialog lists; the report has them all.</summary>
    public const int ProblemsShown = 20;

    private static readonly DryRunStage Stages = new("bulk-links");

    private sealed record StageInfo(string TplId, string FileName, int Rows, int Valid);

    public static string RowsPath(ConsoleOptions options, Guid accountId, Guid stage) => Stages.RowsPath(options, accountId, stage);

    /// <summary>The template file (.xlsx) whose header names the columns for <paramref name="tplId"/>'s parameters.</summary>
    public async Task<Result<(string FileName, byte[] Content)>> TemplateFileAsync(string tplId, CancellationToken ct)
    {
        var template = await TemplateAsync(tplId, ct);
        if (template.Error is { } error)
        {
            return error;
        }

        return ($"{l["BulkLinks.TemplateFileName"]}-{template.Value.TplId}.xlsx", BulkLinkFile.TemplateWorkbook(template.Value.Parameters));
    }

    public async Task<Result<BulkPlan>> DryRunAsync(string tplId, string fileName, Stream content, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var template = await TemplateAsync(tplId, ct);
        if (template.Error is { } notUsable)
        {
            return notUsable;
        }

        var accountId = auth.Value.AccountId!.Value;
        Stages.RemoveOld(options.Value, accountId, clock.GetUtcNow().UtcDateTime);
        var stage = Guid.CreateVersion7();
        var upload = Stages.UploadPath(options.Value, accountId, stage);
        try
        {
            if (!await DryRunStage.CopyUploadAsync(content, upload, BulkLinkFile.BytesMax, ct))
            {
                return TooLarge(fileName);
            }

            var culture = CultureInfo.CurrentUICulture;
            return await Task.Run(() => Plan(accountId, stage, template.Value, fileName, upload, culture, ct), ct);
        }
        finally
        {
            File.Delete(upload);
        }
    }

    /// <summary>The full per-row report of one of the caller's account's dry runs, or null when it is gone.</summary>
    public async Task<Result<(string FileName, string Path)?>> ReportAsync(Guid stage, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var path = Stages.ReportPath(options.Value, auth.Value.AccountId!.Value, stage);
        (string FileName, string Path)? found = File.Exists(path) ? ($"{l["BulkLinks.ReportFileName"]}-{stage.ToString("N")[..8]}.csv", path) : null;
        return Result<(string FileName, string Path)?>.Ok(found);
    }

    /// <summary>Creates the 个性化 task of <paramref name="form"/> and queues the job that generates a link for each valid row of the dry run <paramref name="stage"/>.</summary>
    public async Task<Result<CreatedTask>> GenerateAsync(ResolveTaskForm form, Guid stage, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        var accountId = user.AccountId!.Value;
        var infoPath = Stages.InfoPath(options.Value, accountId, stage);
        if (!File.Exists(infoPath) || !File.Exists(Stages.RowsPath(options.Value, accountId, stage)))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.PlanGone"]).OnField(FileField);
        }

        var info = JsonSerializer.Deserialize<StageInfo>(await File.ReadAllTextAsync(infoPath, ct))!;
        await using var db = await dbs.ForAsync(user, ct);
        var errors = new List<FieldError>();
        form.Type = ShortLinkType.Individual;
        var (task, _, domain) = await links.CheckTaskAsync(db, user, form, errors, ct);
        if (form.Generation == CodeGeneration.Custom)
        {
            errors.Add(new(nameof(form.Links), l["BulkLinks.NoCustomCode"]));
        }

        if (form.TplId != info.TplId)
        {
            errors.Add(new(FileField, l["BulkLinks.TemplateChanged"]));
        }
        else if (info.Valid == 0)
        {
            errors.Add(new(FileField, l["BulkLinks.NothingValid"]));
        }

        if (errors.Count > 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, errors[0].Message) { Fields = errors };
        }

        var job = jobs.Enqueue(db, JobKind, accountId, new BulkLinkJob.Parameters(stage, info.Valid), user);
        job.Total = info.Valid;
        task!.Id = job.Id;
        task.CreatedBy = user.UserName;
        db.ResolveTasks.Add(task);
        audit.Record(db, user, new AuditChange(accountId, AuditActions.Create, ShortLinksModule.AuditType, task.Id.ToString(), task.Name, null,
            new { task.TplId, task.Type, Domain = domain?.Display, task.ExpiresAt, task.MaxResolves, Links = info.Valid, task.CustomUrl, File = info.FileName, info.Rows }));
        await db.SaveChangesAsync(ct);
        File.Delete(infoPath);
        jobs.Wake();
        return new CreatedTask(task.Id, [], info.Valid);
    }

    /// <summary>The generation of a bulk task of the caller's account; null for a task that had none (typed-in links) or another account's.</summary>
    public async Task<Result<BulkProgress?>> ProgressAsync(Guid taskId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await db.Jobs.AsNoTracking().Where(j => j.Id == taskId && j.Kind == JobKind)
            .Select(j => new BulkProgress(j.State, j.Done, j.Total, j.ErrorKey)).SingleOrDefaultAsync(ct);
    }

    private async Task<Result<LinkTemplate>> TemplateAsync(string tplId, CancellationToken ct)
    {
        var templates = await links.TemplatesAsync(ct);
        if (templates.Error is { } denied)
        {
            return denied;
        }

        return templates.Value.FirstOrDefault(t => t.TplId == tplId) is { } found
            ? found
            : new KmError(ErrorCodes.InvalidParameter, l["ShortLinks.TemplateNotUsable"]).OnField(nameof(ResolveTaskForm.TplId));
    }

    private Result<BulkPlan> Plan(Guid accountId, Guid stage, LinkTemplate template, string fileName, string upload, CultureInfo culture, CancellationToken ct)
    {
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        var rowsPath = Stages.RowsPath(options.Value, accountId, stage);
        var reportPath = Stages.ReportPath(options.Value, accountId, stage);
        var problems = new List<BulkProblem>();
        var rows = 0;
        var valid = 0;
        var ok = false;
        try
        {
            using var input = new FileStream(upload, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            using var validRows = new StreamWriter(rowsPath, false, new UTF8Encoding(false));
            using var report = new StreamWriter(reportPath, false, new UTF8Encoding(true));
            BulkColumns? columns = null;
            foreach (var (row, cells) in BulkLinkFile.Rows(input))
            {
                ct.ThrowIfCancellationRequested();
                if (columns is null)
                {
                    var (found, missing) = BulkLinkFile.Columns(cells, template.Parameters);
                    if (found is null)
                    {
                        return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.Header", string.Join(l["Common.ListSeparator"], missing)]).OnField(FileField);
                    }

                    columns = found;
                    DryRunStage.WriteCsvLine(report, [.. cells, l["BulkLinks.ReportError"]]);
                    continue;
                }

                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (++rows > BulkLinkFile.RowsMax)
                {
                    return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.TooManyRows", BulkLinkFile.RowsMax.ToString("N0", culture)]).OnField(FileField);
                }

                var result = columns.Check(row, cells);
                var message = string.Join(" ", result.Issues.Select(i => i.Describe(l)));
                DryRunStage.WriteCsvLine(report, [.. cells, message]);
                if (result.Link is { } link)
                {
                    valid++;
                    validRows.WriteLine(JsonSerializer.Serialize(link, ShortLinkService.ValuesJson));
                }
                else if (problems.Count < ProblemsShown)
                {
                    problems.Add(new(row, message));
                }
            }

            if (columns is null)
            {
                return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.Header", BulkLinkFile.MobileHeader]).OnField(FileField);
            }

            if (rows == 0)
            {
                return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.NoRows"]).OnField(FileField);
            }

            ok = true;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or InvalidOperationException or DecoderFallbackException)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.Unreadable", fileName]).OnField(FileField);
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
        File.WriteAllText(Stages.InfoPath(options.Value, accountId, stage), JsonSerializer.Serialize(new StageInfo(template.TplId, name, rows, valid)));
        return new BulkPlan(stage, name, template.TplId, rows, valid, problems);
    }

    private KmError TooLarge(string fileName) =>
        new KmError(ErrorCodes.InvalidParameter, l["Files.TooLarge", l["BulkLinks.File"], fileName, FileSizes.Text(BulkLinkFile.BytesMax)]).OnField(FileField);
}
