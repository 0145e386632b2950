using KooMessage.Console.Common.Security;
using Microsoft.AspNetCore.Diagnostics;
using KooMessage.Console.Features.Platform;

namespace KooMessage.Console.Common.Web;

public static class RequestPipeline
{
    /// <summary>Hands the request's principal to <see cref="CurrentUser"/> for services called outside a circuit.</summary>
    public static IApplicationBuilder UseRequestPrincipal(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentUser>().SetRequestPrincipal(context.User);
            await next();
        });

    public const string SetupPath = "/setup";

    /// <summary>While no user exists every page leads to the setup page; once it is used, the setup page is gone (404).</summary>
    public static IApplicationBuilder UseSetupGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (IsInfrastructure(path))
            {
                await next();
                return;
            }

            var done = await context.RequestServices.GetRequiredService<SetupService>().IsDoneAsync(context.RequestAborted);
            var isSetup = IsRoute(path, SetupPath);
            if (isSetup && done)
            {
                // A posted form must not be re-executed into the not-found page (it would fail antiforgery as a 400).
                if (!HttpMethods.IsGet(context.Request.Method) && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (!isSetup && !done)
            {
                context.Response.Redirect(SetupPath);
                return;
            }

            await next();
        });

    /// <summary>Whether a request path reaches <paramref name="route"/> as routing sees it: in any case, with doubled or trailing slashes.</summary>
    public static bool IsRoute(PathString path, string route)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var wanted = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.SequenceEqual(wanted, StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsInfrastructure(PathString path) =>
        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/_blazor")
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/culture") || path.StartsWithSegments("/not-found")
        || path.StartsWithSegments("/error") || Path.HasExtension(path.Value);
}
