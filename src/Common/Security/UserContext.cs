using System.Security.Claims;

namespace KooMessage.Console.Common.Security;

/// <summary>Who is asking: read from the signed-in principal's claims.</summary>
public sealed record UserContext(string UserId, string UserName, Guid? AccountId, string? AccountName, IReadOnlyList<string> Roles)
{
    public const string AccountIdClaim = "km:account";
    public const string AccountNameClaim = "km:account_name";
    public const string TimeZoneClaim = "km:tz";
    public const string MustChangePasswordClaim = "km:must_change_password";

    public static readonly UserContext Anonymous = new("", "", null, null, []);

    /// <summary>The IANA time zone times are shown in; empty means the configured default.</summary>
    public string TimeZone { get; init; } = "";

    public bool IsAuthenticated => UserId.Length > 0;

    public bool IsPlatformStaff => AccountId is null && Roles.Any(Security.Roles.IsPlatformRole);

    public bool Can(Permission permission) => PermissionRules.Allows(Roles, permission);

    public static UserContext From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || id is null)
        {
            return Anonymous;
        }

        Guid? accountId = Guid.TryParse(principal.FindFirstValue(AccountIdClaim), out var parsed) ? parsed : null;
        return new UserContext(
            id,
            principal.Identity.Name ?? "",
            accountId,
            principal.FindFirstValue(AccountNameClaim),
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList())
        {
            TimeZone = principal.FindFirstValue(TimeZoneClaim) ?? "",
        };
    }
}
