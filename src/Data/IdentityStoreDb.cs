using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Data;

/// <summary>
/// The narrow context of Identity's stores: the Identity tables and nothing else, so the one context that must see
/// users of every account (to find a user by name at sign-in) cannot reach any other account's data. Its tables
/// belong to <see cref="KooMessageDb"/>'s model and migrations; this context has none of its own.
/// </summary>
public sealed class IdentityStoreDb(DbContextOptions<IdentityStoreDb> options) : IdentityDbContext<AppUser, IdentityRole, string>(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
