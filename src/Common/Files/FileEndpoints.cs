using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace KooMessage.Console.Common.Files;

public static class FileEndpoints
{
    public const string Route = "/files/{id:guid}";

    /// <summary>
    /// Serves a stored file to platform staff (reviewers read attachments) or to a tenant user whose current role has the
    /// view permission of a module that refers to the file, within the user's own account.
    /// </summary>
    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, async Task<IResult> (HttpContext context, Guid id, bool? download, [FromServices] AccessGuard guard, [FromServices] TenantDb dbs,
            [FromServices] FileStore files, [FromServices] IEnumerable<IFileOwner> owners, CancellationToken ct) =>
        {
            // The review dialog shows PDFs in a frame of this site; no other site may frame them.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
            context.Response.Headers.XFrameOptions = "SAMEORIGIN";
            context.Response.Headers.CacheControl = "private, no-store";
            var auth = await guard.AuthorizeAsync(Permission.OverviewView, ct);
            if (auth.Error is not null)
            {
                return TypedResults.NotFound();
            }

            var user = auth.Value;
            await using var db = user.IsPlatformStaff
                ? await dbs.ForPlatformAsync(user, $"download file {id}", ct)
                : await dbs.ForAsync(user, ct);
            var file = await db.StoredFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct);
            if (file is null || !user.IsPlatformStaff && !await MayViewAsync(db, user, owners, id, ct))
            {
                return TypedResults.NotFound();
            }

            // Images, videos and PDFs open in the browser (reviewers view attachments inline); everything else downloads.
            var inline = download != true && (file.ContentType.StartsWith("image/", StringComparison.Ordinal)
                || file.ContentType.StartsWith("video/", StringComparison.Ordinal) || file.ContentType == "application/pdf");
            return Serve(files, file, inline);
        }).RequireAuthorization();
        return endpoints;
    }

    /// <summary>A stored file's bytes, ranges answered (videos seek), inline or as a download named after the file.</summary>
    public static IResult Serve(FileStore files, StoredFile file, bool inline, EntityTagHeaderValue? entityTag = null) =>
        TypedResults.File(files.Open(file), file.ContentType, inline ? null : file.FileName, entityTag: entityTag, enableRangeProcessing: true);

    private static async Task<bool> MayViewAsync(KooMessageDb db, UserContext user, IEnumerable<IFileOwner> owners, Guid id, CancellationToken ct)
    {
        foreach (var owner in owners)
        {
            if (await owner.ViewPermissionAsync(db, id, ct) is { } permission && user.Can(permission))
            {
                return true;
            }
        }

        return false;
    }
}
