using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;

namespace KooMessage.Console.Features.Materials;

/// <summary>What the upload dialog sends: a name (the file's, if empty), the picture or video, and a video's cover.</summary>
public sealed record MaterialUpload(MaterialKind Kind, string? Name, UploadedFile? File, UploadedFile? Cover);

/// <summary>An upload that passed every check of <see cref="MaterialService.CheckAsync"/>, with its name and the picture's pixels.</summary>
public sealed record CheckedMaterial(MaterialKind Kind, string Name, UploadedFile File, UploadedFile? Cover, int Width, int Height)
{
    public long Size => File.Size + (Cover?.Size ?? 0);
}

public sealed record MaterialQuery(MaterialKind? Kind = null, ImageRatio? Ratio = null);

public sealed record MaterialRow(
    Guid Id, MaterialKind Kind, string Name, Guid FileId, Guid? CoverFileId, long Size, int Width, int Height, ImageRatio? Ratio,
    IReadOnlyList<string> UsedBy, string CreatedBy, DateTime CreatedAt)
{
    /// <summary>The picture to show in lists: the image itself, or the video's cover.</summary>
    public string PreviewUrl => $"/files/{CoverFileId ?? FileId}";

    public string FileUrl => $"/files/{FileId}";
}

/// <summary>Something that refers to materials (a template version): the library shows it and keeps a used material.</summary>
public interface IMaterialUsage
{
    /// <summary>For each of <paramref name="materialIds"/> that is used, the names of what uses it.</summary>
    Task<ILookup<Guid, string>> UsesAsync(KooMessageDb db, IReadOnlyCollection<Guid> materialIds, CancellationToken ct);
}

/// <summary>The <c>Materials</c> section of appsettings.json.</summary>
public sealed class MaterialOptions
{
    public const string Section = "Materials";

    /// <summary>Bytes an account's library may hold (KooMessage: 10 GB per tenant).</summary>
    public long QuotaBytes { get; set; } = 10L * 1024 * 1024 * 1024;
}

/// <summary>素材库: upload pictures and videos (their pixels read from the file), list them with their use, delete unused ones.</summary>
public sealed class MaterialService(
    AccessGuard guard, TenantDb dbs, FileStore files, AuditLog audit, IEnumerable<IMaterialUsage> usages, IOptions<MaterialOptions> options,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<Result<PagedResult<MaterialRow>>> ListAsync(MaterialQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.MaterialView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.Materials.AsNoTracking();
        if (filter.Kind is { } kind)
        {
            query = query.Where(m => m.Kind == kind);
        }

        if (filter.Ratio is { } ratio)
        {
            query = query.Where(m => m.Ratio == ratio);
        }

        if (page.Term is { } term)
        {
            query = query.Where(m => m.Name.Contains(term));
        }

        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).ToPageAsync(page, ct);
        var used = await UsesAsync(db, rows.Items.Select(m => m.Id).ToList(), ct);
        return new PagedResult<MaterialRow>(
            rows.Items.Select(m => new MaterialRow(m.Id, m.Kind, m.Name, m.FileId, m.CoverFileId, m.Size, m.Width, m.Height, m.Ratio, used[m.Id].ToList(), m.CreatedBy, m.CreatedAt)).ToList(),
            rows.Total);
    }

    /// <summary>Stores a picture or a video with its cover; every refusal names its field.</summary>
    public async Task<Result<Guid>> UploadAsync(MaterialUpload upload, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.MaterialManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var checkedUpload = await CheckAsync(upload, ct);
        if (checkedUpload.Error is { } invalid)
        {
            return invalid;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await QuotaErrorAsync(db, checkedUpload.Value.Size, ct) is { } full)
        {
            return full.OnField(nameof(MaterialUpload.File));
        }

        var material = Add(db, user, checkedUpload.Value);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return material.Id;
    }

    /// <summary>
    /// Every check an upload passes before it is stored: the file's and cover's real type and size, the name, and the
    /// pixels and ratio read from the picture. Errors name their field. Other features that bring materials in (a
    /// template import) run the same checks, then <see cref="Add"/> the materials in their own transaction.
    /// </summary>
    public async Task<Result<CheckedMaterial>> CheckAsync(MaterialUpload upload, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var picture = upload.Kind == MaterialKind.Image ? upload.File : upload.Cover;
        var fileRule = upload.Kind == MaterialKind.Image ? MaterialRules.Image : MaterialRules.Video;
        if (upload.File is null)
        {
            errors.Add(new(nameof(MaterialUpload.File), l["Validation.UploadRequired", l[fileRule.FieldKey]]));
        }
        else if (FileStore.Check(upload.File, fileRule, l) is { } refused)
        {
            errors.Add(new(nameof(MaterialUpload.File), refused.Message));
        }

        if (upload.Kind == MaterialKind.Video)
        {
            if (upload.Cover is null)
            {
                errors.Add(new(nameof(MaterialUpload.Cover), l["Validation.UploadRequired", l[MaterialRules.Cover.FieldKey]]));
            }
            else if (FileStore.Check(upload.Cover, MaterialRules.Cover, l) is { } refused)
            {
                errors.Add(new(nameof(MaterialUpload.Cover), refused.Message));
            }
        }

        var name = TextNormalizer.Name(upload.Name);
        if (name.Length > Material.NameMax)
        {
            errors.Add(new(nameof(MaterialUpload.Name), l["Validation.MaxLength", l["Field.MaterialName"], Material.NameMax]));
        }
        else if (name.Length == 0 && upload.File is not null)
        {
            // No name given: the file's, cut to fit; a file named only ".png" asks for one.
            var fromFile = TextNormalizer.Name(Path.GetFileNameWithoutExtension(upload.File.FileName));
            name = fromFile.Length > Material.NameMax ? fromFile[..Material.NameMax].TrimEnd() : fromFile;
            if (name.Length == 0)
            {
                errors.Add(new(nameof(MaterialUpload.Name), l["Validation.Required", l["Field.MaterialName"]]));
            }
        }

        // The pixels come from the file itself: a picture whose header cannot be read is not a picture.
        (int Width, int Height)? pixels = null;
        var pictureField = upload.Kind == MaterialKind.Image ? nameof(MaterialUpload.File) : nameof(MaterialUpload.Cover);
        if (picture is not null && errors.All(e => e.Field != pictureField))
        {
            pixels = await PixelsAsync(picture, ct);
            if (pixels is null)
            {
                errors.Add(new(pictureField, l["Materials.Unreadable", picture.FileName]));
            }
            else if ((long)pixels.Value.Width * pixels.Value.Height > MaterialRules.MaxPixels)
            {
                errors.Add(new(pictureField, l["Materials.TooManyPixels", picture.FileName, pixels.Value.Width, pixels.Value.Height]));
            }
            else if (upload.Kind == MaterialKind.Image && MaterialRules.RatioOf(pixels.Value.Width, pixels.Value.Height) is null)
            {
                errors.Add(new(pictureField, l["Materials.WrongRatio", picture.FileName, pixels.Value.Width, pixels.Value.Height,
                    string.Join(l["Common.ListSeparator"], MaterialRules.Ratios.Select(r => MaterialRules.Text(r.Ratio)))]));
            }
        }

        if (errors.Count > 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, errors[0].Message) { Fields = errors };
        }

        return new CheckedMaterial(upload.Kind, name, upload.File!, upload.Cover, pixels!.Value.Width, pixels.Value.Height);
    }

    /// <summary>
    /// The quota refusal when <paramref name="adding"/> more bytes would overfill the library. Call it inside the writing
    /// transaction, so two uploads at once cannot pass the quota together.
    /// </summary>
    public async Task<KmError?> QuotaErrorAsync(KooMessageDb db, long adding, CancellationToken ct)
    {
        var held = await db.Materials.SumAsync(m => (long?)m.Size, ct) ?? 0;
        return held + adding > options.Value.QuotaBytes
            ? new KmError(ErrorCodes.PreconditionFailed, l["Materials.QuotaFull", options.Value.QuotaBytes / 1024 / 1024 / 1024])
            : null;
    }

    /// <summary>Adds a checked material, its files and its audit entry to <paramref name="db"/>'s open transaction; the bytes are promoted when it commits.</summary>
    public Material Add(KooMessageDb db, UserContext user, CheckedMaterial upload)
    {
        var accountId = user.AccountId!.Value;
        var stored = files.Add(db, user, accountId, upload.File);
        var cover = upload.Cover is null ? null : files.Add(db, user, accountId, upload.Cover);
        var material = new Material
        {
            AccountId = accountId,
            Kind = upload.Kind,
            Name = upload.Name,
            FileId = stored.Id,
            CoverFileId = cover?.Id,
            Size = upload.Size,
            Width = upload.Width,
            Height = upload.Height,
            Ratio = MaterialRules.RatioOf(upload.Width, upload.Height),
            CreatedBy = user.UserName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Materials.Add(material);
        audit.Record(db, user, new AuditChange(accountId, AuditActions.Create, MaterialsModule.AuditType, material.Id.ToString(), material.Name, null,
            new { material.Kind, material.Name, material.Width, material.Height, material.Size }));
        return material;
    }

    /// <summary>Deletes a material nothing uses, with its files; one in use is kept and the message says by what.</summary>
    public async Task<Result> DeleteAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.MaterialManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var material = await db.Materials.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (material is null)
        {
            return new KmError(ErrorCodes.NotFound, l["Materials.NotFound"]);
        }

        var used = (await UsesAsync(db, [id], ct))[id].ToList();
        if (used.Count > 0)
        {
            return new KmError(ErrorCodes.Conflict, l["Materials.InUse", material.Name, string.Join(l["Common.ListSeparator"], used)]);
        }

        db.Materials.Remove(material);
        await files.RemoveAsync(db, material.CoverFileId is { } coverId ? [material.FileId, coverId] : [material.FileId], ct);
        audit.Record(db, user, new AuditChange(material.AccountId, AuditActions.Delete, MaterialsModule.AuditType, material.Id.ToString(), material.Name,
            new { material.Kind, material.Name, material.Width, material.Height, material.Size }, null));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>The picture's pixels from its header, after decoding it whole (within <see cref="MaterialRules.MaxPixels"/>) to prove it is one.</summary>
    private static readonly SemaphoreSlim Decoding = new(MaterialRules.ConcurrentDecodes);

    private static async Task<(int Width, int Height)?> PixelsAsync(UploadedFile picture, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(picture.StagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            var info = await Image.IdentifyAsync(stream, ct);
            if (info is null)
            {
                return null;
            }

            if ((long)info.Width * info.Height <= MaterialRules.MaxPixels)
            {
                stream.Position = 0;
                await Decoding.WaitAsync(ct);
                try
                {
                    using var decoded = await Image.LoadAsync(stream, ct);
                }
                finally
                {
                    Decoding.Release();
                }
            }

            return (info.Width, info.Height);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)
        {
            return null;
        }
    }

    private async Task<ILookup<Guid, string>> UsesAsync(KooMessageDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var all = new List<(Guid Id, string User)>();
        foreach (var usage in usages)
        {
            foreach (var group in await usage.UsesAsync(db, ids, ct))
            {
                all.AddRange(group.Select(user => (group.Key, user)));
            }
        }

        return all.ToLookup(u => u.Id, u => u.User);
    }
}
