using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceMenus;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceNumbers;

public sealed record ServiceNumberQuery(ServiceNumberState? State = null, ApproveState? Approve = null);

public sealed record ServiceNumberRow(
    Guid Id, string Name, string Remark, ServiceNumberIndustry Industry, ServiceNumberState State, ApproveState ApproveState,
    ApproveState? HomepageApprove, string? LogoUrl, bool HasPendingChange, DateTime UpdatedAt);

/// <summary>An approved signature of the account a service number may speak for.</summary>
public sealed record SignatureChoice(Guid Id, string Name);

/// <summary>The homepage as the detail shows it.</summary>
public sealed record HomepageView(
    Guid Id, HomepageContent Content, HomepageContent? LiveContent, ServiceNumberState State, ApproveState ApproveState, string? ChangeReason,
    string? ReviewDesc, DateTime SubmittedAt, DateTime? UrgedAt, int Version);

public sealed record ServiceNumberDetail(
    Guid Id, ServiceNumberProfile Live, ServiceNumberProfile? Pending, ServiceNumberState State, ApproveState ApproveState, string? ChangeReason,
    string? ReviewDesc, DateTime? OnlineAt, DateTime? FrozenAt, DateTime? UrgedAt, DateTime SubmittedAt, int Version,
    IReadOnlyDictionary<Guid, ServiceImageRow> Images, HomepageView? Homepage)
{
    public bool WasApproved => OnlineAt is not null;

    public string Display => $"{Live.Name}（{Live.Remark}）";

    /// <summary>What the owner edits next: the change in review or rejected, else the live profile.</summary>
    public ServiceNumberProfile Latest => Pending ?? Live;
}

/// <summary>
/// 一站式创建: the profile, its homepage and its menu submitted together, written in one transaction by
/// <see cref="ServiceNumberService.CreateAsync"/>; each part is then reviewed on its own.
/// </summary>
public sealed record OneStopSubmission(ServiceNumberForm Profile, HomepageForm Homepage, MenuDraft Menu);

/// <summary>Which part of a service number 催审 is for.</summary>
public enum ServiceNumberPart
{
    Profile,
    Homepage,
}

/// <summary>
/// 服务号资料 and 主页: create both at once, edit either (reviewed beside what is live), freeze at once, ask to unfreeze,
/// 催审. Every write is conditional on the version the user saw, checks the user's role in the database and leaves an
/// audit entry; refusals name their field.
/// </summary>
public sealed class ServiceNumberService(
    AccessGuard guard,
    TenantDb dbs,
    ServiceNumberNames names,
    ServiceNumberDirectory directory,
    ServiceMenuService menus,
    AuditLog audit,
    IValidator<ServiceNumberForm> profileValidator,
    IValidator<HomepageForm> homepageValidator,
    ChinaRegions regions,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<Result<PagedResult<ServiceNumberRow>>> ListAsync(ServiceNumberQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.ServiceNumbers.AsNoTracking();
        if (filter.State is { } state)
        {
            query = query.Where(s => s.State == state);
        }

        if (filter.Approve is { } approve)
        {
            query = query.Where(s => s.ApproveState == approve);
        }

        if (page.Term is { } term)
        {
            query = query.Where(s => s.Name.Contains(term) || s.Remark.Contains(term));
        }

        var homepages = db.Set<ServiceHomepage>();
        var images = db.Set<ServiceImage>();
        var rows = await query.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id)
            .Select(s => new
            {
                s.Id, s.Name, s.Remark, s.Industry, s.State, s.ApproveState, s.UpdatedAt, Pending = s.PendingProfile != null,
                Homepage = homepages.Where(h => h.ServiceNumberId == s.Id).Select(h => (ApproveState?)h.ApproveState).FirstOrDefault(),
                LogoFile = images.Where(i => i.Id == s.LogoImageId).Select(i => (Guid?)i.FileId).FirstOrDefault(),
            })
            .ToPageAsync(page, ct);
        return new PagedResult<ServiceNumberRow>(
            [.. rows.Items.Select(r => new ServiceNumberRow(r.Id, r.Name, r.Remark, r.Industry, r.State, r.ApproveState, r.Homepage,
                r.LogoFile is { } f ? ServiceImage.UrlOf(f) : null, r.Pending, r.UpdatedAt))],
            rows.Total);
    }

    public async Task<Result<ServiceNumberDetail>> GetAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await DetailAsync(db, id, ct) is { } detail ? detail : NotFound();
    }

    /// <summary>The service number through whatever context the caller holds (a tenant's, or the review queue's).</summary>
    public static async Task<ServiceNumberDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var s = await db.ServiceNumbers.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null)
        {
            return null;
        }

        var h = await db.ServiceHomepages.AsNoTracking().SingleOrDefaultAsync(x => x.ServiceNumberId == id, ct);
        var imageIds = ImageIds(s.LiveProfile).Concat(s.PendingProfile is { } p ? ImageIds(p) : [])
            .Concat(h is null ? [] : ImageIds(h.Content).Concat(h.LiveContent is { } live ? ImageIds(live) : []))
            .Where(i => i != Guid.Empty).Distinct().ToList();
        var images = await db.ServiceImages.AsNoTracking().Where(i => i.AccountId == s.AccountId && imageIds.Contains(i.Id)).ToListAsync(ct);
        var homepage = h is null ? null : new HomepageView(h.Id, h.Content, h.LiveContent, s.State == ServiceNumberState.Frozen ? ServiceNumberState.Frozen : h.State,
            h.ApproveState, h.ChangeReason, h.ReviewDesc, h.SubmittedAt, h.UrgedAt, h.Version);
        return new ServiceNumberDetail(s.Id, s.LiveProfile, s.PendingProfile, s.State, s.ApproveState, s.ChangeReason, s.ReviewDesc, s.OnlineAt, s.FrozenAt,
            s.UrgedAt, s.SubmittedAt, s.Version, images.ToDictionary(i => i.Id, ServiceImageService.Row), homepage);
    }

    /// <summary>The account's approved signatures whose names fit a service number (2–18 characters).</summary>
    public async Task<IReadOnlyList<SignatureChoice>> SignatureChoicesAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberView, ct);
        if (!auth.IsSuccess)
        {
            return [];
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var rows = await db.Signatures.AsNoTracking().Where(s => s.Status == SignatureStatus.ReviewPassed).OrderBy(s => s.Name)
            .Select(s => new SignatureChoice(s.Id, s.Name)).ToListAsync(ct);
        return [.. rows.Where(s => s.Name.Length is >= ServiceNumberRules.SignatureNameMin and <= ServiceNumberRules.SignatureNameMax)];
    }

    /// <summary>
    /// 一站式创建: the profile, its homepage and its menu, checked together (each refusal on its field) and written in
    /// one transaction with a review ticket for each part.
    /// </summary>
    public async Task<Result<Guid>> CreateAsync(OneStopSubmission submission, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        submission.Profile.RequiresChangeReason = false;
        submission.Homepage.RequiresChangeReason = false;
        var invalid = Merge(await profileValidator.CheckAsync(submission.Profile, ct), Prefixed(await homepageValidator.CheckAsync(submission.Homepage, ct), HomepagePrefix));
        if (invalid is not null)
        {
            return invalid;
        }

        var user = auth.Value;
        var accountId = user.AccountId!.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var profile = await CheckProfileAsync(db, accountId, null, submission.Profile, ct);
        var content = await CheckHomepageAsync(db, submission.Homepage, ct);
        if (Merge(profile.Error, Prefixed(content.Error, HomepagePrefix)) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var number = new ServiceNumber
        {
            AccountId = accountId, State = ServiceNumberState.Inactive, ApproveState = ApproveState.Reviewing, SubmittedBy = user.UserId,
            SubmittedAt = now, CreatedAt = now, UpdatedAt = now,
        };
        number.Apply(profile.Value);
        db.ServiceNumbers.Add(number);
        var homepage = new ServiceHomepage
        {
            AccountId = accountId, ServiceNumberId = number.Id, Content = content.Value, State = ServiceNumberState.Inactive, ApproveState = ApproveState.Reviewing,
            SubmittedBy = user.UserId, SubmittedAt = now, CreatedAt = now, UpdatedAt = now,
        };
        db.ServiceHomepages.Add(homepage);
        ReviewTickets.Open(db, ServiceNumberReviewSource.Subject(number), now);
        ReviewTickets.Open(db, HomepageReviewSource.Subject(number, homepage), now);

        // The menu: version 1 in review with its own ticket, in this transaction (its rules checked by the menu module).
        if (await menus.CreateFirstVersionAsync(db, user, number, submission.Menu, now, ct) is { Error: { } menuRefused })
        {
            return menuRefused;
        }

        audit.Record(db, user, new AuditChange(accountId, AuditActions.Create, ServiceNumbersModule.AuditType, number.Id.ToString(), number.Name, null, Snapshot(number)));
        audit.Record(db, user, new AuditChange(accountId, AuditActions.Create, ServiceNumbersModule.HomepageAuditType, homepage.Id.ToString(), number.Name, null, homepage.Content));
        if (await db.SaveOrConflictAsync(l["ServiceNumbers.NameTaken"], ct, nameof(ServiceNumberForm.Remark)) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return number.Id;
    }

    /// <summary>
    /// Edits the profile at <paramref name="version"/>. Before the first approval it replaces what is in review's place
    /// (after a rejection); after it, the change needs a reason and waits in review while the live profile stays in force.
    /// </summary>
    public async Task<Result> UpdateProfileAsync(Guid id, int version, ServiceNumberForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await directory.RequireWritableAsync(db, id, ct) is { Error: { } blocked })
        {
            return blocked;
        }

        var number = await db.ServiceNumbers.SingleAsync(s => s.Id == id, ct);
        if (number.Version != version)
        {
            return Stale();
        }

        if (!ServiceNumberRules.CanEditProfile(number.State, number.ApproveState))
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["ServiceNumbers.NotEditable"]);
        }

        form.RequiresChangeReason = number.WasApproved;
        if (await profileValidator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var profile = await CheckProfileAsync(db, number.AccountId, id, form, ct);
        if (profile.Error is { } refused)
        {
            return refused;
        }

        var before = Snapshot(number);
        var now = clock.GetUtcNow().UtcDateTime;
        db.Entry(number).Property(s => s.Version).OriginalValue = version;
        number.Version = version + 1;
        if (number.WasApproved)
        {
            number.PendingProfile = profile.Value;
            number.ChangeReason = ServiceNumberForm.CleanText(form.ChangeReason);
        }
        else
        {
            number.Apply(profile.Value);
        }

        number.ApproveState = ApproveState.Reviewing;
        number.ReviewDesc = null;
        number.UrgedAt = null;
        number.SubmittedBy = user.UserId;
        number.SubmittedAt = now;
        number.UpdatedAt = now;
        ReviewTickets.Open(db, ServiceNumberReviewSource.Subject(number), now);
        audit.Record(db, user, new AuditChange(number.AccountId, AuditActions.Submit, ServiceNumbersModule.AuditType, id.ToString(), number.Name, before, Snapshot(number)));
        if (await db.SaveOrConflictAsync(l["ServiceNumbers.Stale"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>Edits the homepage at <paramref name="version"/> (its own version) with a reason; the live homepage stays until the change is approved.</summary>
    public async Task<Result> UpdateHomepageAsync(Guid serviceNumberId, int version, HomepageForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await directory.RequireWritableAsync(db, serviceNumberId, ct) is { Error: { } blocked })
        {
            return blocked;
        }

        var number = await db.ServiceNumbers.AsNoTracking().SingleAsync(s => s.Id == serviceNumberId, ct);
        var homepage = await db.ServiceHomepages.SingleOrDefaultAsync(h => h.ServiceNumberId == serviceNumberId, ct);
        if (homepage is not null && homepage.Version != version)
        {
            return Stale();
        }

        if (homepage is not null && !ServiceNumberRules.CanEditHomepage(number.State, homepage.ApproveState))
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["Homepage.NotEditable"]);
        }

        form.RequiresChangeReason = homepage is not null;
        if (await homepageValidator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var content = await CheckHomepageAsync(db, form, ct);
        if (content.Error is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        object? before = homepage?.Content;
        if (homepage is null)
        {
            homepage = new ServiceHomepage { AccountId = number.AccountId, ServiceNumberId = serviceNumberId, CreatedAt = now };
            db.ServiceHomepages.Add(homepage);
        }
        else
        {
            db.Entry(homepage).Property(h => h.Version).OriginalValue = version;
            homepage.Version = version + 1;
        }

        homepage.Content = content.Value;
        homepage.ChangeReason = form.RequiresChangeReason ? ServiceNumberForm.CleanText(form.ChangeReason) : null;
        homepage.ApproveState = ApproveState.Reviewing;
        homepage.ReviewDesc = null;
        homepage.UrgedAt = null;
        homepage.SubmittedBy = user.UserId;
        homepage.SubmittedAt = now;
        homepage.UpdatedAt = now;
        ReviewTickets.Open(db, HomepageReviewSource.Subject(number, homepage), now);
        audit.Record(db, user, new AuditChange(number.AccountId, AuditActions.Submit, ServiceNumbersModule.HomepageAuditType, homepage.Id.ToString(), number.Name,
            before, new { homepage.Content, homepage.ChangeReason }));
        if (await db.SaveOrConflictAsync(l["ServiceNumbers.Stale"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>
    /// 冻结: at once, without review, and everything under the service number with it. What was waiting in review (a
    /// profile change, a homepage change) is withdrawn: a frozen service number changes only by being unfrozen.
    /// </summary>
    public async Task<Result> FreezeAsync(Guid id, int version, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var number = await db.ServiceNumbers.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (number is null)
        {
            return NotFound();
        }

        if (number.Version != version)
        {
            return Stale();
        }

        if (!ServiceNumberRules.CanFreeze(number.State))
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["ServiceNumbers.CannotFreeze"]);
        }

        var before = Snapshot(number);
        var now = clock.GetUtcNow().UtcDateTime;
        db.Entry(number).Property(s => s.Version).OriginalValue = version;
        number.Version = version + 1;
        number.State = ServiceNumberState.Frozen;
        number.ApproveState = ApproveState.Approved;
        number.PendingProfile = null;
        number.ChangeReason = null;
        number.ReviewDesc = null;
        number.FrozenAt = now;
        number.UpdatedAt = now;
        await ReviewTickets.WithdrawAsync(db, ServiceNumberReviewSource.KindName, id, user.UserName, now, ct);
        if (await db.ServiceHomepages.SingleOrDefaultAsync(h => h.ServiceNumberId == id, ct) is { ApproveState: ApproveState.Reviewing } homepage)
        {
            await ReviewTickets.WithdrawAsync(db, HomepageReviewSource.KindName, homepage.Id, user.UserName, now, ct);
            homepage.Version++;
            homepage.UpdatedAt = now;
            if (homepage.LiveContent is { } live)
            {
                homepage.Content = live;
                homepage.ApproveState = ApproveState.Approved;
                homepage.ChangeReason = null;
            }
            else
            {
                homepage.ApproveState = ApproveState.Rejected;
                homepage.ReviewDesc = l["Homepage.WithdrawnByFreeze"];
            }
        }

        audit.Record(db, user, new AuditChange(number.AccountId, AuditActions.Freeze, ServiceNumbersModule.AuditType, id.ToString(), number.Name, before, Snapshot(number)));
        if (await db.SaveOrConflictAsync(l["ServiceNumbers.Stale"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>解冻: asked for with a reason (1–200) and reviewed; the service number stays frozen until a reviewer approves.</summary>
    public async Task<Result> RequestUnfreezeAsync(Guid id, int version, string? reason, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var text = ServiceNumberForm.CleanText(reason);
        if (text.Length is < ServiceNumberRules.ChangeReasonMin or > ServiceNumber.ChangeReasonMax)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.Length", l["ServiceNumbers.Field.UnfreezeReason"], ServiceNumberRules.ChangeReasonMin, ServiceNumber.ChangeReasonMax])
                .OnField(nameof(ServiceNumber.ChangeReason));
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var number = await db.ServiceNumbers.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (number is null)
        {
            return NotFound();
        }

        if (number.Version != version)
        {
            return Stale();
        }

        if (!ServiceNumberRules.CanRequestUnfreeze(number.State, number.ApproveState))
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["ServiceNumbers.CannotUnfreeze"]);
        }

        var before = Snapshot(number);
        var now = clock.GetUtcNow().UtcDateTime;
        db.Entry(number).Property(s => s.Version).OriginalValue = version;
        number.Version = version + 1;
        number.ApproveState = ApproveState.Reviewing;
        number.ChangeReason = text;
        number.ReviewDesc = null;
        number.UrgedAt = null;
        number.SubmittedBy = user.UserId;
        number.SubmittedAt = now;
        number.UpdatedAt = now;
        ReviewTickets.Open(db, ServiceNumberReviewSource.Subject(number), now);
        audit.Record(db, user, new AuditChange(number.AccountId, AuditActions.Unfreeze, ServiceNumbersModule.AuditType, id.ToString(), number.Name, before, Snapshot(number)));
        if (await db.SaveOrConflictAsync(l["ServiceNumbers.Stale"], ct) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>催审 of the profile (in review) or the homepage (in review, once the service number has been approved).</summary>
    public async Task<Result> UrgeAsync(Guid id, ServiceNumberPart part, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var number = await db.ServiceNumbers.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (number is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (part == ServiceNumberPart.Profile)
        {
            if (number.ApproveState != ApproveState.Reviewing)
            {
                return new KmError(ErrorCodes.PreconditionFailed, l["ServiceNumbers.NotInReview"]);
            }

            number.UrgedAt = now;
            await ReviewTickets.UrgeAsync(db, ServiceNumberReviewSource.KindName, id, now, ct);
            audit.Record(db, user, new AuditChange(number.AccountId, AuditActions.Urge, ServiceNumbersModule.AuditType, id.ToString(), number.Name, null, null));
        }
        else
        {
            var homepage = await db.ServiceHomepages.SingleOrDefaultAsync(h => h.ServiceNumberId == id, ct);
            if (homepage is null || !ServiceNumberRules.CanUrgeHomepage(number.WasApproved, homepage.ApproveState))
            {
                return new KmError(ErrorCodes.PreconditionFailed, l["Homepage.CannotUrge"]);
            }

            homepage.UrgedAt = now;
            await ReviewTickets.UrgeAsync(db, HomepageReviewSource.KindName, homepage.Id, now, ct);
            audit.Record(db, user, new AuditChange(number.AccountId, AuditActions.Urge, ServiceNumbersModule.HomepageAuditType, homepage.Id.ToString(), number.Name, null, null));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    private const string HomepagePrefix = "Homepage.";

    /// <summary>
    /// What only the database can tell about a profile: the logo and files are the account's resources of the right
    /// type (files ≤ 4 MB together), the signatures its approved ones, their regions apart, and the name free.
    /// </summary>
    private async Task<Result<ServiceNumberProfile>> CheckProfileAsync(KooMessageDb db, Guid accountId, Guid? self, ServiceNumberForm form, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = TextNormalizer.Name(form.Name);
        var remark = TextNormalizer.Name(form.Remark);
        var logoId = form.LogoImageId ?? Guid.Empty;
        if (!await db.ServiceImages.AnyAsync(i => i.Id == logoId && i.Type == ServiceImageType.PubLogo, ct))
        {
            errors.Add(new(nameof(ServiceNumberForm.LogoImageId), l["ServiceImages.NotOfType", l["ServiceNumbers.Field.Logo"], l["ServiceImageType.PubLogo"]]));
        }

        var fileIds = form.AuthorizationImageIds.Distinct().ToList();
        var files = await db.ServiceImages.AsNoTracking().Where(i => fileIds.Contains(i.Id) && i.Type == ServiceImageType.Other).Select(i => i.Size).ToListAsync(ct);
        if (files.Count != fileIds.Count)
        {
            errors.Add(new(nameof(ServiceNumberForm.AuthorizationImageIds), l["ServiceImages.NotOfType", l["ServiceNumbers.Field.AuthorizationFiles"], l["ServiceImageType.Other"]]));
        }
        else if (files.Sum() > ServiceNumberRules.AuthorizationBytesMax)
        {
            errors.Add(new(nameof(ServiceNumberForm.AuthorizationImageIds), l["ServiceNumbers.FilesTooLarge", FileSizes.Text(files.Sum()), FileSizes.Text(ServiceNumberRules.AuthorizationBytesMax)]));
        }

        var signatureIds = form.Signatures.Select(s => s.SignatureId ?? Guid.Empty).ToList();
        var approved = await db.Signatures.AsNoTracking().Where(s => signatureIds.Contains(s.Id) && s.Status == SignatureStatus.ReviewPassed)
            .ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var signatures = new List<ServiceSignature>();
        var scopes = new List<RegionScope>();
        for (var row = 0; row < form.Signatures.Count; row++)
        {
            var line = form.Signatures[row];
            var scope = regions.Parse(line.RegionCode) ?? RegionScope.Nationwide;
            if (!approved.TryGetValue(line.SignatureId ?? Guid.Empty, out var signatureName))
            {
                errors.Add(new(ServiceNumberForm.SignatureField(row), l["ServiceNumbers.SignatureNotApproved"]));
            }
            else if (signatureName.Length is < ServiceNumberRules.SignatureNameMin or > ServiceNumberRules.SignatureNameMax)
            {
                errors.Add(new(ServiceNumberForm.SignatureField(row), l["ServiceNumbers.SignatureLength", signatureName, ServiceNumberRules.SignatureNameMin, ServiceNumberRules.SignatureNameMax]));
            }

            signatures.Add(new ServiceSignature(line.SignatureId ?? Guid.Empty, signatureName ?? "", scope.Code));
            scopes.Add(scope);
        }

        if (ServiceNumberRules.FirstOverlap(scopes) is var (first, second))
        {
            errors.Add(new(ServiceNumberForm.RegionField(second), l["ServiceNumbers.RegionsOverlap",
                signatures[first].Name, regions.Describe(scopes[first], l), signatures[second].Name, regions.Describe(scopes[second], l)]));
        }

        var mine = await db.ServiceNumbers.AsNoTracking().Where(s => s.Id != self).Select(s => new { s.Name, s.Remark, s.PendingProfile }).ToListAsync(ct);
        var taken = mine.Select(s => (s.Name, s.Remark)).Concat(mine.Where(s => s.PendingProfile is not null).Select(s => (s.PendingProfile!.Name, s.PendingProfile.Remark)));
        if (ServiceNumberRules.ClashesWithinAccount(name, remark, taken))
        {
            errors.Add(new(nameof(ServiceNumberForm.Remark), l["ServiceNumbers.RemarkNeeded", name]));
        }
        else if (await names.TakenByAnotherAccountAsync(name, accountId, ct))
        {
            errors.Add(new(nameof(ServiceNumberForm.Name), l["ServiceNumbers.NameTaken"]));
        }

        if (errors.Count > 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, errors[0].Message) { Fields = errors };
        }

        return new ServiceNumberProfile(name, remark, ServiceNumberForm.CleanText(form.Abstract), form.Industry, logoId, fileIds, signatures);
    }

    /// <summary>The background and each quick app's logo are the account's resources of their types.</summary>
    private async Task<Result<HomepageContent>> CheckHomepageAsync(KooMessageDb db, HomepageForm form, CancellationToken ct)
    {
        var content = form.ToContent();
        var errors = new List<FieldError>();
        if (!await db.ServiceImages.AnyAsync(i => i.Id == content.BackgroundImageId && i.Type == ServiceImageType.BgImage, ct))
        {
            errors.Add(new(nameof(HomepageForm.BackgroundImageId), l["ServiceImages.NotOfType", l["Homepage.Field.Background"], l["ServiceImageType.BgImage"]]));
        }

        var logoIds = content.QuickApps.Select(a => a.LogoImageId).Distinct().ToList();
        var logos = await db.ServiceImages.AsNoTracking().Where(i => logoIds.Contains(i.Id) && i.Type == ServiceImageType.FastAppLogo).Select(i => i.Id).ToListAsync(ct);
        for (var row = 0; row < content.QuickApps.Count; row++)
        {
            if (!logos.Contains(content.QuickApps[row].LogoImageId))
            {
                errors.Add(new(HomepageForm.QuickAppField(row, nameof(QuickAppForm.LogoImageId)),
                    l["ServiceImages.NotOfType", l["Homepage.Field.QuickAppLogo"], l["ServiceImageType.FastAppLogo"]]));
            }
        }

        return errors.Count > 0 ? new KmError(ErrorCodes.InvalidParameter, errors[0].Message) { Fields = errors } : content;
    }

    private static IEnumerable<Guid> ImageIds(ServiceNumberProfile p) => p.AuthorizationImageIds.Append(p.LogoImageId);

    private static IEnumerable<Guid> ImageIds(HomepageContent c) => c.QuickApps.Select(a => a.LogoImageId).Append(c.BackgroundImageId);

    private static KmError? Prefixed(KmError? error, string prefix) =>
        error is null ? null : error with { Fields = [.. error.Fields.Select(f => f with { Field = prefix + f.Field })] };

    private static KmError? Merge(KmError? first, KmError? second) =>
        first is null ? second : second is null ? first : first with { Fields = [.. first.Fields, .. second.Fields] };

    internal static object Snapshot(ServiceNumber s) => new
    {
        s.Name, s.Remark, s.Abstract, s.Industry, s.LogoImageId, s.AuthorizationImageIds, s.Signatures, s.State, s.ApproveState, s.PendingProfile, s.ChangeReason,
    };

    private KmError NotFound() => new(ErrorCodes.NotFound, l["ServiceNumbers.NotFound"]);

    private KmError Stale() => new(ErrorCodes.Conflict, l["ServiceNumbers.Stale"]);
}
