using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace KooMessage.Console.Common.Security;

/// <summary>
/// The signed-in user of this scope. An HTTP request sets its principal through middleware; a Blazor circuit,
/// whose scope never sees that request, reads the authentication state instead.
/// </summary>
public sealed class CurrentUser(IServiceProvider services)
{
    private ClaimsPrincipal? requestPrincipal;

    public void SetRequestPrincipal(ClaimsPrincipal principal) => requestPrincipal = principal;

    public async Task<UserContext> GetAsync()
    {
        if (requestPrincipal is not null)
        {
            return UserContext.From(requestPrincipal);
        }

        var provider = services.GetService<AuthenticationStateProvider>();
        if (provider is null)
        {
            return UserContext.Anonymous;
        }

        var state = await provider.GetAuthenticationStateAsync();
        return UserContext.From(state.User);
    }
}
