using KooMessage.Console.Common;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Sending;

/// <summary>One number and the text composed for it.</summary>
public sealed record Recipient(string Mobile, string Text);

/// <summary>A task's state and its rows per state; <paramref name="RunFailedAt"/>: when its send run failed, for a task paused so (not by a user).</summary>
public sealed record SendProgress(
    SendTaskState State, int Version, int Total, int Queued, int Submitting, int Submitted, int Delivered, int Failed, int Unknown, int OptedOut, int Cancelled,
    DateTime? RunFailedAt = null);

/// <summary>A row of the send-task list: what was chosen and its rows per state.</summary>
public sealed record SendTaskRow(
    Guid Id, string Name, string? TplId, string? TplName, SendTaskState State, bool Trial, int Total, int Queued, int Submitted, int Delivered, int Failed, int Unknown,
    int OptedOut, DateTime CreatedAt, DateTime? ScheduledAt, int Version);

/// <summary>One task as its page shows it: the choices, the pre-check and the preparing job's progress.</summary>
public sealed record SendTaskView(
    SendTask Task, string? SmsTemplateName, string? SignatureName, string? AppName, string? Domain, IReadOnlyList<VendorCount> Vendors, SendSample? Sample);

/// <summary>One of the task's messages as a sample: its number (masked for every role but FullAccess) and composed text.</summary>
public sealed record SendSample(string Mobile, string Text, int Segments);

/// <summary>
/// Send tasks for the signed-in user's account: create one with its rows, start, pause, resume and cancel it. Every
/// change checks the user's current role (<see cref="Permission.SendManage"/>) and is conditional on the version the
/// user saw; the sending itself is <see cref="SendTaskJob"/>.
/// </summary>
public sealed class SendTaskService(
    AccessGuard guard, TenantDb dbs, JobQueue jobs, ISmsGateway gateway, ShortLinks.LinkSnapshot snapshot, AuditLog audit, Billing.ArrearsGate arrears, Billing.SendCost cost,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private const int InsertChunk = 5_000;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<GatewayStatus> GatewayStatusAsync(CancellationToken ct) => gateway.StatusAsync(ct);

    /// <summary>A task in <see cref="SendTaskState.Ready"/> with one row per distinct number (a repeated number is sent once).</summary>
    public async Task<Result<Guid>> CreateAsync(string name, int ratePerSecond, IReadOnlyList<Recipient> recipients, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        var taskName = TextNormalizer.Name(name);
        if (taskName.Length is 0 or > SendTask.NameMax)
        {
            return Invalid(l["Validation.Length", l["Sending.Field.Name"], 1, SendTask.NameMax], "Name");
        }

        if (ratePerSecond is < 1 or > SendTask.MaxRatePerSecond)
        {
            return Invalid(l["Sending.BadRate", 1, SendTask.MaxRatePerSecond], "RatePerSecond");
        }

        if (recipients.Count == 0)
        {
            return Invalid(l["Sending.NoRecipients"], "Recipients");
        }

        var task = new SendTask { AccountId = user.AccountId!.Value, Name = taskName, RatePerSecond = ratePerSecond, CreatedAt = Now, CreatedBy = user.UserName };
        var rows = new List<SendMessage>(recipients.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < recipients.Count; i++)
        {
            var r = recipients[i];
            if (SendingRules.Mobile(r.Mobile) is not { } mobile)
            {
                return Invalid(l["Sending.BadMobile", i + 1, r.Mobile], "Recipients");
            }

            var text = TextNormalizer.Visible(r.Text).Trim();
            if (text.Length is 0 or > SendMessage.TextMax)
            {
                return Invalid(l["Validation.Length", l["Sending.Field.Text"], 1, SendMessage.TextMax], "Recipients");
            }

            if (seen.Add(mobile))
            {
                rows.Add(new SendMessage
                {
                    AccountId = task.AccountId,
                    TaskId = task.Id,
                    Mobile = mobile,
                    Text = text,
                    Segments = SmsComposer.Segments(text),
                    NextAttemptAt = task.CreatedAt,
                    IdempotencyKey = $"{task.Id:N}:{mobile}",
                });
            }
        }

        task.Total = rows.Count;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await arrears.RequireServiceAsync(db, task.AccountId, ct) is { } refused)
        {
            return refused.OnField("Name");
        }

        db.SendTasks.Add(task);
        audit.Record(db, user, new AuditChange(task.AccountId, AuditActions.Create, SendingModule.SendTaskAuditType, task.Id.ToString(), task.Name, null, new { Numbers = task.Total, task.RatePerSecond }));
        await db.SaveChangesAsync(ct);
        foreach (var chunk in rows.Chunk(InsertChunk))
        {
            db.SendMessages.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await tx.CommitAsync(ct);
        return task.Id;
    }

    /// <summary>Starts a ready task (or resumes a paused one): a job takes its queued rows through the gateway.</summary>
    public Task<Result> StartAsync(Guid id, int version, CancellationToken ct) => RunAsync(id, version, SendTaskState.Ready, ct);

    public Task<Result> ResumeAsync(Guid id, int version, CancellationToken ct) => RunAsync(id, version, SendTaskState.Paused, ct);

    /// <summary>Stops submitting after the batch in flight; what is queued stays queued for a resume.</summary>
    public Task<Result> PauseAsync(Guid id, int version, CancellationToken ct) =>
        StopAsync(id, version, [SendTaskState.Sending], SendTaskState.Paused, ct);

    /// <summary>Stops submitting for good: what is still queued is marked cancelled (a task still preparing stops preparing).</summary>
    public Task<Result> CancelAsync(Guid id, int version, CancellationToken ct) =>
        StopAsync(id, version, [SendTaskState.Ready, SendTaskState.Sending, SendTaskState.Paused, SendTaskState.Preparing], SendTaskState.Cancelled, ct);

    /// <summary>
    /// Sends the task's Unknown messages again, on the operator's word: each may have reached the phone already, which
    /// is why the dispatcher never resends one by itself. Allowed once the task is completed (a new run starts) or
    /// paused (they go with the resume). Says how many were queued again.
    /// </summary>
    public async Task<Result<int>> ResendUnknownAsync(Guid id, int version, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        var task = await db.SendTasks.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return NotFound();
        }

        if (task.Version != version || task.State is not (SendTaskState.Completed or SendTaskState.Paused))
        {
            return Changed();
        }

        if (task.JobId is { } previous && await db.Jobs.AnyAsync(j => j.Id == previous && (j.State == JobState.Running || j.State == JobState.Queued), ct))
        {
            return new KmError(ErrorCodes.Conflict, l["Sending.StillStopping"]);
        }

        var now = Now;
        var note = ResultCodes.ResentBy(user.UserName);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var queued = await db.SendMessages.Where(m => m.TaskId == id && m.State == SendMessageState.Unknown)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Queued).SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.ResultCode, note), ct);
        if (queued == 0)
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["Sending.NothingUnknown"]);
        }

        if (task.State == SendTaskState.Completed)
        {
            var job = jobs.Enqueue(db, SendTaskJob.JobKind, task.AccountId, new SendTaskJob.Parameters(task.Id), user);
            task.State = SendTaskState.Sending;
            task.JobId = job.Id;
            task.FinishedAt = null;
        }

        task.Version++;
        audit.Record(db, user, new AuditChange(task.AccountId, AuditActions.Resend, SendingModule.SendTaskAuditType, task.Id.ToString(), task.Name, null, new { Messages = queued }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Changed();
        }

        await tx.CommitAsync(ct);
        jobs.Wake();
        return queued;
    }

    /// <summary>The account's tasks, newest first, with their rows counted by state; the term finds a name.</summary>
    public async Task<Result<PagedResult<SendTaskRow>>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.SendTasks.AsNoTracking();
        if (page.Term is { } term)
        {
            query = query.Where(t => t.Name.Contains(term) || t.TplId == term);
        }

        var total = await query.CountAsync(ct);
        var tasks = await query.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id).Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize).ToListAsync(ct);
        var ids = tasks.Select(t => t.Id).ToList();
        var counts = (await db.SendMessages.AsNoTracking().Where(m => ids.Contains(m.TaskId)).GroupBy(m => new { m.TaskId, m.State })
            .Select(g => new { g.Key.TaskId, g.Key.State, Count = g.Count() }).ToListAsync(ct)).ToLookup(c => c.TaskId);
        var rows = tasks.Select(t =>
        {
            int C(params SendMessageState[] states) => counts[t.Id].Where(c => states.Contains(c.State)).Sum(c => c.Count);
            return new SendTaskRow(t.Id, t.Name, t.TplId, t.TplName, t.State, t.Trial, t.Total, C(SendMessageState.Queued), C(SendMessageState.Submitting, SendMessageState.Submitted),
                C(SendMessageState.Delivered), C(SendMessageState.Failed), C(SendMessageState.Unknown), C(SendMessageState.OptedOut), t.CreatedAt, t.ScheduledAt, t.Version);
        }).ToList();
        return new PagedResult<SendTaskRow>(rows, total);
    }

    public async Task<Result<SendTaskView>> GetAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var task = await db.SendTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return NotFound();
        }

        var sms = await db.SmsTemplates.AsNoTracking().Where(t => t.Id == task.SmsTemplateId).Select(t => t.Name).SingleOrDefaultAsync(ct);
        var signature = await db.Signatures.AsNoTracking().Where(s => s.Id == task.SignatureId).Select(s => s.Name).SingleOrDefaultAsync(ct);
        var app = await db.SmsApps.AsNoTracking().Where(a => a.Id == task.SmsAppId).Select(a => a.Name).SingleOrDefaultAsync(ct);
        var domain = task.DomainId is { } d ? (await snapshot.DomainsAsync(ct)).FirstOrDefault(x => x.Id == d)?.Display : null;
        var vendors = task.Capability is { } json ? System.Text.Json.JsonSerializer.Deserialize<List<VendorCount>>(json) ?? [] : [];
        var first = await db.SendMessages.AsNoTracking().Where(m => m.TaskId == id).OrderBy(m => m.Id).Select(m => new { m.Mobile, m.Text, m.Segments }).FirstOrDefaultAsync(ct);
        var sample = first is null ? null : new SendSample(auth.Value.Roles.Contains(Roles.FullAccess) ? first.Mobile : SendTaskRules.Mask(first.Mobile), first.Text, first.Segments);
        return new SendTaskView(task, sms, signature, app, domain, vendors, sample);
    }

    public async Task<Result<SendProgress>> ProgressAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var task = await db.SendTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return NotFound();
        }

        var counts = await db.SendMessages.Where(m => m.TaskId == id).GroupBy(m => m.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        int C(SendMessageState s) => counts.GetValueOrDefault(s);
        return new SendProgress(task.State, task.Version, task.Total, C(SendMessageState.Queued), C(SendMessageState.Submitting), C(SendMessageState.Submitted),
            C(SendMessageState.Delivered), C(SendMessageState.Failed), C(SendMessageState.Unknown), C(SendMessageState.OptedOut), C(SendMessageState.Cancelled),
            task.State == SendTaskState.Paused ? task.RunFailedAt : null);
    }

    private async Task<Result> RunAsync(Guid id, int version, SendTaskState from, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var task = await db.SendTasks.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return NotFound();
        }

        if (task.Version != version || task.State != from)
        {
            return Changed();
        }

        // A paused run finishes its batch first: two runs of one task at once would take each other's rows for a dead run's.
        if (task.JobId is { } previous && await db.Jobs.AnyAsync(j => j.Id == previous && (j.State == JobState.Running || j.State == JobState.Queued), ct))
        {
            return new KmError(ErrorCodes.Conflict, l["Sending.StillStopping"]);
        }

        // In retention no send starts; a send the balance and packages cannot pay is refused with its shortfall.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await arrears.RequireServiceAsync(db, task.AccountId, ct) is { } refused)
        {
            return refused;
        }

        if (cost.Refusal(await cost.EstimateAsync(db, task.AccountId, await cost.QueuedUsesAsync(db, task, ct), ct)) is { } shortfall)
        {
            return shortfall;
        }

        var job = jobs.Enqueue(db, SendTaskJob.JobKind, task.AccountId, new SendTaskJob.Parameters(task.Id), auth.Value);
        task.State = SendTaskState.Sending;
        task.StartedAt ??= Now;
        task.JobId = job.Id;
        task.RunFailedAt = null;
        task.Version++;
        audit.Record(db, auth.Value, new AuditChange(task.AccountId, from == SendTaskState.Ready ? AuditActions.Start : AuditActions.Resume, SendingModule.SendTaskAuditType, task.Id.ToString(), task.Name, null, null));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Changed();
        }

        await tx.CommitAsync(ct);
        jobs.Wake();
        return Result.Ok();
    }

    private async Task<Result> StopAsync(Guid id, int version, SendTaskState[] from, SendTaskState to, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var now = Now;
        await using var db = await dbs.ForAsync(auth.Value, ct);
        var jobId = await db.SendTasks.Where(t => t.Id == id).Select(t => new { t.JobId, t.Name, t.AccountId }).SingleOrDefaultAsync(ct);
        if (jobId is null)
        {
            return NotFound();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.SendTasks.Where(t => t.Id == id && t.Version == version && from.Contains(t.State))
            .ExecuteUpdateAsync(
                s => s.SetProperty(t => t.State, to).SetProperty(t => t.Version, t => t.Version + 1)
                    .SetProperty(t => t.FinishedAt, t => to == SendTaskState.Cancelled ? now : t.FinishedAt),
                ct);
        if (changed == 0)
        {
            return Changed();
        }

        if (to == SendTaskState.Cancelled)
        {
            await db.SendMessages.Where(m => m.TaskId == id && m.State == SendMessageState.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, SendMessageState.Cancelled), ct);
        }

        audit.Record(db, auth.Value, new AuditChange(jobId.AccountId, to == SendTaskState.Cancelled ? AuditActions.Cancel : AuditActions.Pause, SendingModule.SendTaskAuditType, id.ToString(), jobId.Name, null, null));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        // The running job sees the task's state before its next batch; asking it to stop ends a wait for a retry at once.
        if (jobId.JobId is { } job)
        {
            await jobs.CancelAsync(db, job, ct);
        }

        return Result.Ok();
    }

    private KmError NotFound() => new(ErrorCodes.NotFound, l["Sending.NotFound"]);

    private KmError Changed() => new(ErrorCodes.Conflict, l["Sending.Changed"]);

    private static KmError Invalid(string message, string field) => new KmError(ErrorCodes.InvalidParameter, message).OnField(field);
}
