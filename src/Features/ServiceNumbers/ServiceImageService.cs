using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SixLabors.ImageSharp;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>What the upload sends: the file_type and the picked file.</summary>
public sealed record ServiceImageUpload(ServiceImageType Type, UploadedFile? File);

/// <summary>An image resource as lists and pickers show it (resource_id, resource_url and the facts read from the file).</summary>
public sealed record ServiceImageRow(Guid Id, ServiceImageType Type, Guid FileId, string FileName, string Format, long Size, int Width, int Height, DateTime CreatedAt)
{
    public string Url => ServiceImage.UrlOf(FileId);

    public string ContentType => $"image/{Format}";
}

public sealed record ServiceImageQuery(ServiceImageType? Type = null);

/// <summary>图片资源: uploads checked against their file_type's rule from the file itself, and the account's list of them.</summary>
public sealed class ServiceImageService(AccessGuard guard, TenantDb dbs, FileStore files, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private static readonly SemaphoreSlim Decoding = new(2);

    public async Task<Result<PagedResult<ServiceImageRow>>> ListAsync(ServiceImageQuery filter, PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.ServiceImages.AsNoTracking();
        if (filter.Type is { } type)
        {
            query = query.Where(i => i.Type == type);
        }

        if (page.Term is { } term)
        {
            query = query.Where(i => i.FileName.Contains(term));
        }

        var rows = await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).ToPageAsync(page, ct);
        return new PagedResult<ServiceImageRow>([.. rows.Items.Select(Row)], rows.Total);
    }

    /// <summary>The account's resources of one type, newest first, for a picker (a form holds at most a few dozen).</summary>
    public async Task<IReadOnlyList<ServiceImageRow>> ChoicesAsync(ServiceImageType type, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberView, ct);
        if (!auth.IsSuccess)
        {
            return [];
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var rows = await db.ServiceImages.AsNoTracking().Where(i => i.Type == type).OrderByDescending(i => i.CreatedAt).Take(200).ToListAsync(ct);
        return [.. rows.Select(Row)];
    }

    /// <summary>Stores a picture as an image resource of its type once every rule passed; returns resource_id.</summary>
    public async Task<Result<ServiceImageRow>> UploadAsync(ServiceImageUpload upload, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ServiceNumberManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (!Enum.IsDefined(upload.Type))
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.Required", l["ServiceImages.Field.Type"]]).OnField(nameof(ServiceImageUpload.Type));
        }

        var rule = ServiceImageRules.For(upload.Type);
        if (upload.File is not { } file)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Validation.UploadRequired", l[rule.Upload.FieldKey]]).OnField(nameof(ServiceImageUpload.File));
        }

        // A file over the limit was cut while staged and its bytes dropped: it is refused for its size below, not as expired.
        var readable = rule.Upload.Kinds.Contains(file.Kind) && file.Size <= rule.Upload.MaxBytes;
        if (readable && !file.IsAvailable)
        {
            return new KmError(ErrorCodes.InvalidParameter, l["Files.Expired", l[rule.Upload.FieldKey], file.FileName]).OnField(nameof(ServiceImageUpload.File));
        }

        var pixels = readable ? await PixelsAsync(file, ct) : null;
        var refusals = ServiceImageRules.Check(upload.Type, file.FileName, file.Kind, file.Size, pixels);
        if (refusals.Count > 0)
        {
            var message = string.Join(" ", refusals.Select(r => l[r.Key, r.Args].Value));
            return new KmError(ErrorCodes.InvalidParameter, message).OnField(nameof(ServiceImageUpload.File));
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var image = Add(db, user, upload.Type, file, pixels!.Value);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Row(image);
    }

    /// <summary>Adds a checked picture and its audit entry to <paramref name="db"/>'s open transaction.</summary>
    internal ServiceImage Add(KooMessageDb db, UserContext user, ServiceImageType type, UploadedFile file, (int Width, int Height) pixels)
    {
        var accountId = user.AccountId!.Value;
        var stored = files.Add(db, user, accountId, file);
        var image = new ServiceImage
        {
            AccountId = accountId, Type = type, FileId = stored.Id, FileName = file.FileName, Format = FormatOf(file.Kind), Size = file.Size,
            Width = pixels.Width, Height = pixels.Height, CreatedBy = user.UserName, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ServiceImages.Add(image);
        audit.Record(db, user, new AuditChange(accountId, AuditActions.Create, ServiceNumbersModule.ImageAuditType, image.Id.ToString(), image.FileName, null,
            new { image.Type, image.Format, image.Size, image.Width, image.Height }));
        return image;
    }

    public static string FormatOf(FileKind kind) => kind switch
    {
        FileKind.Jpeg => "jpeg",
        FileKind.Png => "png",
        FileKind.Bmp => "bmp",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static ServiceImageRow Row(ServiceImage i) => new(i.Id, i.Type, i.FileId, i.FileName, i.Format, i.Size, i.Width, i.Height, i.CreatedAt);

    /// <summary>The picture's pixels from its header, after decoding it whole (within the pixel limit) to prove it is one; null when it is not.</summary>
    internal static async Task<(int Width, int Height)?> PixelsAsync(UploadedFile picture, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(picture.StagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            var info = await Image.IdentifyAsync(stream, ct);
            if (info is null)
            {
                return null;
            }

            if ((long)info.Width * info.Height <= ServiceImageRules.MaxPixels)
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
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or FileNotFoundException)
        {
            return null;
        }
    }
}
