using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Enterprises;

public sealed record EnterpriseRow(
    Guid Id, string Name, string CreditCode, CertificateType CertificateType, FilingScenarios Scenarios,
    FilingStatus Status, string? ReviewReason, DateTime? SubmittedAt, DateTime UpdatedAt);

public sealed record MaterialView(MaterialKind Kind, FileView File, bool Approved);

public sealed record EnterpriseDetail(
    Guid Id, EnterpriseForm Form, FilingStatus Status, string? ReviewReason, DateTime? SubmittedAt, DateTime? ReviewedAt, FileView? License, IReadOnlyList<MaterialView> Materials);

/// <summary>Files chosen in the filing dialog: a new licence image and new materials by kind (what is not chosen is kept).</summary>
public sealed record FilingUploads(UploadedFile? License, IReadOnlyDictionary<MaterialKind, UploadedFile> Materials)
{
    public static readonly FilingUploads None = new(null, new Dictionary<MaterialKind, UploadedFile>());

    /// <summary>The field key of one material's upload in errors (<see cref="KmError.Fields"/>).</summary>
    public static string MaterialField(MaterialKind kind) => $"{nameof(Materials)}.{kind}";
}

public sealed class EnterpriseService(
    AccessGuard guard,
    TenantDb dbs,
    FileStore files,
    AuditLog audit,
    IValidator<EnterpriseForm> validator,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    private static readonly SortColumns<Enterprise> Sorts = new SortColumns<Enterprise>()
        .Add(nameof(EnterpriseRow.Name), e => e.Name).Add(nameof(EnterpriseRow.Status), e => e.Status).Add(nameof(EnterpriseRow.SubmittedAt), e => e.SubmittedAt);

    public async Task<Result<PagedResult<EnterpriseRow>>> ListAsync(PageRequest page, FilingStatus? status, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.FilingView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.Enterprises.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(e => e.Status == wanted);
        }

        if (page.Term is { } term)
        {
            query = query.Where(e => e.Name.Contains(term) || e.CreditCode.Contains(term));
        }

        return await Sorts.Apply(query, page, q => q.OrderByDescending(e => e.UpdatedAt)).ThenBy(e => e.Id)
            .Select(e => new EnterpriseRow(e.Id, e.Name, e.CreditCode, e.CertificateType, e.Scenarios, e.Status, e.ReviewReason, e.SubmittedAt, e.UpdatedAt))
            .ToPageAsync(page, ct);
    }

    /// <summary>Whether the caller's account has an approved filing (signatures need one).</summary>
    public async Task<bool> HasApprovedAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SignatureView, ct);
        if (!auth.IsSuccess)
        {
            return false;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await db.Enterprises.AnyAsync(e => e.Status == FilingStatus.Approved, ct);
    }

    public async Task<Result<EnterpriseDetail>> GetAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.FilingView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var detail = await DetailAsync(db, id, ct);
        return detail is null ? new KmError(ErrorCodes.NotFound, l["Filings.NotFound"]) : detail;
    }

    /// <summary>The filing with its files, read through whatever context the caller holds (a tenant's, or the review queue's).</summary>
    public static async Task<EnterpriseDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var e = await db.Enterprises.AsNoTracking().Include(x => x.Materials).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (e is null)
        {
            return null;
        }

        var fileIds = e.Materials.Select(m => m.FileId).Append(e.LicenseFileId ?? Guid.Empty).ToList();
        var stored = await db.StoredFiles.AsNoTracking().Where(f => fileIds.Contains(f.Id) && f.AccountId == e.AccountId)
            .ToDictionaryAsync(f => f.Id, f => new FileView(f.Id, f.FileName, f.ContentType), ct);
        var form = new EnterpriseForm
        {
            CertificateType = e.CertificateType, Name = e.Name, CreditCode = e.CreditCode, ContactName = e.ContactName,
            ContactPhone = e.ContactPhone, ContactEmail = e.ContactEmail, EnterpriseType = e.EnterpriseType, Industry = e.Industry,
            Scenarios = e.Scenarios,
        };
        return new EnterpriseDetail(
            e.Id, form, e.Status, e.ReviewReason, e.SubmittedAt, e.ReviewedAt,
            e.LicenseFileId is { } license && stored.TryGetValue(license, out var view) ? view : null,
            e.Materials.Where(m => stored.ContainsKey(m.FileId)).OrderBy(m => m.Kind).Select(m => new MaterialView(m.Kind, stored[m.FileId], m.Approved)).ToList());
    }

    /// <summary>
    /// Creates or edits a filing (only a draft or a rejected one), storing newly chosen files; with <paramref name="submit"/>
    /// it also checks that every required file is there and sends the filing to review. All or nothing: every upload is
    /// checked before any is added, and the new files move into the store only when the transaction commits.
    /// </summary>
    public async Task<Result<Guid>> SaveAsync(Guid? id, EnterpriseForm form, FilingUploads uploads, bool submit, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.FilingManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        // A draft is refused only for what is filled in wrongly; a submission also for what is missing, uploads included,
        // each at its field (the missing uploads are known once the filing is read, below).
        var invalid = await validator.CheckAsync(form, submit ? EnterpriseFormValidator.SubmitRuleSets : EnterpriseFormValidator.DraftRuleSets, ct);
        if (invalid is not null && !submit)
        {
            return invalid;
        }

        var wanted = MaterialCatalog.For(form.Scenarios);
        var materials = uploads.Materials.Where(u => wanted.Any(r => r.Kind == u.Key))
            .Select(u => (u.Key, Upload: u.Value, wanted.First(r => r.Kind == u.Key).Rule)).ToList();
        var refused = (uploads.License is { } chosen ? [FileStore.Check(chosen, UploadRule.LicenseImage, l)?.OnField(nameof(FilingUploads.License))] : Array.Empty<KmError?>())
            .Concat(materials.Select(m => FileStore.Check(m.Upload, m.Rule, l)?.OnField(FilingUploads.MaterialField(m.Key))))
            .OfType<KmError>().ToList();
        if (refused.Count > 0)
        {
            return refused[0] with { Message = string.Join(" ", refused.Select(r => r.Message)), Fields = [.. refused.SelectMany(r => r.Fields)] };
        }

        var user = auth.Value;
        var accountId = user.AccountId!.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Enterprise? enterprise;
        object? before = null;
        if (id is { } existing)
        {
            enterprise = await db.Enterprises.Include(e => e.Materials).SingleOrDefaultAsync(e => e.Id == existing, ct);
            if (enterprise is null)
            {
                return new KmError(ErrorCodes.NotFound, l["Filings.NotFound"]);
            }

            if (!Enterprise.IsEditable(enterprise.Status))
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Filings.NotEditable"]);
            }

            before = Snapshot(enterprise);
        }
        else
        {
            enterprise = new Enterprise { AccountId = accountId, CreatedAt = now };
            db.Enterprises.Add(enterprise);
        }

        if (submit)
        {
            var missing = Missing(enterprise.LicenseFileId is not null || uploads.License is not null, enterprise.Materials.Select(m => m.Kind).Concat(materials.Select(m => m.Key)), wanted);
            if (missing.Count > 0 || invalid is not null)
            {
                return Refused(invalid, missing);
            }
        }

        var code = form.CreditCode;
        if (code.Length > 0 && await db.Enterprises.AnyAsync(e => e.CreditCode == code && e.Id != enterprise.Id, ct))
        {
            return new KmError(ErrorCodes.Conflict, l["Filings.DuplicateCode", code]).OnField(nameof(EnterpriseForm.CreditCode));
        }

        if (submit)
        {
            enterprise.Status = FilingStatus.Reviewing;
            enterprise.SubmittedAt = now;
            enterprise.SubmittedBy = user.UserId;
            enterprise.ReviewReason = null;
        }

        Apply(enterprise, form, now);
        if (submit)
        {
            ReviewTickets.Open(db, FilingReviewSource.Subject(enterprise), now);
        }

        var replaced = new List<Guid>();
        if (uploads.License is { } license)
        {
            var saved = files.Add(db, user, accountId, license);
            replaced.AddRange(enterprise.LicenseFileId is { } old ? [old] : []);
            enterprise.LicenseFileId = saved.Id;
        }

        foreach (var (kind, upload, _) in materials)
        {
            var saved = files.Add(db, user, accountId, upload);
            var previous = enterprise.Materials.Where(m => m.Kind == kind).ToList();
            replaced.AddRange(previous.Select(m => m.FileId));
            enterprise.Materials.RemoveAll(previous.Contains);
            enterprise.Materials.Add(new EnterpriseMaterial { AccountId = accountId, Kind = kind, FileId = saved.Id });
        }

        var dropped = enterprise.Materials.Where(m => wanted.All(r => r.Kind != m.Kind)).ToList();
        replaced.AddRange(dropped.Select(m => m.FileId));
        enterprise.Materials.RemoveAll(dropped.Contains);

        await db.SaveChangesAsync(ct);
        await files.RemoveAsync(db, replaced, ct);
        audit.Record(db, user, new AuditChange(
            accountId, submit ? AuditActions.Submit : id is null ? AuditActions.Create : AuditActions.Update,
            EnterprisesModule.AuditType, enterprise.Id.ToString(), enterprise.Name, before, Snapshot(enterprise)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return enterprise.Id;
    }

    /// <summary>A submission's refusal: the form's errors and then one per missing upload, each at its field.</summary>
    private KmError Refused(KmError? invalid, List<(string Field, string Label)> missing)
    {
        var uploads = missing.Select(m => new FieldError(m.Field, l["Validation.UploadRequired", m.Label])).ToList();
        var message = missing.Count > 0 ? l["Filings.Missing", l.JoinList(missing.Select(m => m.Label))].Value : null;
        return new KmError(invalid?.Code ?? ErrorCodes.InvalidParameter, string.Join(" ", new[] { invalid?.Message, message }.OfType<string>()))
        {
            Fields = [.. invalid?.Fields ?? [], .. uploads],
        };
    }

    private List<(string Field, string Label)> Missing(bool hasLicense, IEnumerable<MaterialKind> present, IReadOnlyList<MaterialRequirement> wanted)
    {
        var kinds = present.ToHashSet();
        var missing = new List<(string Field, string Label)>();
        if (!hasLicense)
        {
            missing.Add((nameof(FilingUploads.License), l["Field.License"]));
        }

        missing.AddRange(wanted.Where(r => r.Required && !kinds.Contains(r.Kind)).Select(r => (FilingUploads.MaterialField(r.Kind), l[$"Material.{r.Kind}"].Value)));
        return missing;
    }

    private static void Apply(Enterprise e, EnterpriseForm form, DateTime now)
    {
        e.CertificateType = form.CertificateType;
        e.Name = TextNormalizer.Name(form.Name);
        e.CreditCode = form.CreditCode;
        e.ContactName = form.ContactName.Trim();
        e.ContactPhone = form.ContactPhone.Trim();
        e.ContactEmail = form.ContactEmail.Trim();
        e.EnterpriseType = form.EnterpriseType;
        e.Industry = form.Industry;
        e.Scenarios = form.Scenarios;
        e.UpdatedAt = now;
    }

    private static object Snapshot(Enterprise e) => new
    {
        e.Name, e.CertificateType, e.CreditCode, e.ContactName, e.ContactPhone, e.ContactEmail, e.EnterpriseType, e.Industry,
        e.Scenarios, e.Status, Materials = e.Materials.Select(m => m.Kind).Order().ToList(), e.LicenseFileId,
    };
}
