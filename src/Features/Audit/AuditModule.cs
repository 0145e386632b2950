using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Audit;

public sealed class AuditModule : IConsoleModule
{
    public const string Route = "/iam/audit-log";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AuditLog>();
        services.AddScoped<AuditService>();
        services.AddScoped<IOverviewFigures, AuditFigures>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Iam, "Nav.AuditLog", Route, MudBlazor.Icons.Material.Outlined.History, Permission.AuditView)];

    /// <summary>Every module's object types (the filter of the audit log page), and the action texts.</summary>
    public IEnumerable<string> ResourceKeys =>
        AuditActions.All.Select(a => $"Audit.Action.{a}")
            .Concat(ObjectTypes.Select(t => $"Audit.Type.{t}"));

    public static IReadOnlyList<string> ObjectTypes => [.. ConsoleModules.All.SelectMany(m => m.AuditObjectTypes)];

    private sealed class AuditFigures(TimeProvider clock) : IOverviewFigures
    {
        public async Task<(IReadOnlyList<OverviewCount> Counts, IReadOnlyList<FlowProgress> Steps)> TenantAsync(KooMessageDb db, UserContext user, CancellationToken ct)
        {
            var weekAgo = clock.GetUtcNow().UtcDateTime.AddDays(-7);
            return ([new("Overview.ChangesThisWeek", await db.AuditEntries.CountAsync(e => e.At >= weekAgo, ct), user.Can(Permission.AuditView) ? Route : null)], []);
        }
    }
}

public static class AuditSets
{
    extension(KooMessageDb db)
    {
        public DbSet<AuditEntry> AuditEntries => db.Set<AuditEntry>();
    }
}
