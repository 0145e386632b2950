using KooMessage.Console.Common;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Overview;
using KooMessage.Console.Features.Reviews;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Signatures;

/// <summary>签名管理: signatures, their review steps, and their export to the download center.</summary>
public sealed class SignaturesModule : IConsoleModule
{
    public const string Route = "/sms/signatures";
    public const string AuditType = "signature";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SignatureService>();
        services.AddScoped<IReviewSource, SignatureReviewSource>();
        services.AddScoped<IDemoData, SignatureDemoData>();
        services.AddScoped<IOverviewFigures, SignatureFigures>();
        services.AddSingleton<IFileOwner, SignatureFiles>();
        services.AddSingleton<IExportSource, SignatureExportSource>();
    }

    public IEnumerable<NavItem> NavItems => [new(NavGroups.Sms, "Nav.Signatures", Route, MudBlazor.Icons.Material.Outlined.Draw, Permission.SignatureView, FlowStep: 3)];

    public IEnumerable<string> AuditObjectTypes => [AuditType];

    public IEnumerable<string> ResourceKeys =>
        Enum.GetNames<SignatureStatus>().Select(v => $"SignatureStatus.{v}")
            .Concat(Enum.GetNames<SignatureType>().Select(v => $"SignatureType.{v}"))
            .Concat(Enum.GetValues<SignatureSource>().Select(v => $"SignatureSource.{v}"))
            .Concat(Enum.GetValues<SignatureSource>().Where(SignatureForm.NeedsSourceTitle).Select(v => $"SignatureSource.{v}.Title"))
            .Append($"Review.Kind.{SignatureReviewSource.KindName}");

    /// <summary>A signature's licences and power of attorney are viewed with the signature view permission.</summary>
    private sealed class SignatureFiles : IFileOwner
    {
        public async Task<Permission?> ViewPermissionAsync(KooMessageDb db, Guid fileId, CancellationToken ct) =>
            await db.SignatureFiles.AnyAsync(f => f.FileId == fileId, ct) ? Permission.SignatureView : null;
    }

    private sealed class SignatureFigures : IOverviewFigures
    {
        /// <summary>The furthest a signature got: passed, then waiting at any review step, then refused (with the reason).</summary>
        public async Task<(IReadOnlyList<OverviewCount> Counts, IReadOnlyList<FlowProgress> Steps)> TenantAsync(KooMessageDb db, UserContext user, CancellationToken ct)
        {
            var waiting = SignatureStates.Waiting.ToList();
            var best = await db.Signatures.AsNoTracking()
                .OrderBy(s => s.Status == SignatureStatus.ReviewPassed ? 0 : waiting.Contains(s.Status) ? 1 : s.Status == SignatureStatus.ReviewNotPass ? 2 : 3)
                .ThenByDescending(s => s.UpdatedAt)
                .Select(s => new { s.Status, s.ReviewDesc })
                .FirstOrDefaultAsync(ct);
            FlowProgress[] steps = best is null ? [] :
                [new(Route, best.Status == SignatureStatus.ReviewPassed, $"SignatureStatus.{best.Status}", best.Status == SignatureStatus.ReviewNotPass ? best.ReviewDesc : null)];
            return ([new("Overview.Signatures", await db.Signatures.CountAsync(ct), user.Can(Permission.SignatureView) ? Route : null)], steps);
        }
    }
}

public static class SignatureSets
{
    extension(KooMessageDb db)
    {
        public DbSet<Signature> Signatures => db.Set<Signature>();

        public DbSet<SignatureFile> SignatureFiles => db.Set<SignatureFile>();
    }
}
