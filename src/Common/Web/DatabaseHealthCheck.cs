using KooMessage.Console.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KooMessage.Console.Common.Web;

/// <summary><c>/healthz</c>: healthy when the database answers.</summary>
public sealed class DatabaseHealthCheck(TenantDb dbs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // A context of no account: it only asks whether the database answers.
        await using var db = await dbs.ForAsync(Security.UserContext.Anonymous, cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}
