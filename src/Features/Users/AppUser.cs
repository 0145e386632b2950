using KooMessage.Console.Common.Data;
using Microsoft.AspNetCore.Identity;

namespace KooMessage.Console.Features.Users;

/// <summary>A console user: a tenant user (AccountId set) or a member of the platform's staff (AccountId null).</summary>
public sealed class AppUser : IdentityUser, ITenantOwned
{
    public Guid? AccountId { get; set; }

    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Set when someone else chose the password (a reset): the user changes it before anything else.</summary>
    public bool MustChangePassword { get; set; }
}
