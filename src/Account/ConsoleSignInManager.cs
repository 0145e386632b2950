using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Identity;

/// <summary>
/// A disabled user cannot sign in; the sign-in page answers as for a wrong password. Every refused sign-in costs the
/// same password-hash work (an unknown user name, a disabled or locked-out user included), so the time of the answer
/// does not tell whether a user name exists.
/// </summary>
public sealed class ConsoleSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static string? standInHash;

    public override async Task<bool> CanSignInAsync(AppUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            VerifyStandIn(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>Identity refuses a disabled or locked-out user before it checks the password; the work is spent all the same.</summary>
    protected override async Task<SignInResult?> PreSignInCheck(AppUser user)
    {
        var refused = await base.PreSignInCheck(user);
        if (refused is not null)
        {
            VerifyStandIn("");
        }

        return refused;
    }

    private void VerifyStandIn(string password)
    {
        var hasher = UserManager.PasswordHasher;
        var hash = LazyInitializer.EnsureInitialized(ref standInHash, () => hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString("N")));
        hasher.VerifyHashedPassword(new AppUser(), hash, password);
    }
}
