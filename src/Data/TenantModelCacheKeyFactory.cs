using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace KooMessage.Console.Data;

/// <summary>Keeps one model for filtered contexts (with the tenant filters) and one for unfiltered contexts (without).</summary>
public sealed class TenantModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context is KooMessageDb { Scope.IsFiltered: true }, designTime);
}
