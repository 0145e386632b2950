using System.Security.Cryptography;
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
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.H5;
using KooMessage.Console.Features.Templates.Rules;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Templates;

public enum TemplateTab
{
    Mine,
    Public,
}

/// <summary>The list's filters; the name is the list's search.</summary>
public sealed record TemplateQuery(TemplateTab Tab = TemplateTab.Mine, string? CardId = null, Vendor? Vendor = null, TemplateAuditState? AuditState = null, bool? Enabled = null);

/// <summary>A row of either tab; a public template is always enabled and approved and has no <see cref="Version"/> to race on.</summary>
public sealed record TemplateRow(
    string TplId, bool IsPublic, string Name, string CardId, IReadOnlyList<Vendor> Vendors, TemplateUse Use, bool Enabled,
    TemplateAuditState AuditState, string? AuditDesc, bool HasDraft, bool HasApproved, DateTime UpdatedAt, int Version)
{
    /// <summary>Deleting (and editing) waits until no version is in review.</summary>
    public bool InReview => AuditState == TemplateAuditState.InReview;
}

/// <summary>The version the builder edits: the draft, or the approved one when nothing is drafted since.</summary>
public sealed record TemplateDraft(string TplId, bool IsPublic, int VersionNumber, TemplateVersionState State, TemplateDocument Document, TemplateAuditState AuditState, int Version);

/// <summary>The materials' facts by src and the approved signatures' names, for the builder.</summary>
public sealed record BuilderFacts(IReadOnlyDictionary<string, MaterialFacts> Materials, IReadOnlyList<string> Signatures);

/// <summary>A vendor's review of the newest submitted version.</summary>
public sealed record VendorReview(Vendor Vendor, VendorActivationState State, string? Reason);

/// <summary>预览: the row, the document it shows and each vendor's review.</summary>
public sealed record TemplateDetail(TemplateRow Row, TemplateDocument Document, int VersionNumber, IReadOnlyList<VendorReview> Vendors)
{
    /// <summary>The H5 page of the version shown (the draft, else the approved one); null for a public starter, which has no versions.</summary>
    public string? H5Url { get; init; }

    /// <summary>The approved version's H5 page, the one short links open, when a newer draft is shown instead.</summary>
    public string? ApprovedH5Url { get; init; }
}

/// <summary>A targeted vendor the submission left out, with what that vendor refuses.</summary>
public sealed record VendorRefusal(Vendor Vendor, IReadOnlyList<string> Messages);

/// <summary>Which targeted vendors review the submitted version, and which were left out and why.</summary>
public sealed record SubmitResult(IReadOnlyList<Vendor> Proceeding, IReadOnlyList<VendorRefusal> Dropped);

/// <summary>新建模板: what the small dialog asks before the builder opens.</summary>
public sealed class NewTemplateForm
{
    public string Name { get; set; } = "";

    public string CardId { get; set; } = "";

    public IReadOnlyCollection<Vendor> Vendors { get; set; } = [];

    public TemplateUse Use { get; set; } = TemplateUse.Commercial;
}

public sealed class NewTemplateFormValidator : AbstractValidator<NewTemplateForm>
{
    public NewTemplateFormValidator(IStringLocalizer<SharedResource> l)
    {
        var settings = RuleBook.Default.Settings;
        var test = settings.TestWord.Value;
        RuleFor(x => TextNormalizer.Name(x.Name)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.TemplateName"]]).OverridePropertyName(nameof(NewTemplateForm.Name))
            .Must(v => v.Length <= settings.NameMax.Value).WithMessage(_ => l["Validation.Length", l["Field.TemplateName"], settings.NameMin.Value, settings.NameMax.Value])
            .Must((form, v) => form.Use == TemplateUse.TrialCommercial || !v.Contains(test, StringComparison.Ordinal))
                .WithMessage(_ => l["Templates.CommercialNoTest", test])
            .Must((form, v) => form.Use == TemplateUse.Commercial || v.Contains(test, StringComparison.Ordinal))
                .WithMessage(_ => l["Templates.TrialNeedsTest", test]);
        RuleFor(x => x.CardId).Must(RuleBook.Default.Layouts.ContainsKey).WithMessage(_ => l["Validation.Required", l["Field.Layout"]]);
        RuleFor(x => x.Vendors).NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.TargetVendors"]]);
    }
}

/// <summary>
/// 模板管理: the account's templates and the platform's starters, drafts saved as versions, and submission to one review
/// per targeted vendor. Every write applies only to the state the user saw (<see cref="AimTemplate.Version"/>).
/// </summary>
public sealed class TemplateService(
    AccessGuard guard, TenantDb dbs, AuditLog audit, IValidator<NewTemplateForm> validator, SensitiveWordMatcher words,
    TemplateChanges changes, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public static readonly SortColumns<AimTemplate> Sorts = new SortColumns<AimTemplate>()
        .Add(nameof(TemplateRow.Name), t => t.Name)
        .Add(nameof(TemplateRow.UpdatedAt), t => t.UpdatedAt);

    private static readonly SortColumns<AimPublicTemplate> PublicSorts = new SortColumns<AimPublicTemplate>()
        .Add(nameof(TemplateRow.Name), t => t.Name)
        .Add(nameof(TemplateRow.UpdatedAt), t => t.UpdatedAt);

    public async Task<Result<PagedResult<TemplateRow>>> ListAsync(TemplateQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        if (filter.Tab == TemplateTab.Public)
        {
            var starters = await PublicQuery(db, filter, page.Term).ToPageAsync(page, ct);
            return new PagedResult<TemplateRow>([.. starters.Items.Select(PublicRow)], starters.Total);
        }

        var rows = await Query(db, filter, page.Term, page).ToPageAsync(page, ct);
        return new PagedResult<TemplateRow>([.. rows.Items.Select(Row)], rows.Total);
    }

    /// <summary>我的模板 filtered and ordered (the list's and the export's query).</summary>
    public static IQueryable<AimTemplate> Query(KooMessageDb db, TemplateQuery filter, string? term, PageRequest page)
    {
        var query = db.AimTemplates.AsNoTracking();
        if (filter.CardId is { Length: > 0 } card)
        {
            query = query.Where(t => t.CardId == card);
        }

        if (filter.Vendor is { } vendor)
        {
            var marker = "," + VendorNames.Wire(vendor) + ",";
            query = query.Where(t => t.Vendors.Contains(marker));
        }

        if (filter.AuditState is { } state)
        {
            query = query.Where(t => t.AuditState == state);
        }

        if (filter.Enabled is { } enabled)
        {
            query = query.Where(t => t.Enabled == enabled);
        }

        if (term is not null)
        {
            var search = TemplateStarters.SearchText(term);
            query = query.Where(t => t.SearchName.Contains(search) || t.TplId == term);
        }

        return Sorts.Apply(query, page, q => q.OrderByDescending(t => t.UpdatedAt)).ThenByDescending(t => t.TplId);
    }

    public async Task<Result<TemplateDraft>> GetDraftAsync(string tplId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await DraftAsync(db, tplId, ct) is { } draft ? draft : NotFound();
    }

    /// <summary>
    /// What the builder knows beside the draft: the pixels, bytes and format of the materials <paramref name="document"/>
    /// uses (for the image and video checks), and the account's approved SMS signatures to choose from.
    /// </summary>
    public async Task<Result<BuilderFacts>> BuilderFactsAsync(TemplateDocument document, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var materials = await TemplateMaterials.FactsAsync(db, document, ct);
        var signatures = await db.Signatures.AsNoTracking().Where(s => s.Status == SignatureStatus.ReviewPassed)
            .OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct);
        return new BuilderFacts(materials, signatures);
    }

    /// <summary>预览 of a public or own template, with each vendor's review of its newest submission.</summary>
    public async Task<Result<TemplateDetail>> GetDetailAsync(string tplId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        if (await DraftAsync(db, tplId, ct) is not { } d)
        {
            return NotFound();
        }

        if (d.IsPublic)
        {
            var starter = await db.AimPublicTemplates.AsNoTracking().SingleAsync(t => t.TplId == tplId, ct);
            return new TemplateDetail(PublicRow(starter), d.Document, 1, [.. d.Document.TargetVendors.Select(v => new VendorReview(v, VendorActivationState.Activated, null))]);
        }

        var template = await db.AimTemplates.AsNoTracking().SingleAsync(t => t.TplId == tplId, ct);
        var submitted = await db.AimTemplateVersions.AsNoTracking()
            .Where(v => v.TemplateId == template.Id && v.State != TemplateVersionState.Draft)
            .OrderByDescending(v => v.Number).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        var vendors = submitted is null ? [] : await db.AimTemplateVendors.AsNoTracking().Where(v => v.VersionId == submitted)
            .OrderBy(v => v.Vendor).Select(v => new VendorReview(v.Vendor, v.State, v.Reason)).ToListAsync(ct);
        var tokens = await db.AimTemplateVersions.AsNoTracking()
            .Where(v => v.Id == template.DraftVersionId || v.Id == template.ApprovedVersionId).ToDictionaryAsync(v => v.Id, v => v.PublicToken, ct);
        string? Url(Guid? id) => id is { } versionId && tokens.TryGetValue(versionId, out var token) ? H5Pages.PageUrl(token) : null;
        return new TemplateDetail(Row(template), d.Document, d.VersionNumber, vendors)
        {
            H5Url = Url(template.DraftVersionId ?? template.ApprovedVersionId),
            ApprovedH5Url = template.DraftVersionId is null ? null : Url(template.ApprovedVersionId),
        };
    }

    /// <summary>新建模板: an empty draft of the layout, aimed at the chosen vendors; returns its tpl_id for the builder.</summary>
    public async Task<Result<string>> CreateAsync(NewTemplateForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var name = TextNormalizer.Name(form.Name);
        return await AddAsync(auth.Value, TemplateStarters.Blank(form.CardId, name, form.Use, form.Vendors), null, ct);
    }

    /// <summary>复制: a new draft with the public or own template's newest content, named as a copy.</summary>
    public async Task<Result<string>> CopyAsync(string tplId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        TemplateDraft? source;
        await using (var db = await dbs.ForAsync(auth.Value, ct))
        {
            source = await DraftAsync(db, tplId, ct);
        }

        if (source is null)
        {
            return NotFound();
        }

        var document = source.Document;
        var max = RuleBook.Default.Settings.NameMax.Value;
        var copyName = l["Templates.CopyName", document.Name].Value;
        document = document with { Name = copyName.Length <= max ? copyName : document.Name };
        return await AddAsync(auth.Value, document, tplId, ct);
    }

    /// <summary>
    /// Saves the builder's document as the draft (autosave too) while the template is still at <paramref name="expectedVersion"/>.
    /// The approved version is never written: editing an approved or rejected template starts a new draft version.
    /// </summary>
    public async Task<Result<int>> SaveDraftAsync(string tplId, TemplateDocument document, int expectedVersion, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (!RuleBook.Default.Layouts.ContainsKey(document.CardId))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.Required", l["Field.Layout"]]);
        }

        document = document with { Name = TextNormalizer.Name(document.Name) };
        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var found = await OwnAsSeenAsync(db, tplId, expectedVersion, notInReview: true, ct);
        if (found.Error is { } refused)
        {
            return refused;
        }

        var template = found.Value;

        var now = clock.GetUtcNow().UtcDateTime;
        var json = TemplateJson.Serialize(document);
        var draft = template.DraftVersionId is { } draftId ? await db.AimTemplateVersions.SingleAsync(v => v.Id == draftId, ct) : null;
        if (draft is { State: TemplateVersionState.Draft })
        {
            draft.Document = json;
        }
        else
        {
            draft = NewVersion(template, await NextNumberAsync(db, template.Id, ct), json, user, now);
            db.AimTemplateVersions.Add(draft);
            template.DraftVersionId = draft.Id;
        }

        Apply(template, document);
        template.UpdatedAt = now;
        template.Version++;
        if (await db.SaveOrConflictAsync(l["Templates.Changed"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return template.Version;
    }

    /// <summary>启用 / 禁用 (tpl_state).</summary>
    public async Task<Result> SetEnabledAsync(string tplId, bool enabled, int expectedVersion, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        var found = await OwnAsSeenAsync(db, tplId, expectedVersion, notInReview: false, ct);
        if (found.Error is { } refused)
        {
            return refused;
        }

        var template = found.Value;

        template.Enabled = enabled;
        template.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        template.Version++;
        audit.Record(db, user, new AuditChange(template.AccountId, enabled ? AuditActions.Enable : AuditActions.Disable, TemplatesModule.AuditType,
            template.TplId, template.Name, new { Enabled = !enabled }, new { Enabled = enabled }));
        if (await db.SaveOrConflictAsync(l["Templates.Changed"], ct) is { } conflict)
        {
            return conflict;
        }

        changes.Raise(template.TplId);
        return Result.Ok();
    }

    /// <summary>Deletes a template with all its versions; refused while a version is in review.</summary>
    public async Task<Result> DeleteAsync(string tplId, int expectedVersion, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var found = await OwnAsSeenAsync(db, tplId, expectedVersion, notInReview: true, ct);
        if (found.Error is { } refused)
        {
            return refused;
        }

        var template = found.Value;

        // An approved version may still wait for some vendors: those reviews leave the queue with it.
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var review in await db.AimTemplateVendors.Where(v => v.TemplateId == template.Id && v.State == VendorActivationState.Pending).Select(v => v.Id).ToListAsync(ct))
        {
            await ReviewTickets.WithdrawAsync(db, TemplateReviewSource.KindName, review, user.UserName, now, ct);
        }

        db.AimTemplates.Remove(template);
        audit.Record(db, user, new AuditChange(template.AccountId, AuditActions.Delete, TemplatesModule.AuditType, template.TplId, template.Name,
            new { template.CardId, template.AuditState }, null));
        if (await db.SaveOrConflictAsync(l["Templates.Changed"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        changes.Raise(template.TplId);
        return Result.Ok();
    }

    /// <summary>
    /// 提交审核: the draft (or, unchanged, the last rejected version) is checked; a sensitive word (KM.90016801), parameters
    /// that differ (KM.90016802) or any other error of the template itself stops it; a targeted vendor whose rules it
    /// breaks is left out, and every other targeted vendor gets a review ticket on its own desk.
    /// </summary>
    public async Task<Result<SubmitResult>> SubmitAsync(string tplId, int expectedVersion, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var found = await OwnAsSeenAsync(db, tplId, expectedVersion, notInReview: true, ct);
        if (found.Error is { } refused)
        {
            return refused;
        }

        var template = found.Value;

        var draft = template.DraftVersionId is { } draftId ? await db.AimTemplateVersions.SingleAsync(v => v.Id == draftId, ct) : null;
        if (draft is null)
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["Templates.NothingToSubmit", template.Name]);
        }

        var document = TemplateJson.Parse(draft.Document);
        if (await TemplateCheck.SensitiveWordsAsync(document, words.FindAsync, ct) is [var sensitive, ..])
        {
            return new KmError(sensitive.Code, sensitive.Message(l));
        }

        var check = TemplateCheck.Run(document, await TemplateMaterials.FactsAsync(db, document, ct));
        var errors = check.Template.Where(v => v.Severity == Rules.Severity.Error).ToList();
        if (errors.FirstOrDefault(v => v.Rule == RuleCodes.ParamsMismatch) is { } mismatch)
        {
            return new KmError(mismatch.Code, mismatch.Message(l));
        }

        if (errors.Count > 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Templates.TemplateErrors", l.JoinList(errors.Select(e => e.Message(l)).Distinct())]);
        }

        var targeted = document.TargetVendors.Order().ToList();
        if (targeted.Count == 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.Required", l["Field.TargetVendors"]]);
        }

        var proceeding = targeted.Where(check.CanSubmitTo).ToList();
        var dropped = targeted.Except(proceeding)
            .Select(v => new VendorRefusal(v, [.. check.Vendors[v].Where(e => e.Severity == Rules.Severity.Error).Select(e => e.Message(l)).Distinct()]))
            .ToList();
        if (proceeding.Count == 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Templates.NoVendorLeft",
                string.Join(l["Common.ClauseSeparator"], dropped.Select(d => l["Templates.VendorRefused", VendorText(d.Vendor), l.JoinList(d.Messages)].Value))]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (draft.State == TemplateVersionState.Rejected)
        {
            draft = NewVersion(template, await NextNumberAsync(db, template.Id, ct), draft.Document, user, now);
            db.AimTemplateVersions.Add(draft);
            template.DraftVersionId = draft.Id;
        }
        else if (draft.State != TemplateVersionState.Draft)
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["Templates.NothingToSubmit", template.Name]);
        }

        draft.State = TemplateVersionState.Submitted;
        draft.SubmittedAt = now;
        draft.SubmittedBy = user.UserId;
        template.AuditState = TemplateAuditState.InReview;
        template.AuditDesc = null;
        template.UpdatedAt = now;
        template.Version++;
        foreach (var vendor in proceeding)
        {
            var review = db.AimTemplateVendors.Add(new AimTemplateVendor { AccountId = template.AccountId, TemplateId = template.Id, VersionId = draft.Id, Vendor = vendor }).Entity;
            ReviewTickets.Open(db, TemplateReviewSource.Subject(template, review), now, VendorNames.Wire(vendor), VendorNames.Wire(vendor));
        }

        audit.Record(db, user, new AuditChange(template.AccountId, AuditActions.Submit, TemplatesModule.AuditType, template.TplId, template.Name,
            null, new { Version = draft.Number, Vendors = proceeding.Select(VendorNames.Wire), Dropped = dropped.Select(d => VendorNames.Wire(d.Vendor)) }));
        if (await db.SaveOrConflictAsync(l["Templates.Changed"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return new SubmitResult(proceeding, dropped);
    }

    public static string VendorText(Vendor vendor) => VendorNames.Wire(vendor);

    internal static TemplateRow Row(AimTemplate t) => new(
        t.TplId, false, t.Name, t.CardId, AimTemplate.ParseVendors(t.Vendors), t.Use, t.Enabled, t.AuditState, t.AuditDesc,
        t.DraftVersionId is not null && t.AuditState != TemplateAuditState.InReview, t.ApprovedVersionId is not null, t.UpdatedAt, t.Version);

    private static TemplateRow PublicRow(AimPublicTemplate t) => new(
        t.TplId, true, t.Name, t.CardId, AimTemplate.ParseVendors(t.Vendors), t.Use, true, TemplateAuditState.Approved, null, false, true, t.UpdatedAt, 0);

    private static IQueryable<AimPublicTemplate> PublicQuery(KooMessageDb db, TemplateQuery filter, string? term)
    {
        var query = db.AimPublicTemplates.AsNoTracking();
        if (filter.CardId is { Length: > 0 } card)
        {
            query = query.Where(t => t.CardId == card);
        }

        if (filter.Vendor is { } vendor)
        {
            var marker = "," + VendorNames.Wire(vendor) + ",";
            query = query.Where(t => t.Vendors.Contains(marker));
        }

        if (filter.AuditState is { } state && state != TemplateAuditState.Approved || filter.Enabled == false)
        {
            query = query.Where(_ => false);
        }

        if (term is not null)
        {
            var search = TemplateStarters.SearchText(term);
            query = query.Where(t => t.SearchName.Contains(search) || t.TplId == term);
        }

        return query.OrderBy(t => t.TplId);
    }

    /// <summary>A public starter, or the account's template at its draft (else its approved version); null when neither exists here.</summary>
    internal static async Task<TemplateDraft?> DraftAsync(KooMessageDb db, string tplId, CancellationToken ct)
    {
        if (await db.AimPublicTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.TplId == tplId, ct) is { } starter)
        {
            return new TemplateDraft(starter.TplId, true, 1, TemplateVersionState.Approved, TemplateJson.Parse(starter.Document), TemplateAuditState.Approved, 0);
        }

        var template = await db.AimTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.TplId == tplId, ct);
        if (template is null)
        {
            return null;
        }

        var version = await db.AimTemplateVersions.AsNoTracking().SingleAsync(v => v.Id == (template.DraftVersionId ?? template.ApprovedVersionId), ct);
        return new TemplateDraft(template.TplId, false, version.Number, version.State, TemplateJson.Parse(version.Document), template.AuditState, template.Version);
    }

    private async Task<Result<string>> AddAsync(UserContext user, TemplateDocument document, string? copiedFrom, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        // A drawn id that is taken fails on the unique index; a few draws among 800 million make that vanishingly rare.
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbs.ForAsync(user, ct);
            var template = AddNew(db, user, document, now);
            audit.Record(db, user, new AuditChange(template.AccountId, AuditActions.Create, TemplatesModule.AuditType, template.TplId, template.Name, null,
                new { template.CardId, template.Use, Vendors = template.Vendors.Trim(','), CopiedFrom = copiedFrom }));
            if (await db.SaveOrConflictAsync(l["Templates.Changed"], ct) is not { } conflict)
            {
                return template.TplId;
            }

            if (attempt == 4)
            {
                return conflict;
            }
        }
    }

    /// <summary>Adds a new template (a fresh tpl_id) whose first version is a draft of <paramref name="document"/>; the caller saves.</summary>
    internal static AimTemplate AddNew(KooMessageDb db, UserContext user, TemplateDocument document, DateTime now)
    {
        var template = new AimTemplate
        {
            AccountId = user.AccountId!.Value, TplId = NewTplId(), CreatedBy = user.UserName, CreatedAt = now, UpdatedAt = now,
            AuditState = TemplateAuditState.NotSubmitted,
        };
        Apply(template, document);
        var version = NewVersion(template, 1, TemplateJson.Serialize(document), user, now);
        template.DraftVersionId = version.Id;
        db.AimTemplates.Add(template);
        db.AimTemplateVersions.Add(version);
        return template;
    }

    /// <summary>A nine-digit tpl_id outside the public starters' range.</summary>
    public static string NewTplId() => RandomNumberGenerator.GetInt32(200_000_000, 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Apply(AimTemplate template, TemplateDocument document)
    {
        template.Name = document.Name.Length <= 100 ? document.Name : document.Name[..100];
        template.SearchName = TemplateStarters.SearchText(template.Name);
        template.CardId = document.CardId;
        template.Use = document.Use;
        template.Vendors = AimTemplate.VendorList(document.TargetVendors);
    }

    private static AimTemplateVersion NewVersion(AimTemplate template, int number, string json, UserContext user, DateTime now) => new()
    {
        AccountId = template.AccountId, TemplateId = template.Id, Number = number, Document = json, State = TemplateVersionState.Draft,
        CreatedBy = user.UserName, CreatedAt = now,
    };

    private static async Task<int> NextNumberAsync(KooMessageDb db, Guid templateId, CancellationToken ct) =>
        (await db.AimTemplateVersions.Where(v => v.TemplateId == templateId).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;

    /// <summary>
    /// The account's own template as the user saw it (<paramref name="expectedVersion"/>), for a change: a public starter
    /// is read-only, another version means someone changed it meanwhile, and one in review is left alone when asked.
    /// </summary>
    private async Task<Result<AimTemplate>> OwnAsSeenAsync(KooMessageDb db, string tplId, int expectedVersion, bool notInReview, CancellationToken ct)
    {
        var template = await db.AimTemplates.SingleOrDefaultAsync(t => t.TplId == tplId, ct);
        if (template is null)
        {
            return await db.AimPublicTemplates.AnyAsync(t => t.TplId == tplId, ct) ? PublicReadOnly() : NotFound();
        }

        if (template.Version != expectedVersion)
        {
            return Changed();
        }

        return notInReview && template.AuditState == TemplateAuditState.InReview
            ? new KmError(ErrorCodes.PreconditionFailed, l["Templates.InReview", template.Name])
            : template;
    }

    private KmError NotFound() => new(ErrorCodes.NotFound, l["Templates.NotFound"]);

    private KmError Changed() => new(ErrorCodes.Conflict, l["Templates.Changed"]);

    private KmError PublicReadOnly() => new(ErrorCodes.Unauthorized, l["Templates.PublicReadOnly"]);
}
