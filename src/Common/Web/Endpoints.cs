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
        endpoints.MapPost("/account/logout", async ([FromServices] SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }
}
