using System.Globalization;
using System.Text;
using System.Text.Json;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Sending;

/// <summary>One checked number of a dry run as staged on disk: the number (11 digits), its column values, and whether a vendor renders the card for it.</summary>
public sealed record SendStageRow(string Mobile, Dictionary<string, string> Values, bool Renderable);

/// <summary>
/// The send page's side of a send task: the choices it offers, the dry run of the numbers (typed or a file, parsed as
/// the bulk-link file is) with the opt-outs and the capability pre-check, and creating the task: its resolve task (and
/// the 群发 link) at once, then <see cref="SendTaskPrepareJob"/> turns the staged rows into links and messages in
/// batches, outside the circuit, and starts the send.
/// </summary>
public sealed class SendTaskPlanner(
    AccessGuard guard, TenantDb dbs, ShortLinkService links, LinkSnapshot snapshot, CapabilityKeys keys, JobQueue jobs, AuditLog audit, IOptions<ConsoleOptions> options,
    IOptions<ShortLinkOptions> linkOptions, Billing.SendCost cost, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const string JobKind = "send-task.prepare";
    public const string NumbersField = nameof(SendTaskForm.Numbers);
    public const string TrialField = "TrialNumbers";

    /// <summary>How many refused rows the dialog lists.</summary>
    public const int ProblemsShown = 20;

    private const int CodeAttempts = 5;

    private sealed record StageInfo(
        string TplId, ShortLinkType LinkType, Guid SmsTemplateId, string? FileName, int Rows, int Valid, List<VendorCount> Vendors, int Renderable, List<SmsLengthCount>? Lengths);

    private static readonly DryRunStage Stages = new("send-stages");

    public static string RowsPath(ConsoleOptions options, Guid accountId, Guid stage) => Stages.RowsPath(options, accountId, stage);

    /// <summary>Where a task's links on <paramref name="domain"/> start (the console's own host and prefix when none).</summary>
    private string LinkBase(ShortDomain? domain, string consoleBase) => ShortLinkUrls.AimUrl(domain?.Display, "", linkOptions.Value, consoleBase).TrimEnd('/');

    /// <summary>What the form's messages of <paramref name="lengths"/> use, each with a link as long as the task's will be.</summary>
    private Task<IReadOnlyList<Billing.CostUse>> PlanUsesAsync(
        KooMessageDb db, SendTaskForm form, ShortDomain? domain, string consoleBase, IReadOnlyList<SmsLengthCount> lengths, CancellationToken ct) =>
        cost.PlanUsesAsync(db, form.SignatureId, form.SmsTemplateId, SendTaskRules.SampleLink(LinkBase(domain, consoleBase)), lengths, form.Fallback == SendFallback.PlainSms, ct);

    public async Task<Result<SendChoices>> ChoicesAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var templates = await TemplatesAsync(db, null, ct);
        var domains = await snapshot.DomainsAsync(ct);
        var apps = await db.SmsApps.AsNoTracking().OrderBy(a => a.Name).Select(a => new SendSmsApp(a.Id, a.Name)).ToListAsync(ct);
        var signatures = await db.Signatures.AsNoTracking().Where(s => s.Status == SignatureStatus.ReviewPassed).OrderBy(s => s.Name)
            .Select(s => new SendSignature(s.Id, s.Name, s.AppId, s.Type)).ToListAsync(ct);
        var sms = await SmsTemplatesAsync(db, null, ct);
        return new SendChoices(templates, [new DomainChoice(null, null), .. domains.OrderBy(d => d.Host).ThenBy(d => d.Path).Select(d => new DomainChoice(d.Id, d.Display))],
            apps, signatures, sms);
    }

    /// <summary>
    /// Checks the numbers (<paramref name="content"/>, or the form's typed lines when null): bad number, duplicate,
    /// missing or too long value; counts the opt-outs and, per vendor that activated the template, the numbers it
    /// renders the card for. The valid rows are staged for <see cref="CreateAsync"/>.
    /// </summary>
    public async Task<Result<SendPlan>> DryRunAsync(SendTaskForm form, string? fileName, Stream? content, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var template = (await TemplatesAsync(db, form.TplId, ct)) is [var firstTemplate, ..] ? firstTemplate : null;
        var sms = (await SmsTemplatesAsync(db, form.SmsTemplateId, ct)) is [var firstSms, ..] ? firstSms : null;
        var errors = new List<FieldError>();
        if (template is null)
        {
            errors.Add(new(nameof(SendTaskForm.TplId), l["ShortLinks.TemplateNotUsable"]));
        }

        if (sms is null)
        {
            errors.Add(new(nameof(SendTaskForm.SmsTemplateId), l["Sending.SmsTemplateNotUsable"]));
        }

        if (errors.Count > 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, errors[0].Message) { Fields = errors };
        }

        var columns = SendTaskRules.Columns(template!, form.LinkType, sms!);
        var accountId = auth.Value.AccountId!.Value;
        Stages.RemoveOld(options.Value, accountId, clock.GetUtcNow().UtcDateTime);
        var stage = Guid.CreateVersion7();
        var upload = Stages.UploadPath(options.Value, accountId, stage);
        try
        {
            if (content is null && !await TypedAsync(form.Numbers, columns, upload, ct))
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Validation.Required", l["Field.Mobiles"]]).OnField(NumbersField);
            }

            if (content is not null && !await DryRunStage.CopyUploadAsync(content, upload, BulkLinkFile.BytesMax, ct))
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Files.TooLarge", l["BulkLinks.File"], fileName ?? "", FileSizes.Text(BulkLinkFile.BytesMax)]).OnField(NumbersField);
            }

            var culture = CultureInfo.CurrentUICulture;
            var parsed = await Task.Run(() => Parse(upload, columns, sms!, fileName ?? "", content is null, culture, ct), ct);
            if (parsed.Error is { } unreadable)
            {
                return unreadable;
            }

            var (rows, valid, problems) = parsed.Value;
            var optOuts = (await db.OptOuts.AsNoTracking().Select(o => o.Mobile).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var vendors = await db.AimTemplateVendors.AsNoTracking()
                .Where(v => v.VersionId == template!.VersionId && v.State == VendorActivationState.Activated).Select(v => v.Vendor).Distinct().ToListAsync(ct);
            var hasher = await keys.GetAsync(db, ct);
            var capable = vendors.Order().ToDictionary(v => v, _ => 0);
            var renderable = 0;
            var lengths = new Dictionary<int, (int Renderable, int Unrenderable)>();
            await using (var writer = new StreamWriter(Stages.RowsPath(options.Value, accountId, stage), false, new UTF8Encoding(false)))
            {
                foreach (var row in valid)
                {
                    var key = hasher.Of(MobileNumbers.Sha1Of("86" + row.Mobile));
                    var at = await db.MobileCapabilities.AsNoTracking().Where(c => c.NumberKey == key && c.Capable).Select(c => c.Vendor).ToListAsync(ct);
                    var rendering = at.Where(capable.ContainsKey).Distinct().ToList();
                    rendering.ForEach(v => capable[v]++);
                    if (rendering.Count > 0)
                    {
                        renderable++;
                    }

                    // An opted-out number is skipped by the send: it costs nothing.
                    if (!optOuts.Contains(row.Mobile))
                    {
                        var length = SendTaskRules.BodyLength(sms!, row.Values);
                        var (r, u) = lengths.GetValueOrDefault(length);
                        lengths[length] = rendering.Count > 0 ? (r + 1, u) : (r, u + 1);
                    }

                    await writer.WriteLineAsync(JsonSerializer.Serialize(row with { Renderable = rendering.Count > 0 }, ShortLinkService.ValuesJson).AsMemory(), ct);
                }
            }

            var counts = capable.Select(c => new VendorCount(c.Key, c.Value)).ToList();
            var name = fileName is null ? null : Path.GetFileName(fileName);
            var byLength = lengths.OrderBy(c => c.Key).Select(c => new SmsLengthCount(c.Key, c.Value.Renderable, c.Value.Unrenderable)).ToList();
            await File.WriteAllTextAsync(Stages.InfoPath(options.Value, accountId, stage),
                JsonSerializer.Serialize(new StageInfo(template!.TplId, form.LinkType, sms!.Id, name, rows, valid.Count, counts, renderable, byLength)), ct);
            return new SendPlan(stage, name, rows, valid.Count, problems, valid.Count(r => optOuts.Contains(r.Mobile)), counts, renderable, byLength);
        }
        finally
        {
            File.Delete(upload);
        }
    }

    /// <summary>
    /// What sending <paramref name="plan"/> with the form's choices would cost: its messages as they will be composed,
    /// each with its own values, the signature and a link as long as the task's (<paramref name="consoleBase"/>
    /// addresses links on the default domain).
    /// </summary>
    public async Task<Result<Billing.CostEstimate>> EstimateAsync(SendTaskForm form, SendPlan plan, string consoleBase, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var domain = (await snapshot.DomainsAsync(ct)).FirstOrDefault(d => d.Id == form.DomainId);
        var uses = await PlanUsesAsync(db, form, domain, consoleBase, plan.Lengths, ct);
        return await cost.EstimateAsync(db, auth.Value.AccountId!.Value, uses, ct);
    }

    /// <summary>Creates the task of <paramref name="form"/> from the dry run <paramref name="stage"/>; <paramref name="consoleBase"/> addresses links on the default domain.</summary>
    public Task<Result<Guid>> CreateAsync(SendTaskForm form, Guid stage, string consoleBase, CancellationToken ct) => CreateAsync(form, stage, consoleBase, trial: false, ct);

    /// <summary>A trial send (试发): the form's task to at most <see cref="SendTaskRules.TrialMax"/> typed numbers, at once, through the same engine.</summary>
    public async Task<Result<Guid>> TrialAsync(SendTaskForm form, string numbers, string consoleBase, CancellationToken ct)
    {
        var trial = new SendTaskForm
        {
            Name = form.Name, TplId = form.TplId, TemplateVersionId = form.TemplateVersionId, LinkType = form.LinkType, DomainId = form.DomainId, ExpiryDays = form.ExpiryDays,
            SmsAppId = form.SmsAppId, SignatureId = form.SignatureId, SmsTemplateId = form.SmsTemplateId, Fallback = form.Fallback, GroupValues = form.GroupValues, Numbers = numbers,
        };
        var plan = await DryRunAsync(trial, null, null, ct);
        if (plan.Error is { } error)
        {
            return error.Fields.Any(f => f.Field == NumbersField) ? new KmError(error.Code, error.Message).OnField(TrialField) : error;
        }

        var p = plan.Value;
        if (p.FirstProblems.Count > 0)
        {
            var first = p.FirstProblems[0];
            return new KmError(ErrorCodes.InvalidParameter, l["Sending.TrialProblem", first.Row, first.Message]).OnField(TrialField);
        }

        if (!SendTaskRules.TrialCountValid(p.Valid))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Sending.TrialCount", SendTaskRules.TrialMax]).OnField(TrialField);
        }

        return await CreateAsync(trial, p.Stage, consoleBase, trial: true, ct);
    }

    private async Task<Result<Guid>> CreateAsync(SendTaskForm form, Guid stage, string consoleBase, bool trial, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.SendManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        var accountId = user.AccountId!.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.ForAsync(user, ct);
        var errors = new List<FieldError>();
        var template = (await TemplatesAsync(db, form.TplId, ct)) is [var firstTemplate, ..] ? firstTemplate : null;
        if (template is not null && form.TemplateVersionId is { } seen && seen != template.VersionId)
        {
            errors.Add(new(nameof(SendTaskForm.TplId), l["Sending.TemplateVersionChanged"]));
        }

        if (template is not null && !SendTaskRules.LinkTypes(template).Contains(form.LinkType))
        {
            errors.Add(new(nameof(SendTaskForm.LinkType), l["Sending.StaticGroupOnly"]));
        }

        var signature = await db.Signatures.AsNoTracking().Where(s => s.Id == form.SignatureId && s.Status == SignatureStatus.ReviewPassed)
            .Select(s => new { s.Name, s.AppId }).SingleOrDefaultAsync(ct);
        if (form.SmsAppId is not { } appId || !await db.SmsApps.AnyAsync(a => a.Id == appId, ct))
        {
            errors.Add(new(nameof(SendTaskForm.SmsAppId), l["Sending.SmsAppNotUsable"]));
        }
        else if (signature is null || signature.AppId != appId)
        {
            errors.Add(new(nameof(SendTaskForm.SignatureId), l["Sending.SignatureNotUsable"]));
        }

        var sms = (await SmsTemplatesAsync(db, form.SmsTemplateId, ct)) is [var firstSms, ..] ? firstSms : null;
        if (sms is null || sms.SignatureId != form.SignatureId)
        {
            errors.Add(new(nameof(SendTaskForm.SmsTemplateId), l["Sending.SmsTemplateNotUsable"]));
        }

        if (form.Later && form.ScheduledAt is null)
        {
            errors.Add(new(nameof(SendTaskForm.ScheduledAt), l["Sending.ScheduleMissing"]));
        }
        else if (!SendTaskRules.ScheduleValid(form.ScheduledAt, form.ExpiryDays, now))
        {
            errors.Add(new(nameof(SendTaskForm.ScheduledAt), l["Sending.ScheduleRange", form.ExpiryDays]));
        }

        var groupValues = new Dictionary<string, string>(StringComparer.Ordinal);
        if (template is not null && form.LinkType == ShortLinkType.Group)
        {
            foreach (var p in template.Parameters)
            {
                var value = form.GroupValues.GetValueOrDefault(p)?.Trim() ?? "";
                if (value.Length is 0 or > BulkLinkFile.ValueMax)
                {
                    errors.Add(new($"{nameof(SendTaskForm.GroupValues)}.{p}", l["Validation.Length", "${" + p + "}", 1, BulkLinkFile.ValueMax]));
                }

                groupValues[p] = value;
            }
        }

        var infoPath = Stages.InfoPath(options.Value, accountId, stage);
        var info = File.Exists(infoPath) && File.Exists(Stages.RowsPath(options.Value, accountId, stage))
            ? JsonSerializer.Deserialize<StageInfo>(await File.ReadAllTextAsync(infoPath, ct))
            : null;
        if (info?.Lengths is null)
        {
            errors.Add(new(NumbersField, l["BulkLinks.PlanGone"]));
        }
        else if (info.TplId != form.TplId || info.LinkType != form.LinkType || info.SmsTemplateId != form.SmsTemplateId)
        {
            errors.Add(new(NumbersField, l["Sending.PlanChanged"]));
        }
        else if (info.Valid == 0)
        {
            errors.Add(new(NumbersField, l["BulkLinks.NothingValid"]));
        }
        else if (info.Lengths.Sum(c => c.Renderable + c.Unrenderable) == 0)
        {
            // Only the numbers not opted out have a length: every valid one is on the opt-out list.
            errors.Add(new(NumbersField, l["Sending.AllOptedOut"]));
        }

        var resolveForm = new ResolveTaskForm
        {
            Name = form.Name, TplId = form.TplId, Type = form.LinkType, DomainId = form.DomainId, ExpiryDays = form.ExpiryDays,
            MaxResolves = ResolveTaskRules.GroupResolvesMax, Signatures = signature?.Name ?? "", Generation = CodeGeneration.Standard,
        };
        var linkErrors = new List<FieldError>();
        var (resolve, _, domain) = await links.CheckTaskAsync(db, user, resolveForm, linkErrors, ct);

        // The signature was checked above, as the SMS's; the resolve task's own refusals name the form's fields.
        errors.AddRange(linkErrors.Where(e => e.Field != nameof(ResolveTaskForm.Signatures) || signature is not null)
            .Select(e => e.Field == nameof(ResolveTaskForm.Signatures) ? e with { Field = nameof(SendTaskForm.SignatureId) } : e));
        if (errors.Count == 0)
        {
            // A send the balance and packages cannot pay is refused before it starts, with the shortfall named.
            var uses = await PlanUsesAsync(db, form, domain, consoleBase, info!.Lengths!, ct);
            if (cost.Refusal(await cost.EstimateAsync(db, accountId, uses, ct)) is { } shortfall)
            {
                errors.Add(new(NumbersField, shortfall.Message));
            }
        }

        if (errors.Count > 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, errors[0].Message) { Fields = errors };
        }

        resolve!.CreatedBy = user.UserName;
        var task = new SendTask
        {
            AccountId = accountId,
            Name = resolve.Name,
            State = SendTaskState.Preparing,
            CreatedAt = now,
            CreatedBy = user.UserName,
            TplId = template!.TplId,
            TplName = template.Name,
            TemplateVersionId = template.VersionId,
            LinkType = form.LinkType,
            DomainId = domain?.Id,
            ExpiryDays = form.ExpiryDays,
            ResolveTaskId = resolve.Id,
            SmsAppId = form.SmsAppId,
            SignatureId = form.SignatureId,
            SmsTemplateId = form.SmsTemplateId,
            Fallback = form.Fallback,
            ScheduledAt = trial ? null : form.ScheduledAt,
            Trial = trial,
            LinkBase = LinkBase(domain, consoleBase),
            StageId = stage,
            Capability = JsonSerializer.Serialize(info!.Vendors),
        };
        var groupLink = form.LinkType == ShortLinkType.Group
            ? new ShortLink
            {
                AccountId = accountId, TaskId = resolve.Id, DomainKey = domain?.Id.ToString() ?? ShortLinkOptions.DefaultDomainKey, Code = ResolveTaskRules.NewCode(),
                CustFlag = "", Values = JsonSerializer.Serialize(groupValues, ShortLinkService.ValuesJson), MaxResolves = resolve.MaxResolves, ExpiresAt = resolve.ExpiresAt,
                CreatedAt = resolve.CreatedAt,
            }
            : null;
        for (var attempt = 1; ; attempt++)
        {
            db.ResolveTasks.Add(resolve);
            if (groupLink is not null)
            {
                db.ShortLinks.Add(groupLink);
            }

            var job = jobs.Enqueue(db, JobKind, accountId, new SendTaskPrepareJob.Parameters(task.Id), user);
            job.Total = info.Valid;
            task.JobId = job.Id;
            db.SendTasks.Add(task);
            audit.Record(db, user, new AuditChange(accountId, AuditActions.Create, SendingModule.SendTaskAuditType, task.Id.ToString(), task.Name, null,
                new { task.TplId, task.LinkType, Numbers = info.Valid, task.Trial, task.ScheduledAt, task.Fallback }));
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException e) when (e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } && groupLink is not null && attempt < CodeAttempts)
            {
                // The group link's random code collided with one of the domain's (rare): draw again.
                db.ChangeTracker.Clear();
                groupLink.Code = ResolveTaskRules.NewCode();
            }
        }

        File.Delete(infoPath);
        jobs.Wake();
        return task.Id;
    }

    private static async Task<IReadOnlyList<SendTemplate>> TemplatesAsync(KooMessageDb db, string? tplId, CancellationToken ct)
    {
        var rows = await (
            from t in db.AimTemplates.AsNoTracking()
            join v in db.AimTemplateVersions.AsNoTracking() on t.ApprovedVersionId equals v.Id
            where t.Enabled && t.AuditState == TemplateAuditState.Approved && (tplId == null || t.TplId == tplId)
            orderby t.UpdatedAt descending
            select new { t.TplId, t.Name, VersionId = v.Id, v.Document }).ToListAsync(ct);
        return [.. rows.Select(r => new SendTemplate(r.TplId, r.Name, r.VersionId, ShortLinkService.Parameters(r.Document)))];
    }

    /// <summary>Approved SMS templates with the short-link slot.</summary>
    private static async Task<IReadOnlyList<SendSmsTemplate>> SmsTemplatesAsync(KooMessageDb db, Guid? id, CancellationToken ct)
    {
        var rows = await db.SmsTemplates.AsNoTracking().Where(t => t.Status == SmsTemplateStatus.Adopted && (id == null || t.Id == id)).OrderBy(t => t.Name).ToListAsync(ct);
        return [.. rows.Where(t => t.Variables.Any(v => v.Type == SmsVariableType.NEWTEXT)).Select(t => new SendSmsTemplate(t.Id, t.Name, t.SignatureId, t.Content, t.Variables))];
    }

    /// <summary>The typed lines as a CSV under the columns' header; false when there is none.</summary>
    private static async Task<bool> TypedAsync(string numbers, IReadOnlyList<string> columns, string path, CancellationToken ct)
    {
        var lines = numbers.Split('\n').Select(x => x.TrimEnd('\r')).ToList();
        if (lines.All(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        var header = string.Join(',', BulkLinkFile.Header(columns).SkipLast(1));
        await File.WriteAllTextAsync(path, header + "\n" + string.Join('\n', lines), new UTF8Encoding(false), ct);
        return true;
    }

    /// <summary>Reads the staged upload row by row with the bulk-link file's parser and row checks, plus the SMS's own: a mainland number and values no longer than the SMS allows.</summary>
    private Result<(int Rows, List<SendStageRow> Valid, List<SendProblem> Problems)> Parse(
        string upload, IReadOnlyList<string> columns, SendSmsTemplate sms, string fileName, bool typed, CultureInfo culture, CancellationToken ct)
    {
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        var smsTypes = sms.Variables.ToDictionary(v => v.Index.ToString(CultureInfo.InvariantCulture), v => v.Type);
        var problems = new List<SendProblem>();
        var valid = new List<SendStageRow>();
        var rows = 0;
        try
        {
            using var input = new FileStream(upload, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            BulkColumns? found = null;
            foreach (var (row, cells) in BulkLinkFile.Rows(input))
            {
                ct.ThrowIfCancellationRequested();
                if (found is null)
                {
                    var (header, missing) = BulkLinkFile.Columns(cells, columns);
                    if (header is null)
                    {
                        return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.Header", string.Join(l["Common.ListSeparator"], missing)]).OnField(NumbersField);
                    }

                    found = header;
                    continue;
                }

                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (++rows > BulkLinkFile.RowsMax)
                {
                    return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.TooManyRows", BulkLinkFile.RowsMax.ToString("N0", culture)]).OnField(NumbersField);
                }

                var result = found.Check(row, cells);
                // Typed lines count from 1 (the header above them is not theirs to see).
                var messages = result.Issues.Select(i => typed && i.Problem == BulkRowProblem.Duplicate && int.TryParse(i.Argument, CultureInfo.InvariantCulture, out var first)
                    ? i with { Argument = (first - 1).ToString(CultureInfo.InvariantCulture) } : i).Select(i => i.Describe(l)).ToList();
                var mobile = result.Link is null ? null : SendingRules.Mobile(cells[found.MobileColumn]);
                if (result.Link is not null && mobile is null)
                {
                    messages.Add(l["Sending.NotMainland"]);
                }

                if (result.Link is { } link)
                {
                    messages.AddRange(link.Values.Where(v => smsTypes.TryGetValue(v.Key, out var t) && v.Value.Length > SmsTemplateRules.MaxValueLength(t))
                        .Select(v => l["BulkLinks.ValueTooLong", "${" + v.Key + "}", SmsTemplateRules.MaxValueLength(smsTypes[v.Key])].Value));
                }

                if (messages.Count == 0)
                {
                    valid.Add(new SendStageRow(mobile!, result.Link!.Values, false));
                }
                else if (problems.Count < ProblemsShown)
                {
                    problems.Add(new(typed ? row - 1 : row, string.Join(" ", messages)));
                }
            }

            if (found is null || rows == 0)
            {
                return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.NoRows"]).OnField(NumbersField);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or InvalidOperationException or DecoderFallbackException)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["BulkLinks.Unreadable", fileName]).OnField(NumbersField);
        }

        return (rows, valid, problems);
    }
}
