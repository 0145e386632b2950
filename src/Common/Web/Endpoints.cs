using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KooMessage.Console.Common.Web;

public static class Endpoints
{
    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz").AllowAnonymous();
        endpoints.MapGet("/culture/set", (HttpContext context, string? culture, string? redirectUri) =>
            ConsoleLocalization.SetCulture(context, culture, redirectUri)).AllowAnonymous();
        endpoints.MapPost("/account/logout", async Task<IResult> (HttpContext context, [FromServices] IAntiforgery antiforgery, [FromServices] SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.BadRequest();
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
        endpoints.MapGet("/files/{id:guid}", async Task<IResult> (HttpContext context, Guid id, bool? download, [FromServices] CurrentUser currentUser, [FromServices] TenantDb dbs, [FromServices] FileStore files, CancellationToken ct) =>
        {
            // The review dialog shows PDFs in a frame of this site; no other site may frame them.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
            context.Response.Headers.XFrameOptions = "SAMEORIGIN";
            var file = await files.FindAsync(dbs, await currentUser.GetAsync(), id, ct);
            if (file is null)
            {
                return TypedResults.NotFound();
            }

            // Images and PDFs open in the browser (reviewers view attachments inline); everything else downloads.
            var inline = download != true && (file.ContentType.StartsWith("image/", StringComparison.Ordinal) || file.ContentType == "application/pdf");
            return TypedResults.File(files.Open(file), file.ContentType, inline ? null : file.FileName, enableRangeProcessing: true);
        }).RequireAuthorization();
        endpoints.MapGet("/sms/signatures/export", async Task<IResult> (SignatureStatus? status, SignatureType? type, string? search, [FromServices] SignatureService signatures, [FromServices] TimeProvider clock, CancellationToken ct) =>
        {
            var workbook = await signatures.ExportAsync(new SignatureQuery(status, type), search, ct);
            if (workbook.Error is { } error)
            {
                return error.ToHttpResult();
            }

            var name = $"signatures-{clock.GetUtcNow():yyyyMMdd-HHmm}.xlsx";
            return TypedResults.File(workbook.Value, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
        }).RequireAuthorization(nameof(Permission.SignatureView));
        return endpoints;
    }
}
