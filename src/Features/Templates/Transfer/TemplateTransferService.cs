using System.Text.Json;
using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using MaterialRules = KooMessage.Console.Features.Materials.MaterialRules;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Templates.Transfer;

/// <summary>What the import dialog sends: the exported file, and a name for the new template (the file's when empty).</summary>
public sealed record TemplateImport(UploadedFile? File, string? Name);

/// <summary>An export ready to download: its file name and its content.</summary>
public sealed record TemplateExportFile(string FileName, TemplateTransferFile Content);

/// <summary>
/// 导出 / 导入: a template with its materials as one JSON file (<see cref="TemplateTransferFile"/>), and that file
/// re-created in another account as a new draft. An import runs every check a 素材库 upload runs on each material
/// and every check a new template runs on the document, and stores all of it in one transaction, or nothing.
/// </summary>
public sealed class TemplateTransferService(
    AccessGuard guard, TenantDb dbs, FileStore files, MaterialService materials, AuditLog audit, IValidator<NewTemplateForm> validator,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>
    /// The largest import file: a full carousel's ten pictures at the library's 2 MB each, or a 7 MB video with its cover
    /// and a few pictures, grow by a third in base64; 32 MB holds either with room for the document.
    /// </summary>
    public const long MaxFileBytes = 32L * 1024 * 1024;

    /// <summary>Materials one file may carry: a carousel's ten pages, each with a picture and room for backgrounds.</summary>
    public const int MaxMaterials = 20;

    public static readonly UploadRule FileRule = new("Field.TemplateFile", [FileKind.Json], MaxFileBytes);

    /// <summary>
    /// The template's newest content (the draft the builder shows, else the approved version; a public starter as it
    /// is) with the materials it uses. Exporting needs the export permission: the file carries the account's materials out.
    /// </summary>
    public async Task<Result<TemplateExportFile>> ExportAsync(string tplId, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateExport, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        if (await TemplateService.DraftAsync(db, tplId, ct) is not { } draft)
        {
            return new KmError(ErrorCodes.NotFound, l["Templates.NotFound"]);
        }

        var document = draft.Document;
        var fileIds = TemplateMaterials.FileIds(document);
        var used = await db.Materials.AsNoTracking()
            .Where(m => fileIds.Contains(m.FileId) || (m.CoverFileId != null && fileIds.Contains(m.CoverFileId.Value)))
            .OrderBy(m => m.CreatedAt).ToListAsync(ct);
        var embedded = new List<TransferMaterial>();
        foreach (var material in used)
        {
            embedded.Add(new TransferMaterial
            {
                Kind = material.Kind == MaterialKind.Video ? TransferMaterial.VideoKind : TransferMaterial.ImageKind,
                Name = material.Name,
                File = await BytesAsync(db, material.FileId, ct),
                Cover = material.CoverFileId is { } cover ? await BytesAsync(db, cover, ct) : null,
            });
        }

        var content = new TemplateTransferFile
        {
            ExportedAt = clock.GetUtcNow().UtcDateTime,
            Source = new TransferSource(draft.TplId, draft.IsPublic, draft.VersionNumber, draft.State.ToString()),
            Template = document,
            Materials = [.. embedded],
        };
        audit.Record(db, user, new AuditChange(user.AccountId, AuditActions.Export, TemplatesModule.AuditType, draft.TplId, document.Name, null,
            new { Version = draft.VersionNumber, Materials = embedded.Count }));
        await db.SaveChangesAsync(ct);
        return new TemplateExportFile(FileName(document.Name, draft.TplId), content);
    }

    /// <summary>
    /// Re-creates an exported template in this account as a new draft with a new tpl_id: each embedded material goes
    /// through the library's upload checks and quota and is stored anew, the document's addresses are mapped to the new
    /// materials, and the template is checked as a new one. Any refusal stores nothing.
    /// </summary>
    public async Task<Result<string>> ImportAsync(TemplateImport import, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.TemplateManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        if (!user.Can(Permission.MaterialManage))
        {
            return guard.Denied();
        }

        if (import.File is null)
        {
            return FileError(l["Validation.UploadRequired", l[FileRule.FieldKey]]);
        }

        if (FileStore.Check(import.File, FileRule, l) is { } refusedFile)
        {
            return refusedFile.OnField(nameof(TemplateImport.File));
        }

        var parsed = await ParseAsync(import.File, ct);
        if (parsed.Error is { } unreadable)
        {
            return unreadable;
        }

        var (file, document) = parsed.Value;
        var form = new NewTemplateForm
        {
            Name = ChosenName(import.Name, document.Name), CardId = document.CardId, Vendors = [.. document.TargetVendors], Use = document.Use,
        };
        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid with { Fields = [.. invalid.Fields.Select(f => f.Field == nameof(NewTemplateForm.Name) ? f : f with { Field = nameof(TemplateImport.File) })] };
        }

        var staged = new List<UploadedFile>();
        try
        {
            var checkedMaterials = new List<(TransferMaterial Source, CheckedMaterial Checked)>();
            var refusals = new List<FieldError>();
            foreach (var material in file.Materials)
            {
                var result = await CheckMaterialAsync(material, staged, ct);
                if (result.Error is { } refused)
                {
                    refusals.AddRange(refused.Fields.Select(f => new FieldError(nameof(TemplateImport.File),
                        l["Templates.Import.MaterialRefused", MaterialName(material), f.Message])));
                }
                else
                {
                    checkedMaterials.Add((material, result.Value));
                }
            }

            if (refusals.Count > 0)
            {
                return new KmError(ErrorCodes.InvalidParameter, refusals[0].Message) { Fields = refusals };
            }

            return await StoreAsync(user, file, document with { Name = TextNormalizer.Name(form.Name) }, checkedMaterials, ct);
        }
        finally
        {
            // Committed files belong to the store now; the rest (a refusal, a rollback) are deleted.
            foreach (var upload in staged)
            {
                upload.Dispose();
            }
        }
    }

    private async Task<Result<string>> StoreAsync(
        UserContext user, TemplateTransferFile file, TemplateDocument document, List<(TransferMaterial Source, CheckedMaterial Checked)> checkedMaterials,
        CancellationToken ct)
    {
        await using var db = await dbs.ForAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await materials.QuotaErrorAsync(db, checkedMaterials.Sum(m => m.Checked.Size), ct) is { } full)
        {
            return full.OnField(nameof(TemplateImport.File));
        }

        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, material) in checkedMaterials)
        {
            var added = materials.Add(db, user, material);
            addresses[source.File!.Src] = TemplateMaterials.FileUrl(added.FileId);
            if (source.Cover is { } cover && added.CoverFileId is { } coverId)
            {
                addresses[cover.Src] = TemplateMaterials.FileUrl(coverId);
            }
        }

        var mapped = MapAddresses(document, addresses);
        var template = TemplateService.AddNew(db, user, mapped, clock.GetUtcNow().UtcDateTime);

        // A drawn tpl_id that is taken fails on the unique index; the failed save is rolled back to its savepoint and redrawn.
        for (var attempt = 0; ; attempt++)
        {
            if (await db.SaveOrConflictAsync(l["Templates.Changed"], ct) is not { } conflict)
            {
                break;
            }

            if (attempt == 4)
            {
                return conflict;
            }

            template.TplId = TemplateService.NewTplId();
        }

        audit.Record(db, user, new AuditChange(template.AccountId, AuditActions.Import, TemplatesModule.AuditType, template.TplId, template.Name, null,
            new { template.CardId, template.Use, Vendors = template.Vendors.Trim(','), ImportedFrom = file.Source?.TplId, Materials = checkedMaterials.Count }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return template.TplId;
    }

    /// <summary>Reads the envelope: JSON, this format and version, a known layout, materials that cover every address the document uses.</summary>
    private async Task<Result<(TemplateTransferFile File, TemplateDocument Document)>> ParseAsync(UploadedFile upload, CancellationToken ct)
    {
        TemplateTransferFile? file;
        await using (var stream = new FileStream(upload.StagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            JsonDocument json;
            try
            {
                json = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            }
            catch (JsonException)
            {
                return FileError(l["Templates.Import.NotJson", upload.FileName]);
            }

            using (json)
            {
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                    || format.GetString() != TemplateTransferFile.FormatName)
                {
                    return FileError(l["Templates.Import.WrongFormat", upload.FileName]);
                }

                if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number) || number != TemplateTransferFile.CurrentVersion)
                {
                    var given = root.TryGetProperty("version", out var v) ? v.ToString() : "";
                    return FileError(l["Templates.Import.WrongVersion", given, TemplateTransferFile.CurrentVersion]);
                }

                try
                {
                    file = root.Deserialize<TemplateTransferFile>(TemplateTransferFile.Options);
                }
                catch (JsonException e)
                {
                    return FileError(l["Templates.Import.Malformed", e.Path ?? "$"]);
                }
            }
        }

        if (file?.Template is not { } document)
        {
            return FileError(l["Templates.Import.Malformed", "$.template"]);
        }

        if (!RuleBook.Default.Layouts.TryGetValue(document.CardId, out var layout))
        {
            return FileError(l["Templates.Import.UnknownLayout", document.CardId]);
        }

        if (document.Pages.Length > layout.MaxPages)
        {
            return FileError(l["Templates.Import.TooManyPages", document.Pages.Length, layout.MaxPages]);
        }

        if (file.Materials.Length > MaxMaterials)
        {
            return FileError(l["Templates.Import.TooManyMaterials", file.Materials.Length, MaxMaterials]);
        }

        var carried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var material in file.Materials)
        {
            if (material.Kind is not (TransferMaterial.ImageKind or TransferMaterial.VideoKind) || material.File?.Data is null
                || material.Kind == TransferMaterial.VideoKind && material.Cover?.Data is null)
            {
                return FileError(l["Templates.Import.MaterialIncomplete", MaterialName(material)]);
            }

            if (!carried.Add(material.File.Src) || material.Cover is { } cover && !carried.Add(cover.Src))
            {
                return FileError(l["Templates.Import.MaterialTwice", MaterialName(material)]);
            }
        }

        var missing = TemplateMaterials.Addresses(document).Where(a => !carried.Contains(a)).ToList();
        return missing.Count > 0
            ? FileError(l["Templates.Import.MaterialMissing", l.JoinList(missing)])
            : (file, document);
    }

    /// <summary>Stages the material's bytes as an upload would be (kind told by the bytes, size counted) and runs the library's checks.</summary>
    private async Task<Result<CheckedMaterial>> CheckMaterialAsync(TransferMaterial material, List<UploadedFile> staged, CancellationToken ct)
    {
        var kind = material.Kind == TransferMaterial.VideoKind ? MaterialKind.Video : MaterialKind.Image;
        var rule = kind == MaterialKind.Video ? MaterialRules.Video : MaterialRules.Image;
        var bytes = await StageAsync(material.File!, rule.MaxBytes, staged, ct);
        var cover = material.Cover is { Data: not null } c ? await StageAsync(c, MaterialRules.Cover.MaxBytes, staged, ct) : null;
        return await materials.CheckAsync(new MaterialUpload(kind, material.Name, bytes, kind == MaterialKind.Video ? cover : null), ct);
    }

    private async Task<UploadedFile> StageAsync(TransferBytes bytes, long maxBytes, List<UploadedFile> staged, CancellationToken ct)
    {
        using var content = new MemoryStream(bytes.Data!, writable: false);
        var upload = await files.StageAsync(bytes.FileName, content, maxBytes, ct);
        staged.Add(upload);
        return upload;
    }

    private async Task<TransferBytes> BytesAsync(KooMessageDb db, Guid fileId, CancellationToken ct)
    {
        var stored = await db.StoredFiles.AsNoTracking().SingleAsync(f => f.Id == fileId, ct);
        await using var stream = files.Open(stored);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return new TransferBytes { Src = TemplateMaterials.FileUrl(fileId), FileName = stored.FileName, ContentType = stored.ContentType, Data = buffer.ToArray() };
    }

    /// <summary>The name the user gave, or the file's cut to the longest a template name may be.</summary>
    private static string ChosenName(string? given, string fromFile)
    {
        var name = TextNormalizer.Name(given);
        if (name.Length > 0)
        {
            return name;
        }

        var max = RuleBook.Default.Settings.NameMax.Value;
        name = TextNormalizer.Name(fromFile);
        return name.Length > max ? name[..max].TrimEnd() : name;
    }

    private static TemplateDocument MapAddresses(TemplateDocument document, Dictionary<string, string> addresses)
    {
        string? Map(string? src) => src is not null && addresses.TryGetValue(src, out var mapped) ? mapped : src;
        return document with
        {
            Pages = [.. document.Pages.Select(p => p with { Contents = [.. p.Contents.Select(c => c with { Src = Map(c.Src), Cover = Map(c.Cover) })] })],
        };
    }

    /// <summary><c>{name}-{tplId}.json</c>, the name without characters a file name cannot hold.</summary>
    public static string FileName(string name, string tplId)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['\\', '/', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var safe = new string([.. TextNormalizer.Name(name).Where(c => !invalid.Contains(c) && !char.IsControl(c))]).Trim();
        return safe.Length > 0 ? $"{safe}-{tplId}.json" : $"{tplId}.json";
    }

    private string MaterialName(TransferMaterial material) =>
        TextNormalizer.Name(material.Name) is { Length: > 0 } name ? name : material.File?.FileName ?? l["Field.MaterialFile"];

    private static KmError FileError(string message) => new KmError(ErrorCodes.InvalidParameter, message).OnField(nameof(TemplateImport.File));
}
