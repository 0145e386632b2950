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
        return endpoints;
    }
}
