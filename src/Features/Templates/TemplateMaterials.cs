using System.Text.RegularExpressions;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Materials;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Templates;

/// <summary>
/// How a template refers to the 素材库: an image's or video's <c>src</c> (and a video's <c>cover</c>) is the material's
/// file address, <c>/files/{id}</c>. The library asks which templates use a material; the check asks what is known of them.
/// </summary>
public sealed partial class TemplateMaterials : IMaterialUsage
{
    public static string FileUrl(Guid fileId) => $"/files/{fileId}";

    /// <summary>The stored files a document points at, each once.</summary>
    public static IReadOnlyList<Guid> FileIds(TemplateDocument document) =>
        [.. document.Pages.SelectMany(p => p.Contents).SelectMany(c => new[] { c.Src, c.Cover })
            .Select(src => src is not null && FileAddress().Match(src) is { Success: true } m && Guid.TryParse(m.Groups[1].Value, out var id) ? id : (Guid?)null)
            .OfType<Guid>().Distinct()];

    /// <summary>The material addresses (<c>/files/{id}</c>) a document's <c>src</c> and <c>cover</c> hold, each once, as written.</summary>
    public static IReadOnlyList<string> Addresses(TemplateDocument document) =>
        [.. document.Pages.SelectMany(p => p.Contents).SelectMany(c => new[] { c.Src, c.Cover })
            .Where(src => src is not null && FileAddress().IsMatch(src)).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>The document's material addresses by src, for the previews (a src is its own address).</summary>
    public static IReadOnlyDictionary<string, string> Urls(TemplateDocument document) => FileIds(document).Select(FileUrl).ToDictionary(url => url);

    /// <summary>Pixels, bytes and format of the account's materials the document uses, by src, for <see cref="TemplateCheck.Run"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, MaterialFacts>> FactsAsync(KooMessageDb db, TemplateDocument document, CancellationToken ct)
    {
        var ids = FileIds(document).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, MaterialFacts>();
        }

        var files = await db.StoredFiles.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => new { f.Id, f.FileName, f.Size }).ToListAsync(ct);
        var materials = await db.Materials.AsNoTracking().Where(m => ids.Contains(m.FileId)).Select(m => new { m.FileId, m.Width, m.Height }).ToListAsync(ct);
        return files.ToDictionary(
            f => FileUrl(f.Id),
            f =>
            {
                var pixels = materials.FirstOrDefault(m => m.FileId == f.Id);
                return new MaterialFacts(pixels?.Width ?? 0, pixels?.Height ?? 0, f.Size, Path.GetExtension(f.FileName).TrimStart('.').ToLowerInvariant());
            });
    }

    /// <summary>The templates whose draft or approved version shows one of the materials (its file or its cover).</summary>
    public async Task<ILookup<Guid, string>> UsesAsync(KooMessageDb db, IReadOnlyCollection<Guid> materialIds, CancellationToken ct)
    {
        var materials = await db.Materials.AsNoTracking().Where(m => materialIds.Contains(m.Id)).Select(m => new { m.Id, m.FileId, m.CoverFileId }).ToListAsync(ct);
        var uses = new List<(Guid Material, string Template)>();
        foreach (var m in materials)
        {
            var file = FileUrl(m.FileId);
            var cover = m.CoverFileId is { } c ? FileUrl(c) : file;
            var versions = db.Set<AimTemplateVersion>();
            var names = await db.AimTemplates.AsNoTracking()
                .Where(t => versions.Any(v => (v.Id == t.DraftVersionId || v.Id == t.ApprovedVersionId)
                    && (v.Document.Contains(file) || v.Document.Contains(cover))))
                .OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
            uses.AddRange(names.Select(n => (m.Id, n)));
        }

        return uses.ToLookup(u => u.Material, u => u.Template);
    }

    [GeneratedRegex(@"^/files/([0-9a-fA-F-]{36})$")]
    private static partial Regex FileAddress();
}
