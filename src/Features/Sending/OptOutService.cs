using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Sending;

/// <summary>A number a user puts on the opt-out list by hand, and why.</summary>
public sealed class OptOutForm
{
    public string Mobile { get; set; } = "";

    public string? Note { get; set; }
}

public sealed class OptOutFormValidator : AbstractValidator<OptOutForm>
{
    public OptOutFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Mobile).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["SendDetails.Mobile"]])
            .Must(v => SendDetailsRules.Mobile(v) is not null).WithMessage(_ => l["SendDetails.BadMobile"]);
        RuleFor(x => TextNormalizer.Name(x.Note)).Must(v => v.Length <= OptOut.NoteMax)
            .WithMessage(_ => l["Validation.MaxLength", l["OptOuts.Note"], OptOut.NoteMax]).OverridePropertyName(nameof(OptOutForm.Note));
    }
}

/// <summary>An opted-out number as the list shows it (masked for a reader who may not see numbers), with the message it answered, if any.</summary>
public sealed record OptOutRow(
    Guid Id, string Mobile, DateTime CreatedAt, string Keyword, string Note, string CreatedBy, Guid? MessageId, Guid? TaskId, string? TaskName, DateTime? MessageSentAt);

/// <summary>A page of the opt-out list, whether its numbers are masked and whether the reader may change it.</summary>
public sealed record OptOutList(PagedResult<OptOutRow> Rows, bool Masked, bool CanManage);

/// <summary>
/// 退订名单: the numbers the account sends nothing more to (replies R / TD / T / 退订, and numbers added by hand).
/// Every tenant role that reads send details reads it; only who holds <see cref="Permission.OptOutManage"/> now (the
/// role read from the database) adds or removes a number, and a removal names the row the user saw.
/// </summary>
public sealed class OptOutService(AccessGuard guard, TenantDb dbs, AuditLog audit, IValidator<OptOutForm> validator, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const string AuditType = "opt_out";

    /// <summary>The list, newest first; the search is a whole number (typed in any form the engine reads).</summary>
    public async Task<Result<OptOutList>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (!string.IsNullOrWhiteSpace(page.Search) && SendDetailsRules.Mobile(page.Search) is null)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["SendDetails.BadMobile"]).OnField(PageRequest.SearchField);
        }

        var user = auth.Value;
        var masked = !user.Can(Permission.MobileView);
        await using var db = await dbs.ForAsync(user, ct);
        var found = await Filter(db, page.Search).ToPageAsync(page, ct);
        var rows = found.Items.Select(r => masked ? r with { Mobile = SendDetailsRules.Mask(r.Mobile) } : r).ToList();
        return new OptOutList(new PagedResult<OptOutRow>(rows, found.Total), masked, user.Can(Permission.OptOutManage));
    }

    public async Task<Result<Guid>> AddAsync(OptOutForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.OptOutManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var user = auth.Value;
        var mobile = SendDetailsRules.Mobile(form.Mobile)!;
        await using var db = await dbs.ForAsync(user, ct);
        var row = new OptOut
        {
            AccountId = user.AccountId!.Value, Mobile = mobile, Note = TextNormalizer.Name(form.Note), CreatedBy = user.UserName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.OptOuts.Add(row);
        audit.Record(db, user, new AuditChange(null, AuditActions.Create, AuditType, row.Id.ToString(), SendDetailsRules.Mask(mobile), null, new { row.Note }));
        if (await db.SaveOrConflictAsync(l["OptOuts.AlreadyListed"], ct, nameof(OptOutForm.Mobile)) is { } conflict)
        {
            return conflict;
        }

        return row.Id;
    }

    /// <summary>Takes the row the user saw off the list; a row removed (or removed and added again) meanwhile is a conflict.</summary>
    public async Task<Result> RemoveAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.OptOutManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.OptOuts.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (row is null || await db.OptOuts.Where(o => o.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            return new KmError(ErrorCodes.Conflict, l["OptOuts.Changed"]);
        }

        audit.Record(db, user, new AuditChange(null, AuditActions.Delete, AuditType, id.ToString(), SendDetailsRules.Mask(row.Mobile), new { row.Keyword, row.Note }, null));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>The list's rows with numbers in full, newest first, with the task of the message each reply answered.</summary>
    internal static IQueryable<OptOutRow> Filter(KooMessageDb db, string? search)
    {
        var optOuts = db.OptOuts.AsNoTracking();
        if (SendDetailsRules.Mobile(search) is { } mobile)
        {
            optOuts = optOuts.Where(o => o.Mobile == mobile);
        }

        return from o in optOuts
               join m in db.SendMessages.AsNoTracking() on o.MessageId equals (Guid?)m.Id into answered
               from m in answered.DefaultIfEmpty()
               join t in db.SendTasks.AsNoTracking() on (Guid?)m.TaskId equals (Guid?)t.Id into tasks
               from t in tasks.DefaultIfEmpty()
               orderby o.CreatedAt descending, o.Id descending
               select new OptOutRow(o.Id, o.Mobile, o.CreatedAt, o.Keyword, o.Note, o.CreatedBy, o.MessageId, m == null ? null : m.TaskId, t == null ? null : t.Name,
                   m == null ? null : m.SubmittedAt);
    }
}
