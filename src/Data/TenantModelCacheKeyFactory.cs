using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace KooMessage.Console.Data;

/// <summary>Keeps one model for tenant-scoped contexts (with the tenant filters) and one for unscoped contexts (without).</summary>
public sealed class TenantModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context is KooMessageDb { IsUnscoped: true }, designTime);
}
