using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Web;

namespace KooMessage.Console.Identity;

public static class PasswordChangeGate
{
    /// <summary>
    /// A user signed in with a password someone else set (a reset) reaches only the change-password page and sign-out
    /// until they choose their own. Changing it refreshes the sign-in without the claim; a reset changes the security
    /// stamp, so a cookie from before the reset does not outlive it.
    /// </summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.User.HasClaim(UserContext.MustChangePasswordClaim, "true")
                && !RequestPipeline.IsInfrastructure(path)
                && !ConsoleModules.IsPublic(path)
                && !RequestPipeline.IsRoute(path, IdentityModule.ChangePasswordRoute)
                && !RequestPipeline.IsRoute(path, IdentityModule.LogoutRoute))
            {
                context.Response.Redirect(IdentityModule.ChangePasswordRoute);
                return;
            }

            await next();
        });
}
