using System.Linq.Expressions;
using KooMessage.Console.Common.Data;
using KooMessage.Console.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Data;

/// <summary>
/// The console's database. Only <see cref="TenantDb"/> creates it, with a <see cref="DbScope"/> that cannot change:
/// every <see cref="ITenantOwned"/> entity is filtered to the scope's account, unless the scope was opened for every
/// account for a named reason. Features reach their sets through <c>Set&lt;T&gt;()</c> (or an extension property of
/// their own); their entity configurations, found by assembly scan, put them in the model.
/// </summary>
public sealed class KooMessageDb : IdentityDbContext<AppUser, IdentityRole, string>
{
    internal KooMessageDb(DbContextOptions<KooMessageDb> options, DbScope scope)
        : base(options) => Scope = scope;

    public DbScope Scope { get; }

    /// <summary>Read by the query filters (EF Core parameterizes it per query).</summary>
    public Guid? TenantId => Scope.AccountId;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KooMessageDb).Assembly);

        // Two models are built and cached (TenantModelCacheKeyFactory): the filtered one compares AccountId with the
        // context's account by plain equality, which SQLite answers from an index; the unfiltered one has no filters.
        if (!Scope.IsFiltered)
        {
            return;
        }

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            var row = Expression.Parameter(entity.ClrType, "row");
            var accountId = entity.ClrType.GetProperty("AccountId")
                ?? throw new InvalidOperationException($"{entity.ClrType.Name} is tenant-owned but has no AccountId.");
            var owner = Expression.Convert(Expression.Property(row, accountId), typeof(Guid?));
            var tenant = Expression.Property(Expression.Constant(this), nameof(TenantId));
            builder.Entity(entity.ClrType).HasQueryFilter(Expression.Lambda(Expression.Equal(owner, tenant), row));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
