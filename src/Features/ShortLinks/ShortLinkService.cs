using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Resources;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>KooMessage's codes for the short-link refusals it names.</summary>
public static class ShortLinkErrors
{
    /// <summary>存在重复的自定义短链.</summary>
    public const string DuplicateCode = "KM.90016482";

    /// <summary>卡片动参数据与协议动参数据不一致: a declared parameter has no value.</summary>
    public const string ParamsMismatch = "KM.90016802";
}

/// <summary>One link to create: the customer flag, an own code (自定义 only) and the template's parameter values.</summary>
public sealed class LinkInput
{
    public string CustFlag { get; set; } = "";

    public string? CustomCode { get; set; }

    public Dictionary<string, string> Values { get; set; } = [];
}

/// <summary>生成解析任务 (CreateResolveTask).</summary>
public sealed class ResolveTaskForm
{
    public string Name { get; set; } = "";

    public string TplId { get; set; } = "";

    public ShortLinkType Type { get; set; } = ShortLinkType.Group;

    /// <summary>A platform domain, or null for the console's own host under the prefix.</summary>
    public Guid? DomainId { get; set; }

    public int ExpiryDays { get; set; } = 7;

    public int MaxResolves { get; set; } = 1000;

    /// <summary>The SMS signatures, one a line (or separated by commas).</summary>
    public string Signatures { get; set; } = "";

    public CodeGeneration Generation { get; set; } = CodeGeneration.Standard;

    public string? CustomUrl { get; set; }

    public List<LinkInput> Links { get; set; } = [new()];

    public static IReadOnlyList<string> SplitSignatures(string text) =>
        [.. text.Split(['\n', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(TextNormalizer.Name).Where(s => s.Length > 0).Distinct()];
}

/// <summary>A template a task may use: approved and enabled, with its declared parameters.</summary>
public sealed record LinkTemplate(string TplId, string Name, IReadOnlyList<string> Parameters);

/// <summary>A domain a task may use; <see cref="Id"/> null is the console's own host.</summary>
public sealed record DomainChoice(Guid? Id, string? Display);

public sealed record ResolveTaskRow(
    Guid Id, string Name, string TplId, string TplName, ShortLinkType Type, string? Domain, CodeGeneration Generation, int MaxResolves,
    int Links, int Resolved, DateTime ExpiresAt, bool Enabled, DateTime CreatedAt, int Version, string Signatures, string? CustomUrl)
{
    /// <summary>Resolves left: for a group link its maximum less those done; for individual links the links not yet opened.</summary>
    public int Remaining => Math.Max(0, (Type == ShortLinkType.Group ? MaxResolves : Links) - Resolved);
}

/// <summary>解析任务明细: one link, aim_code and aim_url with its generate and expire times.</summary>
public sealed record ShortLinkRow(
    Guid Id, Guid TaskId, string TaskName, string TplId, string Code, string? Domain, string CustFlag, int MaxResolves, int Resolved,
    DateTime CreatedAt, DateTime ExpiresAt, DateTime? FirstResolvedAt, bool Enabled, int Version)
{
    public ResolveStatus Status => Resolved > 0 ? ResolveStatus.Success : ResolveStatus.Unresolved;
}

/// <summary>resolved_status: unresolved → success (fail: the link expired or was disabled before its first resolve).</summary>
public enum ResolveStatus
{
    Unresolved,
    Success,
    Fail,
}

public sealed record TaskFilter(string? TplId = null, DateTime? From = null, DateTime? To = null);

public sealed record LinkFilter(Guid? TaskId = null, ResolveStatus? Status = null);

/// <summary>A created task and its links (aim_code, aim_url needs the domain); <paramref name="Queued"/> links a bulk job generates.</summary>
public sealed record CreatedTask(Guid Id, IReadOnlyList<string> Codes, int Queued = 0);

/// <summary>智能信息 › 短链与解析任务: tasks, their links, early stop and expiry changes.</summary>
public sealed class ShortLinkService(
    AccessGuard guard, TenantDb dbs, AuditLog audit, LinkSnapshot snapshot, Billing.ArrearsGate arrears, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>The field an expiry change's refusal names.</summary>
    public const string ExpiresAtField = "ExpiresAt";

    private const int CodeAttempts = 5;

    /// <summary>Values stored readable (Chinese as is).</summary>
    internal static readonly JsonSerializerOptions ValuesJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    /// <summary>The account's approved and enabled templates, with the parameters their approved version declares.</summary>
    public async Task<Result<IReadOnlyList<LinkTemplate>>> TemplatesAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var rows = await (
            from t in db.AimTemplates.AsNoTracking()
            join v in db.AimTemplateVersions.AsNoTracking() on t.ApprovedVersionId equals v.Id
            where t.Enabled && t.AuditState == TemplateAuditState.Approved
            orderby t.UpdatedAt descending
            select new { t.TplId, t.Name, v.Document }).ToListAsync(ct);
        return rows.Select(r => new LinkTemplate(r.TplId, r.Name, Parameters(r.Document))).ToList();
    }

    /// <summary>The default domain and the platform's enabled domains.</summary>
    public async Task<Result<IReadOnlyList<DomainChoice>>> DomainsAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var domains = await snapshot.DomainsAsync(ct);
        return new List<DomainChoice> { new(null, null) }.Concat(domains.OrderBy(d => d.Host).ThenBy(d => d.Path).Select(d => new DomainChoice(d.Id, d.Display))).ToList();
    }

    public async Task<Result<CreatedTask>> CreateAsync(ResolveTaskForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        var errors = new List<FieldError>();
        var (task, parameters, domain) = await CheckTaskAsync(db, user, form, errors, ct);
        if (!ResolveTaskRules.LinkCountValid(form.Type, form.Links.Count))
        {
            errors.Add(new(nameof(form.Links), l["ShortLinks.LinkCount", form.Type == ShortLinkType.Group ? 1 : ResolveTaskRules.LinksPerRequest]));
        }

        var domainKey = domain?.Id.ToString() ?? ShortLinkOptions.DefaultDomainKey;
        var codeErrors = await CheckLinksAsync(form, parameters, domainKey, errors, ct);
        if (errors.Count > 0)
        {
            var code = errors.Any(e => e.Field == nameof(form.Links) && codeErrors.Contains(e)) ? ShortLinkErrors.DuplicateCode
                : errors.Any(e => e.Message == l["ShortLinks.ParamsMissing"].Value) ? ShortLinkErrors.ParamsMismatch : ErrorCodes.InvalidParameter;
            return new KmError(code, errors[0].Message) { Fields = errors };
        }

        task!.CreatedBy = user.UserName;
        var now = task.CreatedAt;
        var maxResolves = task.MaxResolves;
        var links = form.Links.Select(input => new ShortLink
        {
            AccountId = task.AccountId,
            TaskId = task.Id,
            DomainKey = domainKey,
            Code = form.Generation == CodeGeneration.Custom ? input.CustomCode!.Trim() : ResolveTaskRules.NewCode(),
            CustFlag = TextNormalizer.Name(input.CustFlag),
            Values = JsonSerializer.Serialize(parameters.ToDictionary(p => p, p => input.Values[p].Trim()), ValuesJson),
            NumberHash = NumberHashOf(input.CustFlag),
            MaxResolves = maxResolves,
            ExpiresAt = task.ExpiresAt,
            CreatedAt = now,
        }).ToList();

        for (var attempt = 1; ; attempt++)
        {
            db.ResolveTasks.Add(task);
            db.ShortLinks.AddRange(links);
            audit.Record(db, user, new AuditChange(task.AccountId, AuditActions.Create, ShortLinksModule.AuditType, task.Id.ToString(), task.Name, null,
                new { task.TplId, task.Type, Domain = domain?.Display, task.ExpiresAt, task.MaxResolves, Links = links.Count, task.CustomUrl }));
            try
            {
                await db.SaveChangesAsync(ct);
                return new CreatedTask(task.Id, [.. links.Select(k => k.Code)]);
            }
            catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 })
            {
                db.ChangeTracker.Clear();
                if (form.Generation == CodeGeneration.Custom || attempt == CodeAttempts)
                {
                    // Another request took the same custom code between the check and the save.
                    var message = l["ShortLinks.CodeTaken", string.Join(l["Common.ListSeparator"], links.Select(k => k.Code))].Value;
                    return new KmError(ShortLinkErrors.DuplicateCode, message) { Fields = [new(nameof(form.Links), message)] };
                }

                // A random code collided (rare): draw the links' codes again.
                links.ForEach(k => k.Code = ResolveTaskRules.NewCode());
            }
        }
    }

    /// <summary>
    /// Checks a task's own fields (everything but its links), adding refusals to <paramref name="errors"/>; the task it
    /// would create (unsaved, CreatedBy unset), the approved version's parameters and the domain, when none is refused.
    /// </summary>
    internal async Task<(ResolveTask? Task, IReadOnlyList<string> Parameters, ShortDomain? Domain)> CheckTaskAsync(
        KooMessageDb db, UserContext user, ResolveTaskForm form, List<FieldError> errors, CancellationToken ct)
    {
        // In retention (保留期) no new link: the links already sent keep resolving.
        if (await arrears.RequireServiceAsync(db, user.AccountId!.Value, ct) is { } refused)
        {
            errors.Add(new(nameof(form.Name), refused.Message));
        }

        var name = TextNormalizer.Name(form.Name);
        if (name.Length is 0 or > ResolveTask.NameMax)
        {
            errors.Add(new(nameof(form.Name), l["Validation.Length", l["Field.TaskName"], 1, ResolveTask.NameMax]));
        }

        var template = await (
            from t in db.AimTemplates.AsNoTracking()
            join v in db.AimTemplateVersions.AsNoTracking() on t.ApprovedVersionId equals v.Id
            where t.TplId == form.TplId
            select new { t.TplId, t.Name, t.Enabled, t.AuditState, VersionId = v.Id, v.Document }).SingleOrDefaultAsync(ct);
        if (template is null || !template.Enabled || template.AuditState != TemplateAuditState.Approved)
        {
            errors.Add(new(nameof(form.TplId), l["ShortLinks.TemplateNotUsable"]));
        }

        if (!ResolveTaskRules.DaysValid(form.Type, form.ExpiryDays))
        {
            errors.Add(new(nameof(form.ExpiryDays), l["ShortLinks.ExpiryRange", ResolveTaskRules.DaysMin, ResolveTaskRules.DaysMax(form.Type)]));
        }

        var maxResolves = form.Type == ShortLinkType.Individual ? 1 : form.MaxResolves;
        if (!ResolveTaskRules.ResolvesValid(form.Type, maxResolves))
        {
            errors.Add(new(nameof(form.MaxResolves), l["ShortLinks.ResolvesRange", ResolveTaskRules.GroupResolvesMin, ResolveTaskRules.GroupResolvesMax.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)]));
        }

        var signatures = ResolveTaskForm.SplitSignatures(form.Signatures);
        if (!ResolveTaskRules.SignatureCountValid(signatures.Count))
        {
            errors.Add(new(nameof(form.Signatures), l["ShortLinks.SignatureCount", ResolveTaskRules.SignaturesMin, ResolveTaskRules.SignaturesMax]));
        }
        else if (signatures.FirstOrDefault(s => !ResolveTaskRules.SignatureValid(s)) is { } bad)
        {
            errors.Add(new(nameof(form.Signatures), l["ShortLinks.SignatureInvalid", bad, ResolveTaskRules.SignatureMax]));
        }
        else
        {
            var approved = await db.Signatures.AsNoTracking().Where(s => signatures.Contains(s.Name) && s.Status == SignatureStatus.ReviewPassed).Select(s => s.Name).ToListAsync(ct);
            if (signatures.FirstOrDefault(s => !approved.Contains(s)) is { } missing)
            {
                errors.Add(new(nameof(form.Signatures), l["ShortLinks.SignatureNotApproved", missing]));
            }
        }

        // Stored as a Location header carries it: ASCII only.
        var customUrl = string.IsNullOrWhiteSpace(form.CustomUrl) ? null : ResolveTaskRules.AsciiUrl(form.CustomUrl.Trim()) ?? form.CustomUrl.Trim();
        if (customUrl is not null && form.Generation == CodeGeneration.Custom)
        {
            errors.Add(new(nameof(form.CustomUrl), l["ShortLinks.CustomUrlWithCustomCode"]));
        }
        else if (customUrl is not null && !ResolveTaskRules.CustomUrlValid(customUrl))
        {
            errors.Add(new(nameof(form.CustomUrl), l["ShortLinks.CustomUrlInvalid", ResolveTaskRules.CustomUrlMax]));
        }

        ShortDomain? domain = null;
        if (form.DomainId is { } domainId)
        {
            domain = (await snapshot.DomainsAsync(ct)).FirstOrDefault(d => d.Id == domainId);
            if (domain is null)
            {
                errors.Add(new(nameof(form.DomainId), l["ShortLinks.DomainNotUsable"]));
            }
        }

        var parameters = template is null ? [] : Parameters(template.Document);
        if (errors.Count > 0)
        {
            return (null, parameters, domain);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var task = new ResolveTask
        {
            AccountId = user.AccountId!.Value,
            Name = name,
            TplId = template!.TplId,
            TplName = template.Name,
            VersionId = template.VersionId,
            Type = form.Type,
            DomainId = domain?.Id,
            Generation = form.Generation,
            ExpiresAt = now.AddDays(form.ExpiryDays),
            MaxResolves = maxResolves,
            Signatures = string.Join('\n', signatures),
            CustomUrl = customUrl,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return (task, parameters, domain);
    }

    public async Task<Result<PagedResult<ResolveTaskRow>>> ListAsync(PageRequest page, TaskFilter filter, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.ResolveTasks.AsNoTracking();
        if (page.Term is { } term)
        {
            query = query.Where(t => t.Name.Contains(term) || t.Id.ToString() == term);
        }

        if (!string.IsNullOrWhiteSpace(filter.TplId))
        {
            query = query.Where(t => t.TplId == filter.TplId || t.TplName.Contains(filter.TplId));
        }

        if (filter.From is { } from)
        {
            query = query.Where(t => t.CreatedAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(t => t.CreatedAt < to);
        }

        var total = await query.CountAsync(ct);
        var tasks = await query.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id).Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize).ToListAsync(ct);
        var ids = tasks.Select(t => t.Id).ToList();
        var counts = await db.ShortLinks.AsNoTracking().Where(k => ids.Contains(k.TaskId)).GroupBy(k => k.TaskId)
            .Select(g => new { g.Key, Links = g.Count(), Resolved = g.Sum(k => k.Resolved) }).ToDictionaryAsync(x => x.Key, ct);
        var domains = (await snapshot.DomainsAsync(ct)).ToDictionary(d => d.Id, d => d.Display);
        var rows = tasks.Select(t => new ResolveTaskRow(t.Id, t.Name, t.TplId, t.TplName, t.Type, t.DomainId is { } d ? domains.GetValueOrDefault(d) : null, t.Generation,
            t.MaxResolves, counts.GetValueOrDefault(t.Id)?.Links ?? 0, counts.GetValueOrDefault(t.Id)?.Resolved ?? 0, t.ExpiresAt, t.Enabled, t.CreatedAt, t.Version,
            t.Signatures, t.CustomUrl)).ToList();
        return new PagedResult<ResolveTaskRow>(rows, total);
    }

    public async Task<Result<ResolveTaskRow>> GetAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var t = await db.ResolveTasks.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (t is null)
        {
            return NotFound();
        }

        var links = await db.ShortLinks.AsNoTracking().Where(k => k.TaskId == id).GroupBy(k => 1).Select(g => new { Links = g.Count(), Resolved = g.Sum(k => k.Resolved) }).SingleOrDefaultAsync(ct);
        var domain = t.DomainId is { } d ? (await snapshot.DomainsAsync(ct)).FirstOrDefault(x => x.Id == d)?.Display : null;
        return new ResolveTaskRow(t.Id, t.Name, t.TplId, t.TplName, t.Type, domain, t.Generation, t.MaxResolves, links?.Links ?? 0, links?.Resolved ?? 0,
            t.ExpiresAt, t.Enabled, t.CreatedAt, t.Version, t.Signatures, t.CustomUrl);
    }

    /// <summary>解析任务明细: the account's links, of one task or all, by resolve status.</summary>
    public async Task<Result<PagedResult<ShortLinkRow>>> LinksAsync(PageRequest page, LinkFilter filter, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = from k in db.ShortLinks.AsNoTracking()
                    join t in db.ResolveTasks.AsNoTracking() on k.TaskId equals t.Id
                    select new { k, t };
        if (filter.TaskId is { } taskId)
        {
            query = query.Where(x => x.k.TaskId == taskId);
        }

        if (page.Term is { } term)
        {
            query = query.Where(x => x.k.Code == term || x.k.CustFlag.Contains(term) || x.t.Name.Contains(term) || x.t.TplId == term);
        }

        query = filter.Status switch
        {
            ResolveStatus.Success => query.Where(x => x.k.Resolved > 0),
            ResolveStatus.Fail => query.Where(x => x.k.Resolved == 0 && (!x.k.Enabled || x.k.ExpiresAt <= now)),
            ResolveStatus.Unresolved => query.Where(x => x.k.Resolved == 0 && x.k.Enabled && x.k.ExpiresAt > now),
            _ => query,
        };

        var domains = (await snapshot.DomainsAsync(ct)).ToDictionary(d => d.Id.ToString(), d => d.Display);
        var result = await query.OrderByDescending(x => x.k.CreatedAt).ThenBy(x => x.k.Code)
            .Select(x => new { x.k.Id, x.k.TaskId, x.t.Name, x.t.TplId, x.k.Code, x.k.DomainKey, x.k.CustFlag, x.k.MaxResolves, x.k.Resolved, x.k.CreatedAt, x.k.ExpiresAt, x.k.FirstResolvedAt, x.k.Enabled, x.k.Version })
            .ToPageAsync(page, ct);
        return new PagedResult<ShortLinkRow>([.. result.Items.Select(x => new ShortLinkRow(x.Id, x.TaskId, x.Name, x.TplId, x.Code, domains.GetValueOrDefault(x.DomainKey),
            x.CustFlag, x.MaxResolves, x.Resolved, x.CreatedAt, x.ExpiresAt, x.FirstResolvedAt, x.Enabled && x.ExpiresAt > now ? x.Enabled : false, x.Version))], result.Total);
    }

    /// <summary>Stops a task early: it and all its links open nothing from now on. Conditional on the version the user saw.</summary>
    public async Task<Result> DisableTaskAsync(Guid id, int version, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.ResolveTasks.Where(t => t.Id == id && t.Version == version && t.Enabled)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Enabled, false).SetProperty(t => t.Version, t => t.Version + 1).SetProperty(t => t.UpdatedAt, clock.GetUtcNow().UtcDateTime), ct);
        if (changed == 0)
        {
            return await db.ResolveTasks.AnyAsync(t => t.Id == id, ct) ? Changed() : NotFound();
        }

        await db.ShortLinks.Where(k => k.TaskId == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.Enabled, false).SetProperty(k => k.Version, k => k.Version + 1), ct);
        audit.Record(db, user, new AuditChange(user.AccountId, AuditActions.Disable, ShortLinksModule.AuditType, id.ToString(), null, null, new { Enabled = false }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        snapshot.Invalidate();
        return Result.Ok();
    }

    /// <summary>Stops one link early. Conditional on the version the user saw.</summary>
    public async Task<Result> DisableLinkAsync(Guid id, int version, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        var changed = await db.ShortLinks.Where(k => k.Id == id && k.Version == version && k.Enabled)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.Enabled, false).SetProperty(k => k.Version, k => k.Version + 1), ct);
        if (changed == 0)
        {
            return await db.ShortLinks.AnyAsync(k => k.Id == id, ct) ? Changed() : NotFound();
        }

        audit.Record(db, user, new AuditChange(user.AccountId, AuditActions.Disable, ShortLinksModule.LinkAuditType, id.ToString(), null, null, new { Enabled = false }));
        await db.SaveChangesAsync(ct);
        snapshot.Invalidate();
        return Result.Ok();
    }

    /// <summary>Shortens or extends a task's expiry (and its links'): after now, at most the type's maximum days after creation.</summary>
    public async Task<Result> ChangeExpiryAsync(Guid id, int version, DateTime expiresAt, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ShortLinkManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        var task = await db.ResolveTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        expiresAt = DateTime.SpecifyKind(expiresAt.AddTicks(-(expiresAt.Ticks % TimeSpan.TicksPerSecond)), DateTimeKind.Utc);
        if (!ResolveTaskRules.ExpiryValid(task.Type, task.CreatedAt, expiresAt, now))
        {
            var message = l["ShortLinks.ExpiryChangeRange", ResolveTaskRules.DaysMax(task.Type)].Value;
            return new KmError(ErrorCodes.InvalidParameter, message) { Fields = [new(ExpiresAtField, message)] };
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.ResolveTasks.Where(t => t.Id == id && t.Version == version)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, expiresAt).SetProperty(t => t.Version, t => t.Version + 1).SetProperty(t => t.UpdatedAt, now), ct);
        if (changed == 0)
        {
            return Changed();
        }

        await db.ShortLinks.Where(k => k.TaskId == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, expiresAt).SetProperty(k => k.Version, k => k.Version + 1), ct);
        audit.Record(db, user, new AuditChange(user.AccountId, AuditActions.Update, ShortLinksModule.AuditType, id.ToString(), task.Name, new { task.ExpiresAt }, new { ExpiresAt = expiresAt }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        snapshot.Invalidate();
        return Result.Ok();
    }

    /// <summary>The names (without ${ }) the template version declares.</summary>
    public static IReadOnlyList<string> Parameters(string document) =>
        [.. TemplateJson.Parse(document).Params.Select(p => TemplateTexts.BareName(p.Name)).Distinct()];

    /// <summary>SHA1 of 86 + number when the customer flag is a mainland mobile number; else null.</summary>
    public static string? NumberHashOf(string custFlag) =>
        MobileNumbers.Parse(custFlag.Trim(), EncryptionAlg.None) is { Problem: null, Sha1: { } sha1 } ? sha1 : null;

    private async Task<HashSet<FieldError>> CheckLinksAsync(ResolveTaskForm form, IReadOnlyList<string> parameters, string domainKey, List<FieldError> errors, CancellationToken ct)
    {
        var codeErrors = new HashSet<FieldError>();
        for (var i = 0; i < form.Links.Count; i++)
        {
            var link = form.Links[i];
            var flag = TextNormalizer.Name(link.CustFlag);
            if (flag.Length > ShortLink.CustFlagMax)
            {
                errors.Add(new(nameof(form.Links), l["ShortLinks.CustFlagTooLong", i + 1, ShortLink.CustFlagMax]));
            }

            var missing = parameters.Where(p => string.IsNullOrWhiteSpace(link.Values.GetValueOrDefault(p))).ToList();
            if (missing.Count > 0)
            {
                errors.Add(new(nameof(form.Links), l["ShortLinks.ParamsMissing"]));
            }

            if (form.Generation == CodeGeneration.Custom && !ResolveTaskRules.CustomCodeValid(link.CustomCode?.Trim() ?? ""))
            {
                errors.Add(new(nameof(form.Links), l["ShortLinks.CustomCodeInvalid", ResolveTaskRules.CustomCodeMin, ResolveTaskRules.CustomCodeMax]));
            }
        }

        if (form.Generation != CodeGeneration.Custom)
        {
            return codeErrors;
        }

        var codes = form.Links.Select(k => k.CustomCode?.Trim() ?? "").Where(ResolveTaskRules.CustomCodeValid).ToList();
        var repeated = codes.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);

        // Across accounts: a domain's codes are one namespace. BINARY collation: "abc" does not match "ABC".
        var taken = await snapshot.TakenAsync(domainKey, codes, ct);
        foreach (var code in repeated.Concat(taken).Distinct(StringComparer.Ordinal))
        {
            var error = new FieldError(nameof(form.Links), l["ShortLinks.CodeTaken", code]);
            codeErrors.Add(error);
            errors.Add(error);
        }

        return codeErrors;
    }

    private KmError NotFound() => new(ErrorCodes.NotFound, l["ShortLinks.NotFound"]);

    private KmError Changed() => new(ErrorCodes.Conflict, l["ShortLinks.Changed"]);
}
