using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Signatures;

public sealed record SignatureQuery(SignatureStatus? Status = null, SignatureType? Type = null);

public sealed record SignatureRow(
    Guid Id, string Name, SignatureType Type, string AppName, SignatureSource Source, SignatureStatus Status, string? ChannelNumber,
    string? ReviewDesc, DateTime SubmittedAt, DateTime? UrgedAt, DateTime CreatedAt);

public sealed record SignatureDetail(
    Guid Id, SignatureForm Form, SignatureStatus Status, string? ReviewDesc, string? ChannelNumber, string AppName, DateTime SubmittedAt,
    IReadOnlyList<FileView> Licenses, FileView? PowerOfAttorney);

/// <summary>Files chosen in the dialog: new licence images (replacing the old ones when any are chosen) and a new power of attorney.</summary>
public sealed record SignatureUploads(IReadOnlyList<UploadedFile> Licenses, UploadedFile? PowerOfAttorney)
{
    public static readonly SignatureUploads None = new([], null);
}

/// <summary>What deleting a signature takes with it, shown before the user confirms.</summary>
public sealed record SignatureDeletionPlan(string Name, SignatureStatus Status, string? ChannelNumber, int FileCount, IReadOnlyList<string> Templates);

public sealed class SignatureService(
    AccessGuard guard,
    TenantDb dbs,
    FileStore files,
    AuditLog audit,
    SensitiveWordMatcher sensitiveWords,
    IValidator<SignatureForm> validator,
    IOptions<ConsoleOptions> options,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    private static readonly SortColumns<Signature> Sorts = new SortColumns<Signature>()
        .Add(nameof(SignatureRow.Name), s => s.Name).Add(nameof(SignatureRow.Status), s => s.Status).Add(nameof(SignatureRow.SubmittedAt), s => s.SubmittedAt);

    /// <summary>A power of attorney may be a PDF or a scan.</summary>
    public static readonly UploadRule PowerOfAttorneyRule = new("Field.PowerOfAttorney", [FileKind.Pdf, FileKind.Jpeg, FileKind.Png], UploadRule.TwoMegabytes);

    /// <summary>营业执照: jpg/png/gif/jpeg, each at most 2 MB (OAS AddAimMsgSignature).</summary>
    public static readonly UploadRule LicenseRule = UploadRule.LicenseImage;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>催审 is offered once a waiting signature has waited long enough, and not again within the interval.</summary>
    /// <summary>When 催审 is possible, in the reader's language (the disabled button's tooltip, the refusal's message).</summary>
    public string UrgeRule => l["Signatures.CannotUrge", options.Value.UrgeAfterMinutes, options.Value.UrgeIntervalMinutes];

    public bool CanUrge(SignatureStatus status, DateTime submittedAt, DateTime? urgedAt, DateTime now) =>
        SignatureStates.Waiting.Contains(status)
        && now - submittedAt >= TimeSpan.FromMinutes(options.Value.UrgeAfterMinutes)
        && (urgedAt is null || now - urgedAt.Value >= TimeSpan.FromMinutes(options.Value.UrgeIntervalMinutes));

    public async Task<Result<PagedResult<SignatureRow>>> ListAsync(SignatureQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SignatureView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await Query(db, filter, page.Term, page).ToPageAsync(page, ct);
    }

    public async Task<Result<SignatureDetail>> GetAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SignatureView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var detail = await DetailAsync(db, id, ct);
        return detail is null ? NotFound() : detail;
    }

    /// <summary>The signature with its files, through whatever context the caller holds (a tenant's, or the review queue's).</summary>
    public static async Task<SignatureDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var s = await db.Signatures.AsNoTracking().Include(x => x.Files).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null)
        {
            return null;
        }

        var ids = s.Files.Select(f => f.FileId).ToList();
        var stored = await db.StoredFiles.AsNoTracking().Where(f => ids.Contains(f.Id) && f.AccountId == s.AccountId)
            .ToDictionaryAsync(f => f.Id, f => new FileView(f.Id, f.FileName, f.ContentType), ct);
        var appName = await db.SmsApps.Where(a => a.Id == s.AppId).Select(a => a.Name).SingleOrDefaultAsync(ct) ?? "";
        var form = new SignatureForm
        {
            Name = s.Name, Type = s.Type, AppId = s.AppId, Source = s.Source, SourceTitleContent = s.SourceTitleContent,
            IsInvolvedThird = s.IsInvolvedThird, ApplyDesc = s.ApplyDesc,
        };
        FileView? Of(SignatureFile f) => stored.GetValueOrDefault(f.FileId);
        return new SignatureDetail(
            s.Id, form, s.Status, s.ReviewDesc, s.ChannelNumber, appName, s.SubmittedAt,
            s.Files.Where(f => f.Purpose == SignatureFilePurpose.License).Select(Of).OfType<FileView>().ToList(),
            s.Files.Where(f => f.Purpose == SignatureFilePurpose.PowerOfAttorney).Select(Of).OfType<FileView>().FirstOrDefault());
    }

    /// <summary>
    /// Registers a signature (to PENDING_REVIEW), or edits a refused one and sends it back. Needs an approved enterprise
    /// filing; refuses a name and type the account already has (KM.00001486) and sensitive words (KM.90016801).
    /// </summary>
    public async Task<Result<Guid>> SaveAsync(Guid? id, SignatureForm form, SignatureUploads uploads, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SignatureManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var user = auth.Value;
        var accountId = user.AccountId!.Value;
        var name = TextNormalizer.Name(form.Name);
        if (await sensitiveWords.CheckAsync(name, l, ct) is { } sensitive)
        {
            return sensitive.OnField(nameof(SignatureForm.Name));
        }

        await using var db = await dbs.ForAsync(user, ct);
        if (!await db.Enterprises.AnyAsync(e => e.Status == FilingStatus.Approved, ct))
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["Signatures.FilingRequired"]);
        }

        if (!await db.SmsApps.AnyAsync(a => a.Id == form.AppId && a.Status != SmsAppStatus.Suspended, ct))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Signatures.AppMissing"]);
        }

        if (uploads.Licenses.Count > Signature.MaxLicenseImages)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Signatures.TooManyLicenses", Signature.MaxLicenseImages]).OnField(nameof(SignatureUploads.Licenses));
        }

        var thirdParty = form.IsInvolvedThird;
        var attorney = thirdParty ? uploads.PowerOfAttorney : null;
        var refused = uploads.Licenses.Select(u => FileStore.Check(u, LicenseRule, l)?.OnField(nameof(SignatureUploads.Licenses)))
            .Append(attorney is null ? null : FileStore.Check(attorney, PowerOfAttorneyRule, l)?.OnField(nameof(SignatureUploads.PowerOfAttorney)))
            .OfType<KmError>().ToList();
        if (refused.Count > 0)
        {
            return refused[0] with { Message = string.Join(" ", refused.Select(r => r.Message)), Fields = [.. refused.SelectMany(r => r.Fields)] };
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);

        // Inside the transaction, whose writers SQLite queues at BEGIN IMMEDIATE: of four tabs submitting the same
        // signature, the first saves and the others see its row here, before any of their files is added.
        if (await db.Signatures.AnyAsync(s => s.Name == name && s.Type == form.Type && s.Id != id, ct))
        {
            return Duplicate();
        }

        var now = Now;
        Signature? signature;
        object? before = null;
        if (id is { } existing)
        {
            signature = await db.Signatures.Include(s => s.Files).SingleOrDefaultAsync(s => s.Id == existing, ct);
            if (signature is null)
            {
                return NotFound();
            }

            if (SignatureStates.Next(signature.Status, SignatureAction.Resubmit) is not { } next)
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Signatures.NotEditable"]);
            }

            before = Snapshot(signature);
            signature.Status = next;
        }
        else
        {
            signature = new Signature { AccountId = accountId, CreatedAt = now, Status = SignatureStatus.PendingReview };
            db.Signatures.Add(signature);
        }

        signature.Name = name;
        signature.Type = form.Type;
        signature.AppId = form.AppId!.Value;
        signature.Source = form.Source;
        signature.SourceTitleContent = SignatureForm.NeedsSourceTitle(form.Source) ? form.SourceTitleContent?.Trim() : null;
        signature.IsInvolvedThird = thirdParty;
        signature.ApplyDesc = string.IsNullOrWhiteSpace(form.ApplyDesc) ? null : form.ApplyDesc.Trim();
        signature.SubmittedAt = now;
        signature.SubmittedBy = user.UserId;
        signature.UpdatedAt = now;
        signature.ReviewDesc = null;
        signature.UrgedAt = null;

        if (uploads.Licenses.Count == 0 && signature.Files.All(f => f.Purpose != SignatureFilePurpose.License))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.UploadRequired", l["Field.License"]]).OnField(nameof(SignatureUploads.Licenses));
        }

        if (thirdParty && attorney is null && signature.Files.All(f => f.Purpose != SignatureFilePurpose.PowerOfAttorney))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Signatures.PowerOfAttorneyRequired"]).OnField(nameof(SignatureUploads.PowerOfAttorney));
        }

        var replaced = new List<Guid>();
        if (uploads.Licenses.Count > 0)
        {
            Replace(db, user, signature, SignatureFilePurpose.License, uploads.Licenses, replaced);
        }

        if (attorney is not null)
        {
            Replace(db, user, signature, SignatureFilePurpose.PowerOfAttorney, [attorney], replaced);
        }

        if (!thirdParty)
        {
            Drop(signature, SignatureFilePurpose.PowerOfAttorney, replaced);
        }

        ReviewTickets.Open(db, SignatureReviewSource.Subject(signature), now);
        if (await db.SaveOrConflictAsync(Duplicate().Message, ct, nameof(SignatureForm.Name)) is { } conflict)
        {
            return conflict;
        }

        await files.RemoveAsync(db, replaced, ct);
        audit.Record(db, user, new AuditChange(accountId, id is null ? AuditActions.Create : AuditActions.Submit, SignaturesModule.AuditType,
            signature.Id.ToString(), signature.Name, before, Snapshot(signature)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return signature.Id;
    }

    public async Task<Result> UrgeAsync(Guid id, CancellationToken ct) =>
        await ChangeAsync(id, AuditActions.Urge, async (db, signature, now) =>
        {
            if (!CanUrge(signature.Status, signature.SubmittedAt, signature.UrgedAt, now))
            {
                return new KmError(ErrorCodes.InvalidParameter, UrgeRule);
            }

            signature.UrgedAt = now;
            await ReviewTickets.UrgeAsync(db, SignatureReviewSource.KindName, signature.Id, now, ct);
            return Result.Ok();
        }, ct);

    public async Task<Result> RequestActivationAsync(Guid id, CancellationToken ct) =>
        await ChangeAsync(id, AuditActions.Submit, (db, signature, now) =>
        {
            if (SignatureStates.Next(signature.Status, SignatureAction.RequestActivation) is not { } next)
            {
                return Task.FromResult<Result>(new KmError(ErrorCodes.InvalidParameter, l["Signatures.IllegalMove"]));
            }

            signature.Status = next;
            signature.SubmittedAt = now;
            signature.UrgedAt = null;
            ReviewTickets.Open(db, SignatureReviewSource.Subject(signature), now);
            return Task.FromResult(Result.Ok());
        }, ct);

    public async Task<Result<SignatureDeletionPlan>> DeletionPlanAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SignatureManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var plan = await db.Signatures.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SignatureDeletionPlan(s.Name, s.Status, s.ChannelNumber, s.Files.Count, new List<string>()))
            .SingleOrDefaultAsync(ct);
        if (plan is null)
        {
            return NotFound();
        }

        var templates = await db.SmsTemplates.AsNoTracking().Where(t => t.SignatureId == id).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
        return plan with { Templates = templates };
    }

    /// <summary>Deletes the signature, its channel number, its files and its SMS templates in one transaction (OAS DeleteAimMsgSignature).</summary>
    public async Task<Result> DeleteAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SignatureManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var signature = await db.Signatures.Include(s => s.Files).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (signature is null)
        {
            return NotFound();
        }

        var fileIds = signature.Files.Select(f => f.FileId).ToList();

        // Its SMS templates go with it (the foreign key cascades); those in review leave the queue.
        foreach (var template in await db.SmsTemplates.Where(t => t.SignatureId == id && t.Status == SmsTemplateStatus.Reviewing).Select(t => t.Id).ToListAsync(ct))
        {
            await ReviewTickets.WithdrawAsync(db, SmsTemplateReviewSource.KindName, template, user.UserName, Now, ct);
        }

        db.Signatures.Remove(signature);
        await files.RemoveAsync(db, fileIds, ct);
        await ReviewTickets.WithdrawAsync(db, SignatureReviewSource.KindName, signature.Id, user.UserName, Now, ct);
        audit.Record(db, user, new AuditChange(signature.AccountId, AuditActions.Delete, SignaturesModule.AuditType,
            signature.Id.ToString(), signature.Name, Snapshot(signature), null));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    internal static IQueryable<SignatureRow> Query(KooMessageDb db, SignatureQuery filter, string? term, PageRequest order)
    {
        var query = db.Signatures.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(s => s.Status == status);
        }

        if (filter.Type is { } type)
        {
            query = query.Where(s => s.Type == type);
        }

        if (term is not null)
        {
            query = query.Where(s => s.Name.Contains(term));
        }

        return Sorts.Apply(query, order, q => q.OrderByDescending(s => s.CreatedAt)).ThenBy(s => s.Id).Select(s => new SignatureRow(
            s.Id, s.Name, s.Type, db.Set<SmsApp>().Where(a => a.Id == s.AppId).Select(a => a.Name).FirstOrDefault() ?? "",
            s.Source, s.Status, s.ChannelNumber, s.ReviewDesc, s.SubmittedAt, s.UrgedAt, s.CreatedAt));
    }

    private void Replace(KooMessageDb db, UserContext user, Signature signature, SignatureFilePurpose purpose, IReadOnlyList<UploadedFile> uploads, List<Guid> replaced)
    {
        var added = uploads.Select(upload => files.Add(db, user, signature.AccountId, upload))
            .Select(saved => new SignatureFile { AccountId = signature.AccountId, Purpose = purpose, FileId = saved.Id }).ToList();
        Drop(signature, purpose, replaced);
        signature.Files.AddRange(added);
    }

    private static void Drop(Signature signature, SignatureFilePurpose purpose, List<Guid> replaced)
    {
        var old = signature.Files.Where(f => f.Purpose == purpose).ToList();
        replaced.AddRange(old.Select(f => f.FileId));
        signature.Files.RemoveAll(old.Contains);
    }

    /// <summary>
    /// A tenant's change to one signature: read and written in one write transaction (on SQLite, BEGIN IMMEDIATE: no
    /// other writer runs in between), so the change applies to the state it was decided on.
    /// </summary>
    private async Task<Result> ChangeAsync(Guid id, string action, Func<KooMessageDb, Signature, DateTime, Task<Result>> change, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SignatureManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var signature = await db.Signatures.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (signature is null)
        {
            return NotFound();
        }

        var before = Snapshot(signature);
        var now = Now;
        var result = await change(db, signature, now);
        if (result.Error is { } error)
        {
            return error;
        }

        signature.UpdatedAt = now;
        audit.Record(db, auth.Value, new AuditChange(signature.AccountId, action, SignaturesModule.AuditType, signature.Id.ToString(), signature.Name, before, Snapshot(signature)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    private KmError NotFound() => new(ErrorCodes.NotFound, l["Signatures.NotFound"]);

    private KmError Duplicate() => new KmError("KM.00001486", l["Signatures.Exists"]).OnField(nameof(SignatureForm.Name));

    private static object Snapshot(Signature s) => new
    {
        s.Name, Type = SignatureStates.WireName(s.Type), s.AppId, s.Source, s.SourceTitleContent, s.IsInvolvedThird, s.ApplyDesc,
        Status = SignatureStates.WireName(s.Status), s.ChannelNumber, s.UrgedAt,
    };
}
