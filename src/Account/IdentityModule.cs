using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Identity;

/// <summary>ASP.NET Core Identity on its own narrow context, and the sign-out endpoint.</summary>
public sealed class IdentityModule : IConsoleModule
{
    public const string LoginRoute = "/account/login";
    public const string LogoutRoute = "/account/logout";
    public const string SignUpRoute = "/account/register";
    public const string ChangePasswordRoute = "/account/change-password";
    public const string AccessDeniedRoute = "/account/access-denied";
    public const string SetupRoute = "/setup";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddDbContext<IdentityStoreDb>((sp, o) => TenantDb.Configure(o, sp.GetRequiredService<DbConnectionSettings>().ConnectionString));
        services.AddIdentityCore<AppUser>(o =>
            {
                // An e-mail address is unique within its account (UserDirectory checks it): unique across accounts, any
                // form that refused one would tell its user that someone, somewhere, registered that address.
                o.User.RequireUniqueEmail = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 8;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<IdentityStoreDb>()
            .AddSignInManager<ConsoleSignInManager>()
            .AddClaimsPrincipalFactory<ConsoleClaimsFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(LogoutRoute, async Task<IResult> (HttpContext context, [FromServices] IAntiforgery antiforgery, [FromServices] SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.BadRequest();
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(LoginRoute);
        });
}
