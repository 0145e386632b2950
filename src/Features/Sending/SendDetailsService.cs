using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// 发送任务明细's filter: task, number (as typed), result, a send-time window in UTC (both ends or neither, at most 24 h),
/// and the signature and card template the messages' tasks went out with.
/// </summary>
public sealed record SendDetailsQuery(
    Guid? TaskId = null, string? Mobile = null, SendResult? Result = null, DateTime? From = null, DateTime? To = null, Guid? SignatureId = null, string? TplId = null);

/// <summary>A signature or card template the account's tasks went out with, for the filters.</summary>
public sealed record SendFilterOption(string Value, string Name);

/// <summary>The signatures and card templates of the account's tasks.</summary>
public sealed record SendDetailsChoices(IReadOnlyList<SendFilterOption> Signatures, IReadOnlyList<SendFilterOption> Templates);

/// <summary>One message as the list shows it; <see cref="Mobile"/> is already masked for a reader who may not see numbers.</summary>
public sealed record SendDetailRow(
    Guid MessageId, Guid TaskId, string TaskName, string Mobile, SendMessageState State, DateTime? SubmittedAt, DateTime? ReportedAt, string? ResultCode)
{
    public SendResult Result => SendDetailsRules.ResultOf(State);
}

/// <summary>A page of send details, and whether its numbers are masked.</summary>
public sealed record SendDetailsList(PagedResult<SendDetailRow> Rows, bool Masked);

/// <summary>A task to filter by.</summary>
public sealed record SendTaskOption(Guid Id, string Name, DateTime CreatedAt);

/// <summary>
/// 发送任务明细: the messages of the signed-in user's account, newest first. Numbers are masked unless the user's
/// current role (read from the database now) may see them in full.
/// </summary>
public sealed class SendDetailsService(AccessGuard guard, TenantDb dbs, IStringLocalizer<SharedResource> l)
{
    public const int TaskOptionsMax = 20;

    public async Task<Result<SendDetailsList>> ListAsync(SendDetailsQuery query, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (Check(query) is { } invalid)
        {
            return invalid;
        }

        var user = auth.Value;
        var masked = !user.Can(Permission.MobileView);
        await using var db = await dbs.ForAsync(user, ct);
        var found = await Filter(db, query).ToPageAsync(page, ct);
        var rows = found.Items.Select(r => masked ? r with { Mobile = SendDetailsRules.Mask(r.Mobile) } : r).ToList();
        return new SendDetailsList(new PagedResult<SendDetailRow>(rows, found.Total), masked);
    }

    /// <summary>The account's newest tasks whose name holds <paramref name="term"/>, for the task filter.</summary>
    public async Task<Result<IReadOnlyList<SendTaskOption>>> TasksAsync(string? term, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var tasks = db.SendTasks.AsNoTracking();
        if (Common.Text.TextNormalizer.Name(term) is { Length: > 0 } name)
        {
            tasks = tasks.Where(t => t.Name.Contains(name));
        }

        return await tasks.OrderByDescending(t => t.CreatedAt).Take(TaskOptionsMax).Select(t => new SendTaskOption(t.Id, t.Name, t.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>The signatures and card templates the account's tasks went out with, by name.</summary>
    public async Task<Result<SendDetailsChoices>> ChoicesAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var sent = db.SendTasks.AsNoTracking();
        var signatures = await (from s in db.Signatures.AsNoTracking()
                                where sent.Any(t => t.SignatureId == s.Id)
                                orderby s.Name
                                select new { s.Id, s.Name }).ToListAsync(ct);
        var templates = await db.SendTasks.AsNoTracking().Where(t => t.TplId != null).GroupBy(t => t.TplId!)
            .Select(g => new { TplId = g.Key, Name = g.OrderByDescending(t => t.CreatedAt).Select(t => t.TplName).First() }).ToListAsync(ct);
        return new SendDetailsChoices(
            [.. signatures.Select(s => new SendFilterOption(s.Id.ToString(), s.Name))],
            [.. templates.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new SendFilterOption(t.TplId, $"{t.Name}（{t.TplId}）"))]);
    }

    /// <summary>The task the address names, when it is one of the account's.</summary>
    public async Task<SendTaskOption?> TaskAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendView, ct);
        if (auth.Error is not null)
        {
            return null;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await db.SendTasks.AsNoTracking().Where(t => t.Id == id).Select(t => new SendTaskOption(t.Id, t.Name, t.CreatedAt)).SingleOrDefaultAsync(ct);
    }

    /// <summary>The filter's problem as a field error (<c>Mobile</c> or <c>To</c>), or null.</summary>
    public KmError? Check(SendDetailsQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Mobile) && SendDetailsRules.Mobile(query.Mobile) is null)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["SendDetails.BadMobile"]).OnField(nameof(SendDetailsQuery.Mobile));
        }

        return SendDetailsRules.Check(query.From, query.To) switch
        {
            null => null,
            var problem => new KmError(ErrorCodes.InvalidParameter, l[$"SendDetails.Window.{problem}"]).OnField(nameof(SendDetailsQuery.To)),
        };
    }

    /// <summary>The filter's rows, newest submission first (rows never submitted last), numbers in full.</summary>
    internal static IQueryable<SendDetailRow> Filter(KooMessageDb db, SendDetailsQuery query)
    {
        var messages = db.SendMessages.AsNoTracking();
        if (query.TaskId is { } taskId)
        {
            messages = messages.Where(m => m.TaskId == taskId);
        }

        if (SendDetailsRules.Mobile(query.Mobile) is { } mobile)
        {
            messages = messages.Where(m => m.Mobile == mobile);
        }

        if (query.Result is { } result)
        {
            var states = SendDetailsRules.StatesOf(result);
            messages = messages.Where(m => states.Contains(m.State));
        }

        if (query is { From: { } from, To: { } to })
        {
            messages = messages.Where(m => m.SubmittedAt >= from && m.SubmittedAt < to);
        }

        var tasks = db.SendTasks.AsNoTracking();
        if (query.SignatureId is { } signature)
        {
            tasks = tasks.Where(t => t.SignatureId == signature);
        }

        if (query.TplId is { Length: > 0 } tplId)
        {
            tasks = tasks.Where(t => t.TplId == tplId);
        }

        return from m in messages
               join t in tasks on m.TaskId equals t.Id
               orderby m.SubmittedAt descending, m.Id descending
               select new SendDetailRow(m.Id, m.TaskId, t.Name, m.Mobile, m.State, m.SubmittedAt, m.ReportedAt, m.ResultCode);
    }
}
