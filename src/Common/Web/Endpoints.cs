using KooMessage.Console.Common.Files;

namespace KooMessage.Console.Common.Web;

public static class Endpoints
{
    /// <summary>The shell's endpoints: health, the language switch and stored files. Modules map their own.</summary>
    public static IEndpointRouteBuilder MapShellEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz").AllowAnonymous();
        endpoints.MapGet("/culture/set", (HttpContext context, string? culture, string? redirectUri) =>
            ConsoleLocalization.SetCulture(context, culture, redirectUri)).AllowAnonymous();
        endpoints.MapFileEndpoints();
        return endpoints;
    }
}
