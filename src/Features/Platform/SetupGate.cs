using KooMessage.Console.Common.Web;
using KooMessage.Console.Identity;
using Microsoft.AspNetCore.Diagnostics;

namespace KooMessage.Console.Features.Platform;

public static class SetupGate
{
    /// <summary>Until setup is done every page leads to the setup page; once it is done, the setup page is gone (404).</summary>
    public static IApplicationBuilder UseSetupGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (RequestPipeline.IsInfrastructure(path) || ConsoleModules.IsPublic(path))
            {
                await next();
                return;
            }

            var done = await context.RequestServices.GetRequiredService<SetupService>().IsDoneAsync(context.RequestAborted);
            var isSetup = RequestPipeline.IsRoute(path, IdentityModule.SetupRoute);
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
                context.Response.Redirect(IdentityModule.SetupRoute);
                return;
            }

            await next();
        });
}
