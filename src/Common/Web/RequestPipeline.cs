using KooMessage.Console.Common.Security;
using Microsoft.AspNetCore.Diagnostics;

namespace KooMessage.Console.Common.Web;

public static class RequestPipeline
{
    /// <summary>Where the machine API lives: endpoints called with an API key, answering JSON.</summary>
    public const string ApiPrefix = "/api";

    /// <summary>Hands the request's principal to <see cref="CurrentUser"/> for services called outside a circuit.</summary>
    public static IApplicationBuilder UseRequestPrincipal(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentUser>().SetRequestPrincipal(context.User);
            await next();
        });

    /// <summary>Whether a request path reaches <paramref name="route"/> as routing sees it: in any case, with doubled or trailing slashes.</summary>
    public static bool IsRoute(PathString path, string route)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var wanted = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.SequenceEqual(wanted, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Framework files, health, the language switch and the error pages: served whatever the console's state.</summary>
    public static bool IsInfrastructure(PathString path) =>

        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/_blazor")
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/culture") || path.StartsWithSegments("/not-found")
        || path.StartsWithSegments("/error") || Path.HasExtension(path.Value);
}
