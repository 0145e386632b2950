using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.SmsTemplates;

public sealed record SmsTemplateQuery(SmsTemplateStatus? Status = null, SignatureType? Type = null);

public sealed record SmsTemplateRow(
    Guid Id, string Name, SignatureType Type, string SignatureName, string AppName, string Content, int VariableCount, SmsTemplateStatus Status,
    string? ReviewDesc, DateTime SubmittedAt, DateTime CreatedAt, int Version);

public sealed record SmsTemplateDetail(
    Guid Id, SmsTemplateForm Form, SmsTemplateStatus Status, string? ReviewDesc, string SignatureName, string AppName, DateTime SubmittedAt, int Version)
{
    public IReadOnlyList<SmsTemplateVariable> Variables =>
        [.. Form.Variables.Select(v => new SmsTemplateVariable { Index = v.Index, Type = v.Type, Description = v.Description })];
}

/// <summary>An approved signature a template may go under, with its type (the template's default type).</summary>
public sealed record SmsTemplateSignature(Guid Id, string Name, SignatureType Type, string AppName);

public sealed class SmsTemplateService(
    AccessGuard guard,
    TenantDb dbs,
    AuditLog audit,
    SensitiveWordMatcher sensitiveWords,
    IValidator<SmsTemplateForm> validator,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    private static readonly SortColumns<SmsTemplate> Sorts = new SortColumns<SmsTemplate>()
        .Add(nameof(SmsTemplateRow.Name), t => t.Name).Add(nameof(SmsTemplateRow.Status), t => t.Status).Add(nameof(SmsTemplateRow.SubmittedAt), t => t.SubmittedAt);

    public async Task<Result<PagedResult<SmsTemplateRow>>> ListAsync(SmsTemplateQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SmsTemplateView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.SmsTemplates.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(t => t.Status == status);
        }

        if (filter.Type is { } type)
        {
            query = query.Where(t => t.Type == type);
        }

        if (page.Term is { } term)
        {
            query = query.Where(t => t.Name.Contains(term) || t.Content.Contains(term));
        }

        var rows = await Sorts.Apply(query, page, q => q.OrderByDescending(t => t.CreatedAt)).ThenBy(t => t.Id)
            .Select(t => new
            {
                t.Id, t.Name, t.Type, t.SignatureId, t.Content, t.Variables.Count, t.Status, t.ReviewDesc, t.SubmittedAt, t.CreatedAt, t.Version,
            })
            .ToPageAsync(page, ct);
        var names = await SignatureNamesAsync(db, rows.Items.Select(r => r.SignatureId), ct);
        return new PagedResult<SmsTemplateRow>(
            [.. rows.Items.Select(r => new SmsTemplateRow(r.Id, r.Name, r.Type, names.GetValueOrDefault(r.SignatureId).Name ?? "", names.GetValueOrDefault(r.SignatureId).App ?? "",
                r.Content, r.Count, r.Status, r.ReviewDesc, r.SubmittedAt, r.CreatedAt, r.Version))],
            rows.Total);
    }

    public async Task<Result<SmsTemplateDetail>> GetAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SmsTemplateView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var detail = await DetailAsync(db, id, ct);
        return detail is null ? NotFound() : detail;
    }

    /// <summary>The template through whatever context the caller holds (a tenant's, or the review queue's).</summary>
    public static async Task<SmsTemplateDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var t = await db.SmsTemplates.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (t is null)
        {
            return null;
        }

        var names = await SignatureNamesAsync(db, [t.SignatureId], ct);
        var form = new SmsTemplateForm
        {
            Name = t.Name, SignatureId = t.SignatureId, Type = t.Type, Content = t.Content, Description = t.Description,
            Variables = [.. t.Variables.OrderBy(v => v.Index).Select(v => new SmsVariableForm { Index = v.Index, Type = v.Type, Description = v.Description })],
        };
        var (signature, app) = names.GetValueOrDefault(t.SignatureId);
        return new SmsTemplateDetail(t.Id, form, t.Status, t.ReviewDesc, signature ?? "", app ?? "", t.SubmittedAt, t.Version);
    }

    /// <summary>The signatures a template may be created under: the account's approved ones (KM.00001483).</summary>
    public async Task<IReadOnlyList<SmsTemplateSignature>> SignaturesAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SmsTemplateView, ct);
        if (!auth.IsSuccess)
        {
            return [];
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await db.Signatures.AsNoTracking().Where(s => s.Status == SignatureStatus.ReviewPassed).OrderBy(s => s.Name)
            .Select(s => new SmsTemplateSignature(s.Id, s.Name, s.Type, db.Set<SmsApp>().Where(a => a.Id == s.AppId).Select(a => a.Name).FirstOrDefault() ?? ""))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Creates a template (to 审核中), or edits a rejected one and sends it back, only if it is still at
    /// <paramref name="version"/> (the version the user opened; ignored when creating). Needs an approved signature
    /// (KM.00001483); refuses a name the account already has, sensitive words, and an edit of a template not rejected
    /// (KM.00001484).
    /// </summary>
    public async Task<Result<Guid>> SaveAsync(Guid? id, int version, SmsTemplateForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SmsTemplateManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var user = auth.Value;
        var name = TextNormalizer.Name(form.Name);
        var content = SmsTemplateForm.CleanContent(form.Content);
        if (await sensitiveWords.CheckAsync(name, l, ct) is { } sensitiveName)
        {
            return sensitiveName.OnField(nameof(SmsTemplateForm.Name));
        }

        if (await sensitiveWords.CheckAsync(content, l, ct) is { } sensitiveContent)
        {
            return sensitiveContent.OnField(nameof(SmsTemplateForm.Content));
        }

        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Signatures.AnyAsync(s => s.Id == form.SignatureId && s.Status == SignatureStatus.ReviewPassed, ct))
        {
            return new KmError("KM.00001483", l["SmsTemplates.SignatureNotApproved"]).OnField(nameof(SmsTemplateForm.SignatureId));
        }

        if (await db.SmsTemplates.AnyAsync(t => t.Name == name && t.Id != id, ct))
        {
            return Duplicate(name);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        SmsTemplate? template;
        object? before = null;
        if (id is { } existing)
        {
            template = await db.SmsTemplates.SingleOrDefaultAsync(t => t.Id == existing, ct);
            if (template is null)
            {
                return NotFound();
            }

            if (template.Version != version)
            {
                return Stale();
            }

            if (template.Status != SmsTemplateStatus.Reject)
            {
                return new KmError("KM.00001484", l["SmsTemplates.NotEditable"]);
            }

            before = Snapshot(template);
            db.Entry(template).Property(t => t.Version).OriginalValue = version;
            template.Version = version + 1;
        }
        else
        {
            template = new SmsTemplate { AccountId = user.AccountId!.Value, CreatedAt = now };
            db.SmsTemplates.Add(template);
        }

        template.Name = name;
        template.SignatureId = form.SignatureId!.Value;
        template.Type = form.Type;
        template.Content = content;
        template.Description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim();
        template.Variables = [.. form.Variables.OrderBy(v => v.Index).Select(v => new SmsTemplateVariable
        {
            Index = v.Index, Type = v.Type, Description = string.IsNullOrWhiteSpace(v.Description) ? null : v.Description.Trim(),
        })];
        template.Status = SmsTemplateStatus.Reviewing;
        template.ReviewDesc = null;
        template.SubmittedAt = now;
        template.SubmittedBy = user.UserId;
        template.UpdatedAt = now;
        ReviewTickets.Open(db, SmsTemplateReviewSource.Subject(template), now);
        audit.Record(db, user, new AuditChange(template.AccountId, id is null ? AuditActions.Create : AuditActions.Submit, SmsTemplatesModule.AuditType,
            template.Id.ToString(), template.Name, before, Snapshot(template)));
        if (await db.SaveOrConflictAsync(id is null ? Duplicate(name).Message : l["SmsTemplates.Stale"], ct, id is null ? nameof(SmsTemplateForm.Name) : null) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return template.Id;
    }

    /// <summary>Deletes a template not in review, only if it is still at <paramref name="version"/> (OAS DeleteAimMsgTemplate).</summary>
    public async Task<Result> DeleteAsync(Guid id, int version, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SmsTemplateManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var template = await db.SmsTemplates.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return NotFound();
        }

        if (template.Version != version)
        {
            return Stale();
        }

        if (template.Status == SmsTemplateStatus.Reviewing)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["SmsTemplates.InReview"]);
        }

        db.Entry(template).Property(t => t.Version).OriginalValue = version;
        db.SmsTemplates.Remove(template);
        audit.Record(db, user, new AuditChange(template.AccountId, AuditActions.Delete, SmsTemplatesModule.AuditType,
            template.Id.ToString(), template.Name, Snapshot(template), null));
        if (await db.SaveOrConflictAsync(l["SmsTemplates.Stale"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    private static async Task<Dictionary<Guid, (string? Name, string? App)>> SignatureNamesAsync(KooMessageDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Signatures.AsNoTracking().Where(s => wanted.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, App = db.Set<SmsApp>().Where(a => a.Id == s.AppId).Select(a => a.Name).FirstOrDefault() })
            .ToDictionaryAsync(s => s.Id, s => ((string?)s.Name, s.App), ct);
    }

    private KmError NotFound() => new(ErrorCodes.NotFound, l["SmsTemplates.NotFound"]);

    private KmError Stale() => new(ErrorCodes.Conflict, l["SmsTemplates.Stale"]);

    private KmError Duplicate(string name) => new KmError(ErrorCodes.Conflict, l["SmsTemplates.Exists", name]).OnField(nameof(SmsTemplateForm.Name));

    internal static object Snapshot(SmsTemplate t) => new
    {
        t.Name, t.SignatureId, Type = SignatureStates.WireName(t.Type), t.Content, t.Description,
        Variables = t.Variables.Select(v => new { v.Index, Type = v.Type.ToString(), v.Description }).ToList(),
        Status = SmsTemplateStates.WireName(t.Status), t.ReviewDesc,
    };
}
