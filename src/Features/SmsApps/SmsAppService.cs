using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.SmsApps;

public sealed class SmsAppForm
{
    public string Name { get; set; } = "";

    public string? UpLinkAddress { get; set; }
}

public sealed class SmsAppFormValidator : AbstractValidator<SmsAppForm>
{
    public SmsAppFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => TextNormalizer.Name(x.Name)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.AppName"]]).OverridePropertyName(nameof(SmsAppForm.Name))
            .Must(v => v.Length <= SmsApp.NameMax).WithMessage(_ => l["Validation.Length", l["Field.AppName"], SmsApp.NameMin, SmsApp.NameMax]);
        RuleFor(x => x.UpLinkAddress).Cascade(CascadeMode.Stop)
            .MaximumLength(SmsApp.UpLinkMax).WithMessage(_ => l["Validation.MaxLength", l["Field.UpLink"], SmsApp.UpLinkMax])
            .Must(BeHttpUrl).WithMessage(_ => l["Validation.HttpUrl", l["Field.UpLink"]])
            .When(x => !string.IsNullOrWhiteSpace(x.UpLinkAddress));
    }

    public static bool BeHttpUrl(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
}

public sealed record SmsAppRow(Guid Id, string Name, string? UpLinkAddress, SmsAppStatus Status, string? StatusReason, DateTime CreatedAt);

/// <summary>已添加应用数 / 共支持添加应用数 / 还可添加应用数, as KooMessage's page shows them.</summary>
public sealed record SmsAppQuota(int Added, int Limit)
{
    public int Remaining => Math.Max(0, Limit - Added);
}

public sealed class SmsAppService(
    AccessGuard guard, TenantDb dbs, AuditLog audit, IValidator<SmsAppForm> validator, IOptions<ConsoleOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private static readonly SortColumns<SmsApp> Sorts = new SortColumns<SmsApp>()
        .Add(nameof(SmsAppRow.Name), a => a.Name).Add(nameof(SmsAppRow.Status), a => a.Status).Add(nameof(SmsAppRow.CreatedAt), a => a.CreatedAt);

    public async Task<Result<PagedResult<SmsAppRow>>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SmsAppView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.SmsApps.AsNoTracking();
        if (page.Term is { } term)
        {
            query = query.Where(a => a.Name.Contains(term));
        }

        return await Sorts.Apply(query, page, q => q.OrderByDescending(a => a.CreatedAt)).ThenBy(a => a.Id)
            .Select(a => new SmsAppRow(a.Id, a.Name, a.UpLinkAddress, a.Status, a.StatusReason, a.CreatedAt))
            .ToPageAsync(page, ct);
    }

    public async Task<Result<SmsAppQuota>> QuotaAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SmsAppView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return new SmsAppQuota(await db.SmsApps.CountAsync(ct), options.Value.SmsAppLimit);
    }

    /// <summary>The apps a signature may belong to: every app not suspended.</summary>
    public async Task<IReadOnlyList<SmsAppRow>> UsableAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SmsAppView, ct);
        if (!auth.IsSuccess)
        {
            return [];
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await db.SmsApps.AsNoTracking().Where(a => a.Status != SmsAppStatus.Suspended).OrderBy(a => a.Name)
            .Select(a => new SmsAppRow(a.Id, a.Name, a.UpLinkAddress, a.Status, a.StatusReason, a.CreatedAt)).ToListAsync(ct);
    }

    public async Task<Result<Guid>> SaveAsync(Guid? id, SmsAppForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SmsAppManage, ct);
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
        await using var db = await dbs.ForAsync(user, ct);

        // The name and the limit are checked inside the write's transaction (SQLite takes the write lock at its start),
        // so two tabs creating at once cannot pass the limit; the unique index answers any race left.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.SmsApps.AnyAsync(a => a.Name == name && a.Id != id, ct))
        {
            return new KmError(ErrorCodes.Conflict, l["SmsApps.DuplicateName", name]).OnField(nameof(SmsAppForm.Name));
        }

        SmsApp? app;
        object? before = null;
        if (id is { } existing)
        {
            app = await db.SmsApps.SingleOrDefaultAsync(a => a.Id == existing, ct);
            if (app is null)
            {
                return new KmError(ErrorCodes.NotFound, l["SmsApps.NotFound"]);
            }

            before = new { app.Name, app.UpLinkAddress, app.Status };
        }
        else
        {
            if (await db.SmsApps.CountAsync(ct) >= options.Value.SmsAppLimit)
            {
                return new KmError(ErrorCodes.InvalidParameter, l["SmsApps.LimitReached", options.Value.SmsAppLimit]);
            }

            app = new SmsApp { AccountId = user.AccountId!.Value, CreatedAt = clock.GetUtcNow().UtcDateTime, SubmittedBy = user.UserId };
            db.SmsApps.Add(app);
        }

        var upLink = string.IsNullOrWhiteSpace(form.UpLinkAddress) ? null : form.UpLinkAddress.Trim();
        var now = clock.GetUtcNow().UtcDateTime;

        // What a reviewer approves must be what they read. A waiting app whose name or address changes is submitted
        // again (its old ticket withdrawn, so a decision taken on it is refused); a launched app whose address changes,
        // and a suspended app saved again, go back to review too. Uplink messages carry subscribers' replies.
        var submit = id is null
            || (app.Status == SmsAppStatus.Created && (name != app.Name || upLink != app.UpLinkAddress))
            || (app.Status == SmsAppStatus.Launched && upLink != app.UpLinkAddress)
            || app.Status == SmsAppStatus.Suspended;
        if (id is not null && submit)
        {
            await ReviewTickets.WithdrawAsync(db, SmsAppReviewSource.KindName, app.Id, user.UserName, now, ct);
            app.Status = SmsAppStatus.Created;
            app.StatusReason = null;
            app.SubmittedBy = user.UserId;
        }

        app.Name = name;
        app.UpLinkAddress = upLink;
        if (submit)
        {
            ReviewTickets.Open(db, SmsAppReviewSource.Subject(app), id is null ? app.CreatedAt : now);
        }

        audit.Record(db, user, new AuditChange(app.AccountId, id is null ? AuditActions.Create : AuditActions.Update, SmsAppsModule.AuditType,
            app.Id.ToString(), app.Name, before, new { app.Name, app.UpLinkAddress, app.Status }));
        if (await db.SaveOrConflictAsync(l["SmsApps.DuplicateName", name], ct, nameof(SmsAppForm.Name)) is { } conflict)
        {
            return conflict;
        }

        await tx.CommitAsync(ct);
        return app.Id;
    }
}
