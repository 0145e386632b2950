using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SixLabors.ImageSharp;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>The port list's filters (ListPortInfos type 0): bound or not (is_bind), type, part of the number; the search box is sign_search.</summary>
public sealed record ChannelPortQuery(bool? Bound = null, ChannelNumberType? Type = null, string? Number = null);

/// <summary>The binding list's filter (ListPortInfos type 1): one service number.</summary>
public sealed record ChannelBindingQuery(Guid? ServiceNumberId = null, Guid? ChannelNumberId = null);

public sealed record ChannelPortRow(
    Guid Id, string Number, ChannelNumberType Type, IReadOnlyList<string> Signatures, bool SignCheck, ApproveState ApproveState,
    string? ReviewDesc, int Bindings, int Version, DateTime CreatedAt);

public sealed record ChannelBindingRow(
    Guid Id, Guid ChannelNumberId, string Number, ChannelNumberType Type, Guid ServiceNumberId, string ServiceNumber, string Region,
    IReadOnlyList<string> Signatures, string MerchantName, DateTime CreatedAt);

public sealed record ChannelNumberDetail(
    Guid Id, string Number, ChannelNumberType Type, IReadOnlyList<string> Signatures, bool SignCheck, ApproveState ApproveState,
    string? ReviewDesc, int Version, DateTime SubmittedAt, IReadOnlyList<FileView> Proofs);

/// <summary>What the bind dialog fills in and offers: the port, the merchant, the service numbers one may bind to, the bindings it has.</summary>
public sealed record ChannelBindOptions(ChannelNumberDetail Port, string MerchantName, IReadOnlyList<ServiceNumberRef> ServiceNumbers, IReadOnlyList<ChannelBindingRow> Bindings);

/// <summary>
/// 通道号: register (reviewed), bind to a service number by region, unbind, delete when unbound. Every write runs in one
/// write transaction, which Microsoft.Data.Sqlite opens with BEGIN IMMEDIATE: SQLite's write lock is taken before the
/// first read, so two writers (two tabs binding one port) run one after the other and the second reads what the first
/// wrote; nothing can come between a check and the write it allows.
/// </summary>
public sealed class ChannelNumberService(
    AccessGuard guard,
    TenantDb dbs,
    FileStore files,
    AuditLog audit,
    ServiceNumberDirectory directory,
    ChinaRegions regions,
    IValidator<ChannelNumberForm> validator,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>授权证明: png/jpg/bmp/jpeg (read from the bytes, then decoded), ≤ 4 MB for all of them together.</summary>
    public static readonly UploadRule ProofRule = new("ChannelNumbers.Proofs", [FileKind.Png, FileKind.Jpeg, FileKind.Bmp], ChannelNumber.ProofsBytesMax);

    public const string ProofsField = "Proofs";
    public const string RegionField = nameof(ChannelBindingForm.ProvinceCode);

    private static readonly string[] ProofFormats = ["PNG", "JPEG", "BMP"];

    private static readonly SortColumns<ChannelNumber> PortSorts = new SortColumns<ChannelNumber>()
        .Add(nameof(ChannelPortRow.Number), c => c.Number).Add(nameof(ChannelPortRow.CreatedAt), c => c.CreatedAt);

    public async Task<Result<PagedResult<ChannelPortRow>>> ListPortsAsync(ChannelPortQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await PortQuery(db, filter, page.Term, page).ToPageAsync(page, ct);
    }

    public async Task<Result<PagedResult<ChannelBindingRow>>> ListBindingsAsync(ChannelBindingQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await BindingQuery(db, filter, page.Term).ToPageAsync(page, ct);
    }

    /// <summary>The account's service numbers, for the binding list's filter.</summary>
    public async Task<IReadOnlyList<ServiceNumberRef>> ServiceNumbersAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelView, ct);
        if (auth.Error is not null)
        {
            return [];
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await directory.ListAsync(db, ct);
    }

    public async Task<Result<ChannelNumberDetail>> GetAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        return await DetailAsync(db, id, ct) is { } detail ? detail : NotFound();
    }

    /// <summary>The port with its proofs, through whatever context the caller holds (a tenant's, or the review queue's).</summary>
    public static async Task<ChannelNumberDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var c = await db.ChannelNumbers.AsNoTracking().Include(x => x.Proofs).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return null;
        }

        var ids = c.Proofs.Select(f => f.FileId).ToList();
        var stored = await db.StoredFiles.AsNoTracking().Where(f => ids.Contains(f.Id) && f.AccountId == c.AccountId)
            .ToDictionaryAsync(f => f.Id, f => new FileView(f.Id, f.FileName, f.ContentType), ct);
        return new ChannelNumberDetail(c.Id, c.Number, c.Type, c.SignatureList, c.SignCheck, c.ApproveState, c.ReviewDesc, c.Version, c.SubmittedAt,
            [.. c.Proofs.OrderBy(p => p.Id).Select(p => stored.GetValueOrDefault(p.FileId)).OfType<FileView>()]);
    }

    /// <summary>Registers a channel number (RegisterPort); it waits in the review queue and can be bound once approved.</summary>
    public async Task<Result<Guid>> RegisterAsync(ChannelNumberForm form, IReadOnlyList<UploadedFile> proofs, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        if (await CheckProofsAsync(proofs, ct) is { } refused)
        {
            return refused.OnField(ProofsField);
        }

        var user = auth.Value;
        var accountId = user.AccountId!.Value;
        var number = ChannelNumberRules.NormalizeNumber(form.Number);
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.ChannelNumbers.AnyAsync(c => c.Number == number, ct))
        {
            return Duplicate(number);
        }

        var now = Now;
        var port = new ChannelNumber
        {
            AccountId = accountId, Number = number, Type = form.Type, Signatures = ChannelNumber.Join(ChannelNumberRules.NormalizeSignatures(form.Signatures)),
            SignCheck = form.SignCheck, ApproveState = ApproveState.Reviewing, SubmittedBy = user.UserId, SubmittedAt = now, CreatedAt = now, UpdatedAt = now,
        };
        port.Proofs.AddRange(proofs.Select(p => new ChannelNumberFile { AccountId = accountId, FileId = files.Add(db, user, accountId, p).Id }));
        db.ChannelNumbers.Add(port);
        ReviewTickets.Open(db, ChannelNumberReviewSource.Subject(port), now);
        if (await db.SaveOrConflictAsync(Duplicate(number).Message, ct, nameof(ChannelNumberForm.Number)) is { } conflict)
        {
            return conflict;
        }

        audit.Record(db, user, new AuditChange(accountId, AuditActions.Create, ChannelNumbersModule.AuditType, port.Id.ToString(), port.Number, null, Snapshot(port)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return port.Id;
    }

    /// <summary>The bindings of one port of the account.</summary>
    public async Task<Result<IReadOnlyList<ChannelBindingRow>>> BindingsOfAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        if (!await db.ChannelNumbers.AnyAsync(c => c.Id == id, ct))
        {
            return NotFound();
        }

        return Result<IReadOnlyList<ChannelBindingRow>>.Ok(await BindingQuery(db, new ChannelBindingQuery(ChannelNumberId: id), null).ToListAsync(ct));
    }

    /// <summary>The port, the merchant name, the service numbers it may be bound to (approved, not frozen) and its bindings.</summary>
    public async Task<Result<ChannelBindOptions>> BindOptionsAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        if (await DetailAsync(db, id, ct) is not { } port)
        {
            return NotFound();
        }

        var numbers = (await directory.ListAsync(db, ct)).Where(Bindable).ToList();
        var bindings = await BindingQuery(db, new ChannelBindingQuery(ChannelNumberId: id), null).ToListAsync(ct);
        return new ChannelBindOptions(port, await MerchantNameAsync(db, auth.Value.AccountId!.Value, ct), numbers, bindings);
    }

    /// <summary>
    /// Binds an approved port to a service number for a region (LockPort). Refused when the port changed since it was
    /// shown, the service number is not approved or is frozen, a signature is not the port's, or the region overlaps
    /// another binding of the port (the message names it, at the region field).
    /// </summary>
    public async Task<Result<Guid>> BindAsync(ChannelBindingForm form, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        var accountId = user.AccountId!.Value;
        var region = form.Region(regions);
        if (region is null)
        {
            return Invalid(RegionField, l["Validation.Required", l["ChannelNumbers.Region"]]);
        }

        if (form.ServiceNumberId is not { } serviceNumberId)
        {
            return Invalid(nameof(ChannelBindingForm.ServiceNumberId), l["Validation.Required", l["ChannelNumbers.ServiceNumber"]]);
        }

        var signatures = ChannelNumberRules.NormalizeSignatures(form.Signatures).Distinct(StringComparer.Ordinal).ToList();
        if (signatures.Count == 0)
        {
            return Invalid(nameof(ChannelBindingForm.Signatures), l["Validation.Required", l["ChannelNumbers.Signatures"]]);
        }

        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var port = await db.ChannelNumbers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == form.ChannelNumberId, ct);
        if (port is null)
        {
            return NotFound();
        }

        if (port.Version != form.Version)
        {
            return Changed();
        }

        if (port.ApproveState != ApproveState.Approved)
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["ChannelNumbers.NotApproved", port.Number]);
        }

        var writable = await directory.RequireWritableAsync(db, serviceNumberId, ct);
        if (writable.Error is { } blocked)
        {
            return blocked.OnField(nameof(ChannelBindingForm.ServiceNumberId));
        }

        var serviceNumber = writable.Value;
        if (serviceNumber.ApproveState != ApproveState.Approved)
        {
            return Invalid(nameof(ChannelBindingForm.ServiceNumberId), l["ChannelNumbers.ServiceNumberNotApproved", serviceNumber.Display]);
        }

        if (signatures.Except(port.SignatureList, StringComparer.Ordinal).ToList() is { Count: > 0 } foreign)
        {
            return Invalid(nameof(ChannelBindingForm.Signatures), l["ChannelNumbers.SignatureNotOfPort", l.JoinList(foreign)]);
        }

        var existing = await BindingQuery(db, new ChannelBindingQuery(ChannelNumberId: port.Id), null).ToListAsync(ct);
        if (ChannelNumberRules.Overlapping(region, existing, b => regions.Parse(b.Region)) is { } clash)
        {
            return new KmError(ErrorCodes.Conflict, l["ChannelNumbers.RegionOverlaps", regions.Describe(region, l), clash.ServiceNumber,
                regions.Parse(clash.Region) is { } taken ? regions.Describe(taken, l) : clash.Region]).OnField(RegionField);
        }

        var binding = new ChannelBinding
        {
            AccountId = accountId, ChannelNumberId = port.Id, ServiceNumberId = serviceNumber.Id, Region = region.Code,
            Signatures = ChannelNumber.Join(signatures), MerchantName = await MerchantNameAsync(db, accountId, ct), CreatedBy = user.UserName, CreatedAt = Now,
        };
        db.ChannelBindings.Add(binding);
        audit.Record(db, user, new AuditChange(accountId, AuditActions.Create, ChannelNumbersModule.BindingAuditType, binding.Id.ToString(), port.Number, null,
            new { Port = port.Number, ServiceNumber = serviceNumber.Display, Region = regions.Describe(region, l), Signatures = signatures }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return binding.Id;
    }

    /// <summary>Unbinds (UnlockPort, by the binding's id); refused while its service number is frozen.</summary>
    public async Task<Result> UnbindAsync(Guid bindingId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var binding = await db.ChannelBindings.SingleOrDefaultAsync(b => b.Id == bindingId, ct);
        if (binding is null)
        {
            return new KmError(ErrorCodes.NotFound, l["ChannelNumbers.BindingNotFound"]);
        }

        var writable = await directory.RequireWritableAsync(db, binding.ServiceNumberId, ct);
        if (writable.Error is { } blocked)
        {
            return blocked;
        }

        var number = await db.ChannelNumbers.Where(c => c.Id == binding.ChannelNumberId).Select(c => c.Number).SingleAsync(ct);
        db.ChannelBindings.Remove(binding);
        audit.Record(db, user, new AuditChange(binding.AccountId, AuditActions.Delete, ChannelNumbersModule.BindingAuditType, binding.Id.ToString(), number,
            new { Port = number, ServiceNumber = writable.Value.Display, Region = regions.Parse(binding.Region) is { } r ? regions.Describe(r, l) : binding.Region, Signatures = binding.SignatureList }, null));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>Deletes a port (DeletePortInfo) in the version the user saw, only when it has no binding; its proofs go with it.</summary>
    public async Task<Result> DeleteAsync(Guid id, int version, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ChannelManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var port = await db.ChannelNumbers.Include(c => c.Proofs).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (port is null)
        {
            return NotFound();
        }

        if (port.Version != version)
        {
            return Changed();
        }

        var bound = await db.ChannelBindings.CountAsync(b => b.ChannelNumberId == id, ct);
        if (bound > 0)
        {
            return new KmError(ErrorCodes.PreconditionFailed, l["ChannelNumbers.StillBound", port.Number, bound]);
        }

        var fileIds = port.Proofs.Select(p => p.FileId).ToList();
        db.ChannelNumbers.Remove(port);
        await files.RemoveAsync(db, fileIds, ct);
        await ReviewTickets.WithdrawAsync(db, ChannelNumberReviewSource.KindName, port.Id, user.UserName, Now, ct);
        audit.Record(db, user, new AuditChange(port.AccountId, AuditActions.Delete, ChannelNumbersModule.AuditType, port.Id.ToString(), port.Number, Snapshot(port), null));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    internal static IQueryable<ChannelPortRow> PortQuery(KooMessageDb db, ChannelPortQuery filter, string? signature, PageRequest order)
    {
        var query = db.ChannelNumbers.AsNoTracking();
        var bindings = db.Set<ChannelBinding>();
        if (filter.Bound is { } bound)
        {
            query = query.Where(c => bindings.Any(b => b.ChannelNumberId == c.Id) == bound);
        }

        if (filter.Type is { } type)
        {
            query = query.Where(c => c.Type == type);
        }

        if (ChannelNumberRules.NormalizeNumber(filter.Number) is { Length: > 0 } number)
        {
            query = query.Where(c => c.Number.Contains(number));
        }

        if (signature is not null)
        {
            query = query.Where(c => c.Signatures.Contains(signature));
        }

        return PortSorts.Apply(query, order, q => q.OrderByDescending(c => c.CreatedAt)).ThenBy(c => c.Id).Select(c => new ChannelPortRow(
            c.Id, c.Number, c.Type, ChannelNumber.Split(c.Signatures), c.SignCheck, c.ApproveState, c.ReviewDesc,
            bindings.Count(b => b.ChannelNumberId == c.Id), c.Version, c.CreatedAt));
    }

    internal static IQueryable<ChannelBindingRow> BindingQuery(KooMessageDb db, ChannelBindingQuery filter, string? signature)
    {
        var bindings = db.ChannelBindings.AsNoTracking();
        if (filter.ServiceNumberId is { } serviceNumberId)
        {
            bindings = bindings.Where(b => b.ServiceNumberId == serviceNumberId);
        }

        if (filter.ChannelNumberId is { } portId)
        {
            bindings = bindings.Where(b => b.ChannelNumberId == portId);
        }

        if (signature is not null)
        {
            bindings = bindings.Where(b => b.Signatures.Contains(signature));
        }

        return from b in bindings
               join c in db.ChannelNumbers on b.ChannelNumberId equals c.Id
               join s in db.ServiceNumbers on b.ServiceNumberId equals s.Id
               orderby b.CreatedAt descending, b.Id
               select new ChannelBindingRow(b.Id, c.Id, c.Number, c.Type, s.Id, s.Name + "（" + s.Remark + "）", b.Region, ChannelNumber.Split(b.Signatures), b.MerchantName, b.CreatedAt);
    }

    /// <summary>商家名称: the account's approved enterprise filing's name; an account without one is named by its own name.</summary>
    public static async Task<string> MerchantNameAsync(KooMessageDb db, Guid accountId, CancellationToken ct) =>
        await db.Enterprises.AsNoTracking().Where(e => e.AccountId == accountId && e.Status == FilingStatus.Approved).Select(e => e.Name).FirstOrDefaultAsync(ct)
        ?? await db.Set<Account>().AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Name).SingleAsync(ct);

    private static bool Bindable(ServiceNumberRef s) => s.ApproveState == ApproveState.Approved && s.State != ServiceNumberState.Frozen;

    /// <summary>At most five proofs, ≤ 4 MB together, each a PNG, JPEG or BMP by its bytes that ImageSharp can read.</summary>
    private async Task<KmError?> CheckProofsAsync(IReadOnlyList<UploadedFile> proofs, CancellationToken ct)
    {
        var label = l["ChannelNumbers.Proofs"].Value;
        if (proofs.Count > ChannelNumber.ProofsMax)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["ChannelNumbers.TooManyProofs", ChannelNumber.ProofsMax]);
        }

        foreach (var proof in proofs)
        {
            if (FileStore.Check(proof, ProofRule, l, label) is { } refused)
            {
                return refused;
            }

            if (!await IsImageAsync(proof, ct))
            {
                return new KmError(ErrorCodes.InvalidParameter, l["Files.WrongType", label, proof.FileName, ProofRule.Accept]);
            }
        }

        return proofs.Sum(p => p.Size) > ChannelNumber.ProofsBytesMax
            ? new KmError(ErrorCodes.InvalidParameter, l["ChannelNumbers.ProofsTooLarge", FileSizes.Text(ChannelNumber.ProofsBytesMax)])
            : null;
    }

    private static async Task<bool> IsImageAsync(UploadedFile proof, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(proof.StagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            var (info, format) = await Image.IdentifyWithFormatAsync(stream, ct);
            return info is { Width: > 0, Height: > 0 } && format is not null && ProofFormats.Contains(format.Name, StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)
        {
            return false;
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private KmError NotFound() => new(ErrorCodes.NotFound, l["ChannelNumbers.NotFound"]);

    private KmError Changed() => new(ErrorCodes.Conflict, l["ChannelNumbers.Changed"]);

    private KmError Duplicate(string number) => new KmError(ErrorCodes.Conflict, l["ChannelNumbers.Exists", number]).OnField(nameof(ChannelNumberForm.Number));

    private static KmError Invalid(string field, string message) => new KmError(ErrorCodes.InvalidParameter, message).OnField(field);

    internal static object Snapshot(ChannelNumber c) => new
    {
        c.Number, Type = (int)c.Type, Signatures = c.SignatureList, SignCheck = c.SignCheck ? 1 : 0, c.ApproveState, c.ReviewDesc,
    };
}
