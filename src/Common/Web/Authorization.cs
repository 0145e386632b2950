using KooMessage.Console.Common.Security;

namespace KooMessage.Console.Common.Web;

public static class Authorization
{
    /// <summary>Registers one policy per <see cref="Permission"/>, named after it, answered by <see cref="PermissionRules"/>.</summary>
    public static IServiceCollection AddConsoleAuthorization(this IServiceCollection services)
    {
        services.AddAuthorization(o =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                o.AddPolicy(permission.ToString(), p => p
                    .RequireAuthenticatedUser()
                    .RequireAssertion(c => UserContext.From(c.User).Can(permission)));
            }
        });
        return services;
    }
}
