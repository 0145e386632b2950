using System.Globalization;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace KooMessage.Console.Features.Templates.H5;

/// <summary>A template version as its H5 page shows it: the document with parameters filled, and its materials' public addresses.</summary>
public sealed record H5View(string Token, TemplateDocument Document, IReadOnlyDictionary<string, string> MaterialUrls);

/// <summary>
/// The public H5 page of a template version (/h5/{token}): what a short link opens on a phone that cannot render the
/// card. Anyone with the token sees it; nothing else about the account is reachable through it. Its materials are
/// served under the token (/h5/{token}/media/{fileId}), only those the version uses.
/// </summary>
/// <remarks>
/// The short-link issue renders the same page with a link's own parameter values, looked up on the server by the link's
/// code (values never travel in the URL): <c>return await h5.RenderAsync(link.VersionToken, link.Values, ct);</c>.
/// </remarks>
public sealed class H5Pages(TenantDb dbs, FileStore files, H5PageCache cache)
{
    public static string PageUrl(string token) => $"{TemplatesModule.H5Prefix}/{token}";

    public static string MediaUrl(string token, Guid fileId) => $"{TemplatesModule.H5Prefix}/{token}/media/{fileId}";

    /// <summary>How long a phone may keep a material: the file never changes, but the version may stop using it.</summary>
    public static readonly TimeSpan MediaMaxAge = TimeSpan.FromHours(1);

    /// <summary>
    /// The version's page, its parameters filled with <paramref name="values"/> (by parameter name, without ${ }) and
    /// the examples for the rest; a friendly 404 page when no version has the token. In the visitor's language.
    /// </summary>
    /// <remarks>Rendered once per version, values and language for a minute (<see cref="H5PageCache"/>): the language is the visitor's, so the page is found when the answer is written.</remarks>
    public Task<IResult> RenderAsync(string token, IReadOnlyDictionary<string, string>? values, CancellationToken ct) =>
        Task.FromResult<IResult>(new H5Result(() => cache.GetAsync(token, values, () => FindAsync(token, values, ct))));

    /// <summary>The version with <paramref name="token"/>, parameters filled; null when there is none.</summary>
    public async Task<H5View?> FindAsync(string token, IReadOnlyDictionary<string, string>? values, CancellationToken ct)
    {
        if (await VersionAsync(token, ct) is not { } version)
        {
            return null;
        }

        var document = TemplateJson.Parse(version.Document);
        if (values is not null)
        {
            document = document with
            {
                Params = [.. document.Params.Select(p => values.TryGetValue(TemplateTexts.BareName(p.Name), out var value) ? p with { Example = value } : p)],
            };
        }

        var urls = TemplateMaterials.FileIds(document).ToDictionary(TemplateMaterials.FileUrl, id => MediaUrl(token, id));
        return new H5View(token, document, urls);
    }

    /// <summary>A picture or video the version shows, to anyone with the token; every other file is not found.</summary>
    public async Task<IResult> MediaAsync(HttpContext context, string token, Guid fileId, CancellationToken ct)
    {
        // An empty 404, not the console's not-found page: the answer is for an img or video element.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        if (await VersionAsync(token, ct) is not { } version || !TemplateMaterials.FileIds(TemplateJson.Parse(version.Document)).Contains(fileId))
        {
            return TypedResults.NotFound();
        }

        await using var db = await dbs.ForAccountAsync(version.AccountId, "H5 page material", ct);
        var file = await db.StoredFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId, ct);
        if (file is null || !(file.ContentType.StartsWith("image/", StringComparison.Ordinal) || file.ContentType.StartsWith("video/", StringComparison.Ordinal)))
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = $"public, max-age={(int)MediaMaxAge.TotalSeconds}";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        return FileEndpoints.Serve(files, file, inline: true, new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    private async Task<AimTemplateVersion?> VersionAsync(string token, CancellationToken ct)
    {
        if (!H5Token.IsWellFormed(token))
        {
            return null;
        }

        await using var db = await dbs.ForSystemAsync("H5 page by its public token", ct);
        return await db.AimTemplateVersions.AsNoTracking().SingleOrDefaultAsync(v => v.PublicToken == token, ct);
    }

    /// <summary>Writes the page in the visitor's language (Accept-Language; Chinese when it names neither), framed by no one; the friendly 404 page when there is none.</summary>
    private sealed class H5Result(Func<Task<byte[]?>> page) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ContentSecurityPolicy =
                "default-src 'none'; img-src 'self' https: data:; media-src 'self' https:; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            httpContext.Response.Headers.CacheControl = "no-cache";
            httpContext.Response.Headers.Vary = HeaderNames.AcceptLanguage;
            var culture = CultureInfo.GetCultureInfo(H5Language.Of(httpContext.Request.GetTypedHeaders().AcceptLanguage));
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);
            if (await page() is { } html)
            {
                httpContext.Response.StatusCode = StatusCodes.Status200OK;
                httpContext.Response.ContentType = "text/html; charset=utf-8";
                httpContext.Response.ContentLength = html.Length;
                await httpContext.Response.Body.WriteAsync(html, httpContext.RequestAborted);
                return;
            }

            await new RazorComponentResult<H5Page>(new Dictionary<string, object?> { [nameof(H5Page.View)] = null }) { StatusCode = StatusCodes.Status404NotFound }
                .ExecuteAsync(httpContext);
        }
    }
}
