using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
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
        RuleFor(x => x.Name).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(_ => l["Validation.Required", l["Field.AppName"]])
            .Must(v => v.Trim().Length <= SmsApp.NameMax).WithMessage(_ => l["Validation.Length", l["Field.AppName"], SmsApp.NameMin, SmsApp.NameMax]);
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

        return await query.OrderByDescending(a => a.CreatedAt)
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
        var name = form.Name.Trim();
        await using var db = await dbs.ForAsync(user, ct);

        // The name and limit checks run inside the write transaction (SQLite's BEGIN IMMEDIATE serializes writers), so
        // two creations at once cannot both pass them.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.SmsApps.AnyAsync(a => a.Name == name && a.Id != id, ct))
        {
            return new KmError(ErrorCodes.Conflict, l["SmsApps.DuplicateName", name]);
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

            before = new { app.Name, app.UpLinkAddress };
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

        app.Name = name;
        app.UpLinkAddress = string.IsNullOrWhiteSpace(form.UpLinkAddress) ? null : form.UpLinkAddress.Trim();
        if (id is null)
        {
            ReviewTickets.Open(db, SmsAppReviewSource.Subject(app), app.CreatedAt);
        }
        else
        {
            await ReviewTickets.RetitleAsync(db, SmsAppReviewSource.KindName, app.Id, app.Name, ct);
        }

        audit.Record(db, user, new AuditChange(app.AccountId, id is null ? AuditActions.Create : AuditActions.Update, AuditObjectTypes.SmsApp,
            app.Id.ToString(), app.Name, before, new { app.Name, app.UpLinkAddress }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return app.Id;
    }
}
