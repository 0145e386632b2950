using System.Globalization;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Downloads;

/// <summary>What the export dialog sends: the list, its filter (the source's JSON), the chosen columns and the file's name.</summary>
public sealed record ExportRequest(string Source, string Parameters, IReadOnlyList<string> Fields, string FileName);

/// <summary>A file of the download center as its page shows it.</summary>
public sealed record DownloadRow(
    Guid Id, string FileName, string SourceTitleKey, IReadOnlyList<ExportCondition> Conditions, string RequestedBy, DateTime CreatedAt,
    JobState State, long Done, long? Total, long? Rows, long? Size, DateTime ExpiresAt, string? Error, Guid? FileId, bool CanManage)
{
    public string? DownloadUrl => State == JobState.Succeeded && FileId is { } id ? $"/files/{id}?download=true" : null;
}

public sealed record DownloadQuery(JobState? State = null);

/// <summary>
/// Starts exports and keeps the download center: each file belongs to its list (source); those who may view the list
/// see and download its files, those who may export it start, cancel, retry and delete them.
/// </summary>
public sealed class ExportService(
    AccessGuard guard, TenantDb dbs, JobQueue jobs, FileStore files, IEnumerable<IExportSource> sources, IOptions<ExportOptions> options,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const string JobKind = "export";

    private static readonly System.Buffers.SearchValues<char> NotInFileNames = System.Buffers.SearchValues.Create("\\/:*?\"<>|");

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public IExportSource? Source(string key) => sources.FirstOrDefault(s => s.Key == key);

    /// <summary>The name the dialog proposes: the list's name and the time on the account's clock.</summary>
    public string DefaultFileName(IExportSource source, UserContext user)
    {
        var local = UserTime.ToLocal(Now, user.TimeZone);
        return $"{l[source.TitleKey]}-{local.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Queues the export; its file appears in the download center and the requester is notified when it ends.</summary>
    public async Task<Result<Guid>> RequestAsync(ExportRequest request, CancellationToken ct)
    {
        if (Source(request.Source) is not { } source)
        {
            return new KmError(ErrorCodes.NotFound, l["Downloads.Error.UnknownSource"]);
        }

        var auth = await guard.AuthorizeAsync(source.ExportPermission, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        var name = TextNormalizer.Name(request.FileName);
        if (name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^5].TrimEnd();
        }

        if (name.Length == 0)
        {
            errors.Add(new FieldError(nameof(ExportRequest.FileName), l["Validation.Required", l["Downloads.FileName"]]));
        }
        else if (name.Length > Export.FileNameMax)
        {
            errors.Add(new FieldError(nameof(ExportRequest.FileName), l["Validation.MaxLength", l["Downloads.FileName"], Export.FileNameMax]));
        }
        else if (name.IndexOfAny(NotInFileNames) >= 0 || name.StartsWith('.'))
        {
            errors.Add(new FieldError(nameof(ExportRequest.FileName), l["Downloads.Error.FileNameChars"]));
        }

        var fields = source.Fields.Where(f => request.Fields.Contains(f.Key)).Select(f => f.Key).ToList();
        if (fields.Count == 0)
        {
            errors.Add(new FieldError(nameof(ExportRequest.Fields), l["Downloads.Error.NoFields"]));
        }

        IReadOnlyList<ExportCondition> conditions;
        try
        {
            conditions = source.Describe(request.Parameters, l);
        }
        catch (JsonException)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Downloads.Error.Filter"]);
        }

        if (errors.Count > 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, errors[0].Message) { Fields = errors };
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var job = jobs.Enqueue(db, JobKind, user.AccountId, new { }, user);
        db.Exports.Add(new Export
        {
            Id = job.Id,
            AccountId = user.AccountId!.Value,
            Source = source.Key,
            FileName = name + ".xlsx",
            Parameters = request.Parameters,
            Conditions = JsonSerializer.Serialize(conditions.Select(c => new[] { c.LabelKey, c.Value })),
            Fields = JsonSerializer.Serialize(fields),
            Culture = CultureInfo.CurrentUICulture.Name,
            TimeZone = user.TimeZone,
            RequestedById = user.UserId,
            RequestedBy = user.UserName,
            CreatedAt = job.CreatedAt,
            ExpiresAt = job.CreatedAt.AddDays(options.Value.RetentionDays),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        jobs.Wake();
        return job.Id;
    }

    public async Task<Result<PagedResult<DownloadRow>>> ListAsync(DownloadQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.DownloadView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        var visible = sources.Where(s => user.Can(s.ViewPermission)).Select(s => s.Key).ToList();
        await using var db = await dbs.ForAsync(user, ct);
        var query = from e in db.Exports.AsNoTracking()
                    join j in db.Jobs.AsNoTracking() on e.Id equals j.Id
                    where visible.Contains(e.Source)
                    select new { e, j };
        if (filter.State is { } state)
        {
            query = query.Where(x => x.j.State == state);
        }

        if (page.Term is { } term)
        {
            query = query.Where(x => x.e.FileName.Contains(term));
        }

        var rows = await query.OrderByDescending(x => x.e.CreatedAt).ThenByDescending(x => x.e.Id)
            .Select(x => new
            {
                x.e.Id, x.e.FileName, x.e.Source, x.e.Conditions, x.e.RequestedBy, x.e.CreatedAt, x.j.State, x.j.Done, x.j.Total, x.j.ResultRows,
                x.e.Size, x.e.ExpiresAt, x.j.ErrorKey, x.j.ErrorArgs, x.e.FileId,
            })
            .ToPageAsync(page, ct);
        var items = rows.Items.Select(r =>
        {
            var source = Source(r.Source)!;
            var conditions = (JsonSerializer.Deserialize<string[][]>(r.Conditions) ?? []).Select(c => new ExportCondition(c[0], c[1])).ToList();
            var error = r.ErrorKey is null ? null : l[r.ErrorKey, (JsonSerializer.Deserialize<string[]>(r.ErrorArgs ?? "[]") ?? []).Cast<object>().ToArray()].Value;
            return new DownloadRow(r.Id, r.FileName, source.TitleKey, conditions, r.RequestedBy, r.CreatedAt, r.State, r.Done, r.Total, r.ResultRows,
                r.Size, r.ExpiresAt, error, r.FileId, user.Can(source.ExportPermission));
        }).ToList();
        return new PagedResult<DownloadRow>(items, rows.Total);
    }

    public Task<Result> CancelAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, (db, token) => jobs.CancelAsync(db, id, token), ct);

    public Task<Result> RetryAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, async (db, token) =>
        {
            // A retried export writes its file afresh: the failed or cancelled run left none.
            var retried = await jobs.RetryAsync(db, id, token);
            if (retried)
            {
                var now = Now;
                await db.Exports.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ExpiresAt, now.AddDays(options.Value.RetentionDays)), token);
            }

            return retried;
        }, ct);

    /// <summary>Deletes an ended export and its file; a running one is cancelled first.</summary>
    public Task<Result> DeleteAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, async (db, token) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var ended = new[] { JobState.Succeeded, JobState.Failed, JobState.Cancelled };
            var deleted = await db.Jobs.Where(j => j.Id == id && ended.Contains(j.State)).ExecuteDeleteAsync(token) == 1;
            if (!deleted)
            {
                return false;
            }

            if (await db.Exports.SingleOrDefaultAsync(e => e.Id == id, token) is { } export)
            {
                db.Exports.Remove(export);
                await files.RemoveAsync(db, export.FileId is { } fileId ? [fileId] : [], token);
            }

            await db.SaveChangesAsync(token);
            await tx.CommitAsync(token);
            return true;
        }, ct);

    /// <summary>Checks the export permission of the file's source, then applies a change conditional on the job's state.</summary>
    private async Task<Result> ChangeAsync(Guid id, Func<KooMessageDb, CancellationToken, Task<bool>> change, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.DownloadView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        var sourceKey = await db.Exports.AsNoTracking().Where(e => e.Id == id).Select(e => e.Source).SingleOrDefaultAsync(ct);
        if (sourceKey is null || Source(sourceKey) is not { } source || !user.Can(source.ViewPermission))
        {
            return new KmError(ErrorCodes.NotFound, l["Downloads.Error.NotFound"]);
        }

        var mayExport = await guard.AuthorizeAsync(source.ExportPermission, ct);
        if (mayExport.Error is { } refused)
        {
            return refused;
        }

        return await change(db, ct) ? Result.Ok() : new KmError(ErrorCodes.Conflict, l["Downloads.Error.StateChanged"]);
    }
}
