using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;
using KooMessage.Console.Features.Reviews;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Enterprises;

/// <summary>企业备案: filings, their materials, and their review.</summary>
public sealed class EnterprisesModule : IConsoleModule
{
    public const string Route = "/enterprise/filings";
    public const string AuditType = "filing";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<EnterpriseService>();
        services.AddScoped<IReviewSource, FilingReviewSource>();
        services.AddScoped<IDemoData, FilingDemoData>();
        services.AddScoped<IOverviewFigures, FilingFigures>();
        services.AddSingleton<IFileOwner, FilingFiles>();
    }

    public IEnumerable<NavItem> NavItems =>
        [new(NavGroups.Enterprise, "Nav.Filings", Route, MudBlazor.Icons.Material.Outlined.AssignmentInd, Permission.FilingView, FlowStep: 1)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<CertificateType>().Select(v => $"CertificateType.{v}")
            .Concat(Enum.GetNames<EnterpriseType>().Select(v => $"EnterpriseType.{v}"))
            .Concat(Enum.GetNames<Industry>().Select(v => $"Industry.{v}"))
            .Concat(MaterialCatalog.Scenarios.Select(v => $"Scenario.{v}"))
            .Concat(Enum.GetNames<MaterialKind>().Select(v => $"Material.{v}"))
            .Concat(Enum.GetNames<FilingStatus>().Select(v => $"FilingStatus.{v}"))
            .Append($"Review.Kind.{FilingReviewSource.KindName}");

    /// <summary>A filing's licence and materials are viewed with the filing view permission.</summary>
    private sealed class FilingFiles : IFileOwner
    {
        public async Task<Permission?> ViewPermissionAsync(KooMessageDb db, Guid fileId, CancellationToken ct) =>
            await db.Enterprises.AnyAsync(e => e.LicenseFileId == fileId, ct) || await db.EnterpriseMaterials.AnyAsync(m => m.FileId == fileId, ct)
                ? Permission.FilingView
                : null;
    }

    private sealed class FilingFigures : IOverviewFigures
    {
        /// <summary>The furthest a filing got: approved, then under review, then refused (with the reason), then a draft.</summary>
        public async Task<(IReadOnlyList<OverviewCount> Counts, IReadOnlyList<FlowProgress> Steps)> TenantAsync(KooMessageDb db, UserContext user, CancellationToken ct)
        {
            var best = await db.Enterprises.AsNoTracking()
                .OrderBy(e => e.Status == FilingStatus.Approved ? 0 : e.Status == FilingStatus.Reviewing ? 1 : e.Status == FilingStatus.Rejected ? 2 : 3)
                .ThenByDescending(e => e.UpdatedAt)
                .Select(e => new { e.Status, e.ReviewReason })
                .FirstOrDefaultAsync(ct);
            FlowProgress[] steps = best is null ? [] :
                [new(Route, best.Status == FilingStatus.Approved, $"FilingStatus.{best.Status}", best.Status == FilingStatus.Rejected ? best.ReviewReason : null)];
            return ([new("Overview.Filings", await db.Enterprises.CountAsync(ct), user.Can(Permission.FilingView) ? Route : null)], steps);
        }
    }
}

public static class EnterpriseSets
{
    extension(KooMessageDb db)
    {
        public DbSet<Enterprise> Enterprises => db.Set<Enterprise>();

        public DbSet<EnterpriseMaterial> EnterpriseMaterials => db.Set<EnterpriseMaterial>();
    }
}
