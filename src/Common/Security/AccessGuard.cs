using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Common.Security;

/// <summary>
/// Every service asks here before it acts. The sign-in's claims say who the user is; what they may do is read from the
/// database now, so a user disabled or demoted a second ago is refused at once. A frozen account may not write.
/// </summary>
public sealed class AccessGuard(CurrentUser currentUser, IPrincipalStateReader states, IStringLocalizer<SharedResource> l)
{
    public async Task<Result<UserContext>> AuthorizeAsync(Permission permission, CancellationToken ct)
    {
        var signedIn = await currentUser.GetAsync();
        if (!signedIn.IsAuthenticated)
        {
            return Denied();
        }

        var state = await states.ReadAsync(signedIn, ct);
        if (state is null || state.IsDisabled)
        {
            return Denied();
        }

        var user = signedIn with { Roles = state.Roles };
        if (!user.Can(permission))
        {
            return Denied();
        }

        if (PermissionRules.IsWrite(permission) && state.AccountFrozen)
        {
            return new KmError(ErrorCodes.AccountFrozen, l["Errors.AccountFrozen"]);
        }

        return user;
    }

    public KmError Denied() => new(ErrorCodes.Unauthorized, l["Errors.Unauthorized"]);
}
