using System.Security.Claims;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Identity;

/// <summary>Puts the user's account (tenant), and whether a reset password must be changed first, into the sign-in cookie.</summary>
public sealed class ConsoleClaimsFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    TenantDb dbs)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(UserContext.MustChangePasswordClaim, "true"));
        }

        if (user.AccountId is { } accountId)
        {
            await using var db = await dbs.ForAsync(new UserContext(user.Id, user.UserName ?? "", accountId, null, []), CancellationToken.None);
            var account = await db.Accounts.Where(a => a.Id == accountId).Select(a => new { a.Name, a.TimeZone }).SingleAsync();
            identity.AddClaim(new Claim(UserContext.AccountIdClaim, accountId.ToString()));
            identity.AddClaim(new Claim(UserContext.AccountNameClaim, account.Name));
            identity.AddClaim(new Claim(UserContext.TimeZoneClaim, account.TimeZone));
        }

        return identity;
    }
}
